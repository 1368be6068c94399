package bot

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/lang"
	"reportbot/rag"
)

// handle routes every update: go-telegram/bot's own matching misses
// commands written /cmd@bot, so the bot does its own.
func (b *Bot) handle(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
	switch {
	case u.Message != nil:
		b.message(ctx, u.Message)
	case u.ChannelPost != nil:
		b.channelPost(ctx, u.ChannelPost)
	case u.CallbackQuery != nil:
		b.callback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		b.inline(ctx, u.InlineQuery)
	case u.MyChatMember != nil:
		b.membership(ctx, u.MyChatMember)
	case u.EditedMessage != nil:
		b.edited(ctx, u.EditedMessage)
	}
}

// edited answers an edited question again, by editing the answer it got.
// Edits of other messages are not for the bot.
func (b *Bot) edited(ctx context.Context, m *models.Message) {
	if _, ok := b.answers.get(m.Chat.ID, m.ID); !ok {
		return
	}
	b.message(ctx, m)
}

// membership greets a group the bot has just been added to, saying how to
// ask it there.
func (b *Bot) membership(ctx context.Context, c *models.ChatMemberUpdated) {
	if c.Chat.Type != models.ChatTypeGroup && c.Chat.Type != models.ChatTypeSupergroup {
		return
	}
	was, now := c.OldChatMember.Type, c.NewChatMember.Type
	joined := (was == models.ChatMemberTypeLeft || was == models.ChatMemberTypeBanned) &&
		(now == models.ChatMemberTypeMember || now == models.ChatMemberTypeAdministrator)
	if !joined {
		return
	}
	l := b.chatLang(ctx, c.Chat, &c.From)
	if code, ok := lang.Parse(c.From.LanguageCode); ok {
		if _, chosen := b.prefs.Lang(ctx, c.Chat.ID); !chosen {
			// Whoever added the bot speaks the group's language more
			// likely than English does.
			l = code
			b.learned.set(c.Chat.ID, l)
		}
	}
	b.reply(ctx, &models.Message{Chat: c.Chat}, renderText(b.msgs.T(l, "GroupHello", b.example(l))), nil)
	b.log.Info("added to a group", "chat", b.hash.id(c.Chat.ID))
}

func (b *Bot) message(ctx context.Context, m *models.Message) {
	if m.ViaBot != nil && strings.EqualFold(m.ViaBot.Username, b.username) {
		// A card someone posted through this bot's inline mode is a
		// quote, not a question.
		return
	}
	if m.Text == "" && m.Caption != "" {
		// A question typed under a photo is a question.
		caption := *m
		caption.Text, caption.Entities = m.Caption, m.CaptionEntities
		m = &caption
	}
	private := m.Chat.Type == models.ChatTypePrivate
	addressed := private || b.repliesToMe(m)
	if cmd, args, ok := b.command(m); ok {
		if b.actionAllowed(ctx, m) {
			b.runCommand(ctx, m, cmd, args)
		}
		return
	}
	if (m.Voice != nil || m.VideoNote != nil) && addressed {
		if b.actionAllowed(ctx, m) {
			b.voice(ctx, m)
		}
		return
	}
	if strings.TrimSpace(m.Text) == "" {
		if addressed && (isMedia(m) || m.Text != "") && b.actionAllowed(ctx, m) {
			l := b.chatLang(ctx, m.Chat, m.From)
			b.reply(ctx, m, renderText(b.msgs.T(l, "NotText", b.example(l))), nil)
		}
		return
	}
	if private || addressed {
		b.answer(ctx, m, m.Text)
		return
	}
	if q, ok := b.mentioned(m); ok {
		if q == "" {
			l := b.chatLang(ctx, m.Chat, m.From)
			b.reply(ctx, m, renderText(b.msgs.T(l, "MentionUsage", b.example(l))), nil)
			return
		}
		b.answer(ctx, m, q)
	}
	// Any other group message is not for the bot.
}

// channelPost handles a post in a channel where the bot is an
// administrator: only /digest, /lang and /forget are for it there.
func (b *Bot) channelPost(ctx context.Context, m *models.Message) {
	if cmd, args, ok := b.command(m); ok && (cmd == "digest" || cmd == "lang" || cmd == "forget") {
		b.runCommand(ctx, m, cmd, args)
	}
}

func isMedia(m *models.Message) bool {
	return m.Sticker != nil || len(m.Photo) > 0 || m.Voice != nil || m.Video != nil ||
		m.Audio != nil || m.Document != nil || m.VideoNote != nil || m.Animation != nil ||
		m.Location != nil || m.Contact != nil || m.Venue != nil || m.Poll != nil || m.Dice != nil
}

// command parses a command at the start of a message: "/ask question" or
// "/ask@ThisBot question". A command for another bot is not one.
func (b *Bot) command(m *models.Message) (cmd, args string, ok bool) {
	if !strings.HasPrefix(m.Text, "/") {
		return "", "", false
	}
	head, rest, _ := strings.Cut(m.Text, " ")
	if nl := strings.IndexByte(head, '\n'); nl >= 0 {
		head, rest = head[:nl], head[nl+1:]+" "+rest
	}
	name, target, addressed := strings.Cut(head[1:], "@")
	if addressed && !strings.EqualFold(target, b.username) {
		return "", "", false
	}
	return strings.ToLower(name), strings.TrimSpace(rest), name != ""
}

// mentioned reports whether a message mentions the bot, and returns the
// message without the mention.
func (b *Bot) mentioned(m *models.Message) (string, bool) {
	units := utf16.Encode([]rune(m.Text))
	for _, e := range m.Entities {
		if e.Type != models.MessageEntityTypeMention || e.Offset < 0 || e.Offset+e.Length > len(units) {
			continue
		}
		name := string(utf16.Decode(units[e.Offset : e.Offset+e.Length]))
		if strings.EqualFold(name, "@"+b.username) {
			rest := string(utf16.Decode(units[:e.Offset])) + " " + string(utf16.Decode(units[e.Offset+e.Length:]))
			return strings.Trim(strings.Join(strings.Fields(rest), " "), " ,:"), true
		}
	}
	return "", false
}

func (b *Bot) repliesToMe(m *models.Message) bool {
	r := m.ReplyToMessage
	return r != nil && r.From != nil && r.From.IsBot && strings.EqualFold(r.From.Username, b.username)
}

// example is what the bot's how-to messages are filled with: an example
// question, the bot's username and the reports it answers from.
func (b *Bot) example(l lang.Language) map[string]any {
	return map[string]any{"Example": b.msgs.T(l, "Example", nil), "Bot": b.username, "Report": b.report.Named(l)}
}

// answer answers a question in the chat of m, with its sources and buttons.
func (b *Bot) answer(ctx context.Context, m *models.Message, question string) {
	start := time.Now()
	user := m.Chat.ID
	if m.From != nil {
		user = m.From.ID
	}
	ui := b.chatLang(ctx, m.Chat, m.From)
	if !b.questionAllowed(ctx, m, user, ui) {
		return
	}
	b.answerAllowed(ctx, m, question, user, ui, start)
}

// questionAllowed reports whether the user may ask another question now,
// and tells them when not (once per window: more would be noise).
func (b *Bot) questionAllowed(ctx context.Context, m *models.Message, user int64, ui lang.Language) bool {
	ok, wait, notify := b.limit.Allow(user)
	if ok {
		return true
	}
	if notify {
		minutes := int(wait.Minutes()) + 1
		b.reply(ctx, m, renderText(b.msgs.T(ui, "RateLimited", map[string]any{"Minutes": minutes})), nil)
	}
	b.log.Info("rate limited", "user", b.hash.id(user), "notified", notify)
	return false
}

// answerAllowed answers a question that user may ask (see
// questionAllowed) in the chat's language ui, started at start.
func (b *Bot) answerAllowed(ctx context.Context, m *models.Message, question string, user int64, ui lang.Language, start time.Time) {
	// A model's answer is streamed while it is written, with "typing…"
	// until it starts; an offline answer takes under a millisecond, and
	// either would only slow it.
	var st *stream
	var draft rag.Draft
	if b.engine.HasModel() {
		st = b.newStream(ctx, m)
		draft = st.update
	}

	repliedTo := ""
	if b.repliesToMe(m) {
		repliedTo = m.ReplyToMessage.Text
	}
	actx, done := b.modelContext(ctx)
	a, err := b.engine.AskStream(actx, conversationKey(m), question, repliedTo, ui, draft)
	done()
	if err != nil {
		b.log.Error("answer failed", "chat", b.hash.id(m.Chat.ID), "error", err.Error())
		if st != nil {
			st.finish(renderText(b.msgs.T(ui, "Failed", nil)), nil)
		} else {
			b.reply(ctx, m, renderText(b.msgs.T(ui, "Failed", nil)), nil)
		}
		return
	}
	if b.metrics != nil {
		b.metrics.Question(a.Language, a.Mode, a.Found, time.Since(start))
	}
	if a.Detected && !a.SmallTalk {
		// A group's language is the group's: the one it was greeted in,
		// or its first question's, not flipped by one member's question
		// in another.
		if _, known := b.learned.get(m.Chat.ID); !known || m.Chat.Type == models.ChatTypePrivate {
			b.learned.set(m.Chat.ID, lang.Language(a.Language))
		}
	}
	if a.SmallTalk && m.Chat.Type != models.ChatTypePrivate {
		// Thanks in a group are for the people in it, not a question.
		if st != nil {
			st.stop()
		}
		return
	}
	l := lang.Language(a.Language)
	var kb models.ReplyMarkup
	if a.Found && len(a.Citations) > 0 {
		kb = b.keyboard(l, a, translated(a.Citations))
	}
	r := renderAnswer(a, b.msgs, l, b.named())
	var sent int
	if prev, ok := b.answers.get(m.Chat.ID, m.ID); ok && len(r.html) == 1 {
		// An edited question: its answer is edited to match, and starts
		// with no votes, as its buttons do.
		b.ballots.forgetAnswer(m.Chat.ID, prev)
		if b.store != nil {
			if err := b.store.DropBallots(ctx, m.Chat.ID, prev); err != nil {
				b.log.Error("dropping the votes of an edited answer failed", "error", err.Error())
			}
		}
		sent, err = b.editAnswer(ctx, m.Chat.ID, prev, r, kb)
	} else if st != nil {
		sent, err = st.finish(r, kb)
		calls, firstText := st.stats(start)
		b.log.Info("streamed", "chat", b.hash.id(m.Chat.ID), "calls", calls, "first_text_ms", firstText.Milliseconds())
	} else {
		sent, err = b.reply(ctx, m, r, kb)
	}
	if err == nil && len(r.html) == 1 {
		b.answers.set(m.Chat.ID, m.ID, sent)
	}
	b.log.Info("answered",
		"chat", b.hash.id(m.Chat.ID), "user", b.hash.id(user), "chat_type", string(m.Chat.Type),
		"lang", a.Language, "mode", a.Mode, "found", a.Found, "citations", len(a.Citations), "related", len(a.Related),
		"ms", time.Since(start).Milliseconds(), "sent", err == nil)
}

// conversationKey keeps follow-ups apart per chat, per topic in forum
// groups and, in groups, per person: one member's "and his sentence?" is
// about their own last question, not another member's. It lives only in
// the engine's memory.
func conversationKey(m *models.Message) string {
	key := strconv.FormatInt(m.Chat.ID, 10) + "/" + strconv.Itoa(m.MessageThreadID)
	if m.Chat.Type != models.ChatTypePrivate && m.From != nil {
		key += "/" + strconv.FormatInt(m.From.ID, 10)
	}
	return key
}

// keyboard is the buttons under an answer: the English originals, a
// share button, a vote on the cited passages, and more paragraphs of the
// sections it cites. Button data carries the
// passages' ordinals, which fit Telegram's 64 bytes where ids would not.
func (b *Bot) keyboard(l lang.Language, a rag.Answer, original bool) models.ReplyMarkup {
	var ords []int
	for _, c := range a.Citations {
		if n := b.report.Ordinal(c.ID); n >= 0 {
			ords = append(ords, n)
		}
	}
	data := ordinals(ords)
	var first []models.InlineKeyboardButton
	if original {
		first = append(first, models.InlineKeyboardButton{Text: b.msgs.T(l, "ButtonOriginal", nil), CallbackData: cbOriginal + data})
	}
	if link, ok := b.shareLink(a); ok {
		first = append(first, models.InlineKeyboardButton{Text: b.msgs.T(l, "ButtonShare", nil), URL: link})
	}
	rows := [][]models.InlineKeyboardButton{
		{{Text: "👍", CallbackData: cbUp + data}, {Text: "👎", CallbackData: cbDown + data}},
	}
	if len(first) > 0 {
		rows = append([][]models.InlineKeyboardButton{first}, rows...)
	}
	rows = append(rows, b.nextButtons(l, a)...)
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// shareText bounds the text a share link proposes: the lead, shortened.
const shareText = 200

// shareLink is Telegram's share dialog for an answer: the person picks a
// chat, and it gets the answer's lead with a link that opens its first
// source in the bot, where it can be checked.
func (b *Bot) shareLink(a rag.Answer) (string, bool) {
	if len(a.Citations) == 0 || b.username == "" {
		return "", false
	}
	lead, _ := leadOf(a.Answer)
	lead = strings.TrimSpace(marker.ReplaceAllString(lead, ""))
	if r := []rune(lead); len(r) > shareText {
		lead = strings.TrimSpace(string(r[:shareText])) + "…"
	}
	deep := "https://t.me/" + b.username + "?start=" + a.Citations[0].ID
	return "https://t.me/share/url?url=" + url.QueryEscape(deep) + "&text=" + url.QueryEscape(lead), true
}

// translated reports whether a citation quotes a translation, whose
// English original a reader may want: under an English answer the button
// would repeat the answer.
func translated(cits []rag.Citation) bool {
	for _, c := range cits {
		if c.Text != c.Original {
			return true
		}
	}
	return false
}

// routeTaps registers a handler for each kind of button (see
// callbacks.go); a tap on anything else is answered as expired by callback.
func (b *Bot) routeTaps() {
	taps := map[string]func(context.Context, *models.CallbackQuery, *models.Message, lang.Language, string){
		cbThemes:   b.themesButton,
		cbOriginal: b.originalButton,
		cbNext:     b.nextButton,
		cbLang:     b.langButton,
		cbUp: func(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, p string) {
			b.voteButton(ctx, q, m, l, p, true)
		},
		cbDown: func(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, p string) {
			b.voteButton(ctx, q, m, l, p, false)
		},
	}
	if b.store != nil {
		taps[cbDigest] = b.digestButton
	}
	for prefix, h := range taps {
		b.tg.RegisterHandler(tgbot.HandlerTypeCallbackQueryData, prefix, tgbot.MatchTypePrefix, b.tap(prefix, h))
	}
}

// tap adapts a button handler: it gets the tap, the message under which
// the button is, the chat's language and the data after the prefix. A tap
// on a message too old for Telegram to include is answered as expired.
func (b *Bot) tap(prefix string, h func(context.Context, *models.CallbackQuery, *models.Message, lang.Language, string)) tgbot.HandlerFunc {
	return func(ctx context.Context, _ *tgbot.Bot, u *models.Update) {
		q := u.CallbackQuery
		m := q.Message.Message
		if m == nil {
			b.callback(ctx, q)
			return
		}
		h(ctx, q, m, b.chatLang(ctx, m.Chat, &q.From), strings.TrimPrefix(q.Data, prefix))
	}
}

// callback answers a tap that no button handler takes: a button of a kind
// this bot no longer has, or under a message too old to edit.
func (b *Bot) callback(ctx context.Context, q *models.CallbackQuery) {
	l := userLang(&q.From)
	if m := q.Message.Message; m != nil {
		l = b.chatLang(ctx, m.Chat, &q.From)
	}
	b.answerTap(ctx, q, b.msgs.T(l, "FeedbackExpired", nil))
}

// answerTap answers a tap, with a short text or none.
func (b *Bot) answerTap(ctx context.Context, q *models.CallbackQuery, text string) {
	answer := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: text}
	b.retry(ctx, func() error { _, err := b.tg.AnswerCallbackQuery(ctx, answer); return err })
}

// originalButton posts, once, the English originals of the passages an
// answer cites, and removes its button.
func (b *Bot) originalButton(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, payload string) {
	ids := b.citations(payload)
	if len(ids) == 0 {
		b.answerTap(ctx, q, b.msgs.T(l, "FeedbackExpired", nil))
		return
	}
	b.answerTap(ctx, q, "")
	if !b.originalsShown.first(m.Chat.ID, m.ID, payload) {
		return
	}
	if _, err := b.reply(ctx, m, b.originals(ids), nil); err == nil {
		// Shown once: the button goes, so that taps do not post copies.
		b.dropButton(ctx, m, cbOriginal)
	}
	b.log.Info("originals shown", "chat", b.hash.id(m.Chat.ID), "citations", len(ids))
}

// voteButton applies a 👍 (up) or 👎 under an answer.
func (b *Bot) voteButton(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, payload string, up bool) {
	ids := b.citations(payload)
	if len(ids) == 0 {
		b.answerTap(ctx, q, b.msgs.T(l, "FeedbackExpired", nil))
		return
	}
	b.answerTap(ctx, q, b.msgs.T(l, b.vote(ctx, q, m, up, ids), nil))
}

// originals renders the English paragraphs of citations.
func (b *Bot) originals(ids []string) rendered {
	a := rag.Answer{Answer: b.msgs.T(lang.English, "OriginalHeading", nil)}
	for i, id := range ids {
		p, ok := b.report.Passage(id, lang.English)
		if !ok {
			continue
		}
		a.Citations = append(a.Citations, rag.CitationOf(i+1, p))
	}
	return renderAnswer(a, b.msgs, lang.English, b.named())
}

// modelContext returns ctx ended also when a stop begins, for the engine: a
// model's answer is given up then, and the offline answer, which takes
// under a millisecond, is sent instead. Sends keep ctx. Call done once the
// engine has answered.
func (b *Bot) modelContext(ctx context.Context) (actx context.Context, done func()) {
	if b.models == nil {
		return ctx, func() {}
	}
	actx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(b.models, cancel)
	return actx, func() { stop(); cancel() }
}
