package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/digest"
	"reportbot/lang"
	"reportbot/rag"
	"reportbot/store"
)

// SendExcerpt implements digest.Sender: it posts a day's excerpt with its
// citation, link and a button for the English original, and tells the
// digest what Telegram answered.
func (b *poster) SendExcerpt(ctx context.Context, chatID int64, e digest.Excerpt) (int, error) {
	ctx, end, ok := b.sends.begin(ctx, chatID)
	defer end()
	if !ok || b.forgottenElsewhere(ctx, chatID) {
		// The chat has just asked to be forgotten: as good as gone.
		return 0, digest.ErrBlocked
	}
	var kb models.ReplyMarkup
	if n := b.report.Ordinal(e.Passage.ID); n >= 0 && e.Passage.Lang != e.Passage.OriginalLang {
		kb = &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: b.msgs.T(e.Lang, "ButtonOriginal", nil), CallbackData: cbOriginal + ordinals([]int{n})}},
		}}
	}
	// The digest retries on its own schedule (a 429 reschedules the chat),
	// so a send here is one attempt, with the fallbacks every message gets.
	send := func(ctx context.Context, p *tgbot.SendMessageParams) (*models.Message, error) {
		return b.tg.SendMessage(ctx, p)
	}
	r := renderExcerpt(e, b.msgs, b.username, b.named())
	from := min(e.FromPart, len(r.html))
	r = rendered{html: r.html[from:], plain: r.plain[from:]}
	last, sent, err := b.sendParts(ctx, target{chat: chatID}, r, kb, send)
	if err != nil && from+sent > 0 {
		return last, &digest.PartsSent{N: from + sent, Err: digestError(err)}
	}
	if err != nil {
		return last, digestError(err)
	}
	b.log.Info("digest sent", "chat", b.hash.id(chatID), "lang", string(e.Lang))
	return last, nil
}

// forgottenElsewhere reports whether the chat was forgotten through another
// machine within forgetQuiet: that machine cannot call back a send made
// here.
func (b *poster) forgottenElsewhere(ctx context.Context, chat int64) bool {
	if b.marks == nil {
		return false
	}
	at, ok, err := b.marks.ForgottenAt(ctx, chat)
	if err != nil {
		b.log.Error("reading the forget mark failed", "error", err.Error())
		return false
	}
	return ok && time.Since(at) < forgetQuiet
}

// digestError translates Telegram's answer for the digest.
func digestError(err error) error {
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		return &digest.RetryAfterError{After: time.Duration(max(tooMany.RetryAfter, 1)) * time.Second}
	case errors.As(err, &migrate):
		return &digest.MigratedError{To: int64(migrate.MigrateToChatID)}
	case errors.Is(err, tgbot.ErrorForbidden):
		return digest.ErrBlocked
	case errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "chat not found"):
		return digest.ErrGone
	}
	return err
}

// digestCommand shows or changes a chat's subscription. Anyone may look; in
// groups only administrators may change it.
func (b *Bot) digestCommand(ctx context.Context, m *models.Message, l lang.Language, args string) {
	st := b.store
	sub, subscribed, err := st.Subscription(ctx, m.Chat.ID)
	if err != nil {
		b.log.Error("reading subscription failed", "error", err.Error())
		b.reply(ctx, m, renderText(b.msgs.T(l, "Failed", nil)), nil)
		return
	}
	fields := strings.Fields(args)
	if len(fields) == 0 {
		b.reply(ctx, m, b.digestStatus(l, sub, subscribed), b.digestKeyboard(l, sub, subscribed))
		return
	}
	if !b.mayChange(ctx, m.Chat, m.From, m.SenderChat) {
		b.reply(ctx, m, renderText(b.msgs.T(l, "GroupAdminsOnly", nil)), nil)
		return
	}
	if !subscribed {
		sub = b.newSubscription(m.Chat.ID, b.digestLang(ctx, m.Chat, m.From))
	}
	say := func(key string, data map[string]any) { b.reply(ctx, m, renderText(b.msgs.T(l, key, data)), nil) }
	value := strings.Join(fields[1:], " ")
	switch strings.ToLower(fields[0]) {
	case "off", "stop":
		if err := st.Unsubscribe(ctx, m.Chat.ID); err != nil {
			say("Failed", nil)
			return
		}
		say("DigestUnsubscribed", nil)
		return
	case "on", "start":
	case "hour", "time":
		h, ok := parseHour(value)
		if !ok {
			say("DigestBadHour", nil)
			return
		}
		sub.Hour = h
	case "tz", "zone", "timezone":
		if _, err := time.LoadLocation(value); err != nil || value == "" || strings.EqualFold(value, "local") {
			say("DigestBadTZ", map[string]any{"TZ": value})
			return
		}
		sub.TZ = value
	case "lang", "language":
		nl, ok := lang.Parse(value)
		if !ok || len(fields) != 2 {
			say("DigestBadLang", nil)
			return
		}
		sub.Lang = string(nl)
	case "themes", "theme":
		themes, bad := b.parseThemes(fields[1:])
		if bad != "" || len(fields) == 1 {
			say("DigestBadTheme", map[string]any{"Theme": bad, "Themes": strings.Join(b.themeIDs(), ", ")})
			return
		}
		sub.Themes = themes
	default:
		b.reply(ctx, m, renderText(b.msgs.T(l, "DigestHelp", nil)), nil)
		return
	}
	if err := st.SaveSubscription(ctx, sub); err != nil {
		b.log.Error("saving subscription failed", "error", err.Error())
		say("Failed", nil)
		return
	}
	b.log.Info("digest settings changed", "chat", b.hash.id(m.Chat.ID), "setting", strings.ToLower(fields[0]))
	b.reply(ctx, m, b.digestStatus(l, sub, true), b.digestKeyboard(l, sub, true))
}

// digestLang is the language a new subscription starts in: the chat's
// chosen with /lang; else, in a private chat, the person's Telegram
// language, not the last question's (one English question does not make a
// Russian reader's digest English); else the chat's. Later only the
// digest's own button or /digest lang changes it.
func (b *Bot) digestLang(ctx context.Context, chat models.Chat, from *models.User) lang.Language {
	if l, ok := b.prefs.Lang(ctx, chat.ID); ok {
		return l
	}
	if chat.Type == models.ChatTypePrivate && from != nil {
		if l, ok := lang.Parse(from.LanguageCode); ok {
			return l
		}
	}
	return b.chatLang(ctx, chat, from)
}

func (b *Bot) newSubscription(chatID int64, l lang.Language) store.Subscription {
	return store.Subscription{ChatID: chatID, Hour: digest.DefaultHour, TZ: digest.DefaultTZ, Lang: string(l)}
}

// parseHour reads "8", "08" or "8:00".
func parseHour(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ":00")
	h, err := strconv.Atoi(s)
	return h, err == nil && h >= 0 && h <= 23
}

// themeTitle is a section's title as a digest theme: with several
// reports, followed by the years its report covers ("Torture · 2017").
func (b *Bot) themeTitle(s rag.Section) string {
	if !b.named() {
		return s.Title
	}
	for _, r := range b.report.Reports() {
		if r.ID == s.Doc && len(r.Events) > 0 {
			return s.Title + " · " + strconv.Itoa(r.Events[len(r.Events)-1])
		}
	}
	return s.Title
}

// names reports whether a name a subscription keeps names section s: its
// theme, "doc/id", or a bare id, which kept from before the corpus had
// several reports names that theme in each.
func names(name string, s rag.Section) bool {
	return name == s.ID || name == s.Doc+"/"+s.ID
}

// follows reports whether a subscription's themes include section s.
func (b *Bot) follows(themes []string, s rag.Section) bool {
	return slices.ContainsFunc(themes, func(n string) bool { return names(n, s) })
}

// toggleTheme adds section s to a subscription's themes, or takes it out:
// a bare id that named it in several reports keeps naming the others,
// each by its own theme.
func (b *Bot) toggleTheme(themes []string, s rag.Section) []string {
	if !b.follows(themes, s) {
		return append(slices.Clone(themes), b.report.Theme(s))
	}
	var out []string
	for _, n := range themes {
		if !names(n, s) {
			out = append(out, n)
			continue
		}
		for _, o := range b.report.Sections(lang.English) {
			if o.Doc != s.Doc && names(n, o) && !slices.Contains(out, b.report.Theme(o)) {
				out = append(out, b.report.Theme(o))
			}
		}
	}
	return out
}

// parseThemes reads theme ids ("all" for every theme); bad is the first
// word that is no theme.
func (b *Bot) parseThemes(words []string) (themes []string, bad string) {
	known := map[string]bool{}
	for _, id := range b.themeIDs() {
		known[id] = true
	}
	for _, s := range b.report.Sections(lang.English) {
		// A bare id is the theme in every report that has it.
		known[s.ID], known[s.Doc+"/"+s.ID] = true, true
	}
	for _, w := range words {
		w = strings.ToLower(strings.Trim(w, ","))
		switch {
		case w == "all":
			return nil, ""
		case known[w]:
			if !slices.Contains(themes, w) {
				themes = append(themes, w)
			}
		default:
			if utf8.RuneCountInString(w) > 40 {
				// Cut between characters: a cut through one is not UTF-8,
				// which Telegram refuses.
				w = string([]rune(w)[:40]) + "…"
			}
			return nil, w
		}
	}
	return themes, ""
}

func (b *Bot) themeIDs() []string {
	var ids []string
	for _, s := range b.report.Sections(lang.English) {
		ids = append(ids, b.report.Theme(s))
	}
	return ids
}

// mayChange reports whether the sender may change a chat's settings: anyone
// in a private chat; elsewhere only the chat's owner and administrators.
// A message whose sender_chat is the chat itself was sent as the chat, which
// only its administrators can do: a channel post, or an anonymous
// administrator in a group. Anyone else, and anyone who taps a button
// (Telegram names the real user there), is checked with getChatMember, so a
// channel's subscriber cannot change the channel's digest. On doubt (the
// check fails) the answer is no.
func (b *Bot) mayChange(ctx context.Context, chat models.Chat, from *models.User, senderChat *models.Chat) bool {
	switch {
	case chat.Type == models.ChatTypePrivate:
		return true
	case senderChat != nil:
		// A user posting as one of their own channels, or a linked
		// channel's automatic forward, is not an administrator here.
		return senderChat.ID == chat.ID
	case from == nil:
		return false
	}
	var member *models.ChatMember
	err := b.retry(ctx, func() error {
		var err error
		member, err = b.tg.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chat.ID, UserID: from.ID})
		return err
	})
	if err != nil {
		b.log.Warn("admin check failed", "chat", b.hash.id(chat.ID), "error", redact(err.Error(), b.cfg.Token))
		return false
	}
	return member.Type == models.ChatMemberTypeOwner || member.Type == models.ChatMemberTypeAdministrator
}

// digestStatus describes a subscription.
func (b *Bot) digestStatus(l lang.Language, sub store.Subscription, on bool) rendered {
	if !on {
		return renderText(b.msgs.T(l, "DigestOff", nil))
	}
	themes := b.msgs.T(l, "DigestAllThemes", nil)
	if len(sub.Themes) > 0 {
		var titles []string
		for _, s := range b.report.Sections(l) {
			if b.follows(sub.Themes, s) {
				titles = append(titles, b.themeTitle(s))
			}
		}
		themes = strings.Join(titles, ", ")
	}
	sl, _ := lang.Parse(sub.Lang)
	status := b.msgs.T(l, "DigestOn", map[string]any{
		"Time": fmt.Sprintf("%02d:00", sub.Hour), "TZ": sub.TZ, "Lang": b.msgs.T(sl, "LanguageName", nil), "Themes": themes,
	})
	help := b.msgs.T(l, "DigestHelp", nil) + "\n\n" + b.msgs.T(l, "DigestThemeIDs", map[string]any{"Themes": strings.Join(b.themeIDs(), ", ")})
	return renderText(status + "\n\n" + help)
}

// digestKeyboard has a toggle per theme, the hour (earlier, later), the
// language, "all themes", and subscribe or unsubscribe. The time zone is
// set with /digest tz: there are too many for buttons.
func (b *Bot) digestKeyboard(l lang.Language, sub store.Subscription, on bool) models.ReplyMarkup {
	if !on {
		return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: b.msgs.T(l, "DigestButtonOn", nil), CallbackData: cbDigest + "on"}},
		}}
	}
	var rows [][]models.InlineKeyboardButton
	var row []models.InlineKeyboardButton
	for i, s := range b.report.Sections(l) {
		mark := "▫️ "
		if b.follows(sub.Themes, s) {
			mark = "✅ "
		}
		row = append(row, models.InlineKeyboardButton{Text: mark + b.themeTitle(s), CallbackData: cbDigest + "t:" + strconv.Itoa(i)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	hour := fmt.Sprintf("%02d:00", sub.Hour)
	rows = append(rows, []models.InlineKeyboardButton{
		{Text: "◀ " + fmt.Sprintf("%02d:00", (sub.Hour+23)%24), CallbackData: cbDigest + "h:-"},
		{Text: "🕘 " + hour + " " + sub.TZ, CallbackData: cbDigest + "h:0"},
		{Text: fmt.Sprintf("%02d:00", (sub.Hour+1)%24) + " ▶", CallbackData: cbDigest + "h:+"},
	})
	var langs []models.InlineKeyboardButton
	for _, code := range lang.All {
		mark := ""
		if string(code) == sub.Lang {
			mark = "✅ "
		}
		langs = append(langs, models.InlineKeyboardButton{Text: mark + b.msgs.T(code, "LanguageName", nil), CallbackData: cbDigest + "l:" + string(code)})
	}
	rows = append(rows, langs)
	all := b.msgs.T(l, "DigestButtonAll", nil)
	if len(sub.Themes) == 0 {
		all = "✅ " + all
	}
	rows = append(rows, []models.InlineKeyboardButton{
		{Text: all, CallbackData: cbDigest + "all"},
		{Text: b.msgs.T(l, "DigestButtonOff", nil), CallbackData: cbDigest + "off"},
	})
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// digestButton applies a press on the /digest keyboard and redraws it.
func (b *Bot) digestButton(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, data string) {
	answer := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID}
	defer func() {
		b.retry(ctx, func() error { _, err := b.tg.AnswerCallbackQuery(ctx, answer); return err })
	}()
	if !b.mayChange(ctx, m.Chat, &q.From, nil) {
		answer.Text = b.msgs.T(l, "GroupAdminsOnly", nil)
		return
	}
	st := b.store
	sub, on, err := st.Subscription(ctx, m.Chat.ID)
	if err != nil {
		answer.Text = b.msgs.T(l, "Failed", nil)
		return
	}
	if !on {
		sub = b.newSubscription(m.Chat.ID, b.digestLang(ctx, m.Chat, &q.From))
	}
	before, wasOn := sub, on
	before.Themes = slices.Clone(sub.Themes)
	switch {
	case data == "off":
		err = st.Unsubscribe(ctx, m.Chat.ID)
		on = false
	case data == "on":
		err, on = st.SaveSubscription(ctx, sub), true
	case data == "all":
		sub.Themes = nil
		err, on = st.SaveSubscription(ctx, sub), true
	case strings.HasPrefix(data, "h:"):
		switch data {
		case "h:-":
			sub.Hour = (sub.Hour + 23) % 24
		case "h:+":
			sub.Hour = (sub.Hour + 1) % 24
		}
		err, on = st.SaveSubscription(ctx, sub), true
	case strings.HasPrefix(data, "l:"):
		nl, ok := lang.Parse(strings.TrimPrefix(data, "l:"))
		if !ok {
			answer.Text = b.msgs.T(l, "FeedbackExpired", nil)
			return
		}
		sub.Lang = string(nl)
		err, on = st.SaveSubscription(ctx, sub), true
	case strings.HasPrefix(data, "t:"):
		i, convErr := strconv.Atoi(strings.TrimPrefix(data, "t:"))
		secs := b.report.Sections(lang.English)
		if convErr != nil || i < 0 || i >= len(secs) {
			answer.Text = b.msgs.T(l, "FeedbackExpired", nil)
			return
		}
		sub.Themes = b.toggleTheme(sub.Themes, secs[i])
		err, on = st.SaveSubscription(ctx, sub), true
	default:
		answer.Text = b.msgs.T(l, "FeedbackExpired", nil)
		return
	}
	if err != nil {
		b.log.Error("saving subscription failed", "error", err.Error())
		answer.Text = b.msgs.T(l, "Failed", nil)
		return
	}
	if on == wasOn && slices.Equal(sub.Themes, before.Themes) && sub.Hour == before.Hour && sub.Lang == before.Lang && sub.TZ == before.TZ {
		// Nothing changed ("on" when on, the hour label): no "Saved."
		return
	}
	answer.Text = b.msgs.T(l, "DigestSaved", nil)
	r := b.digestStatus(l, sub, on)
	_, err = b.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
		ChatID: m.Chat.ID, MessageID: m.ID, Text: r.html[0], ParseMode: models.ParseModeHTML,
		ReplyMarkup: strict(b.digestKeyboard(l, sub, on)),
	})
	if err != nil {
		b.log.Warn("digest keyboard not redrawn", "error", redact(err.Error(), b.cfg.Token))
	}
}
