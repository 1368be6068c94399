package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
	"reportbot/store"
)

// runCommand answers /start, /help, /lang, /themes, /source, /privacy and
// /ask. An unknown command gets the help text in a private chat and nothing
// in a group, where it may be meant for another bot.
func (b *Bot) runCommand(ctx context.Context, m *models.Message, cmd, args string) {
	l := b.chatLang(ctx, m.Chat, m.From)
	say := func(key string, data map[string]any) {
		b.reply(ctx, m, renderText(b.msgs.T(l, key, data)), nil)
	}
	b.log.Info("command", "chat", b.hash.id(m.Chat.ID), "command", cmd)
	switch cmd {
	case "start":
		if args != "" && args != startAsk {
			// A deep link t.me/<bot>?start=<citation id> opens a passage.
			b.source(ctx, m, l, args)
			return
		}
		say("Start", b.example(l))
	case "help":
		say("Help", b.example(l))
	case "privacy":
		say("Privacy", nil)
	case "ask":
		if args == "" {
			say("AskUsage", b.example(l))
			return
		}
		b.answer(ctx, m, args)
	case "lang":
		chosen, ok := lang.Parse(args)
		if !ok || strings.Contains(args, " ") {
			// No language, or one the bot does not speak: the three
			// as buttons.
			b.reply(ctx, m, renderText(b.msgs.T(l, "LangUsage", nil)), langKeyboard())
			return
		}
		if !b.mayChange(ctx, m.Chat, m.From, m.SenderChat) {
			say("GroupAdminsOnly", nil)
			return
		}
		if !b.setLang(ctx, m.Chat.ID, chosen) {
			say("Failed", nil)
			return
		}
		l = chosen
		say("LangSet", nil)
	case "forget":
		if !b.mayChange(ctx, m.Chat, m.From, m.SenderChat) {
			say("GroupAdminsOnly", nil)
			return
		}
		b.forget(ctx, m, l)
	case "themes":
		text, kb := b.themesList(l)
		b.reply(ctx, m, rendered{html: []string{text}, plain: []string{b.msgs.T(l, "ThemesHeading", nil)}}, kb)
	case "source":
		b.source(ctx, m, l, args)
	case "digest":
		if b.store == nil {
			say("Help", b.example(l))
			return
		}
		b.digestCommand(ctx, m, l, args)
	default:
		if m.Chat.Type == models.ChatTypePrivate {
			say("Help", b.example(l))
		}
	}
}

// themes lists the report's sections, each with the command that shows its

// source shows a whole passage in the chat's language, with its link, and
// the English original under a translation.
func (b *Bot) source(ctx context.Context, m *models.Message, l lang.Language, id string) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" || strings.ContainsAny(id, " \n") {
		b.reply(ctx, m, renderText(b.msgs.T(l, "SourceUsage", nil)), nil)
		return
	}
	p, ok := b.report.Passage(id, l)
	if !ok {
		if r := []rune(id); len(r) > 64 {
			// Cut between characters, not through one.
			id = string(r[:64]) + "…"
		}
		b.reply(ctx, m, renderText(b.msgs.T(l, "SourceUnknown", map[string]any{"ID": id})), nil)
		return
	}
	b.reply(ctx, m, renderPassage(p, b.msgs, l, b.named()), nil)
}

// forget deletes everything kept about a chat (its language, digest
// subscription and delivery record, conversation memory, learned language,
// the ids of answers kept for edits) and says what was deleted. People at
// risk need to be able to leave no trace.
func (b *Bot) forget(ctx context.Context, m *models.Message, l lang.Language) {
	chat := m.Chat.ID
	// A digest excerpt on its way must not arrive after the confirmation.
	b.sends.forget(chat)
	var f store.Forgotten
	var err error
	if b.store != nil {
		f, err = b.store.ForgetChat(ctx, chat)
	}
	if err == nil {
		var had bool
		had, err = b.prefs.Forget(ctx, chat)
		f.Lang = f.Lang || had
	}
	if err != nil {
		b.log.Error("forgetting a chat failed", "chat", b.hash.id(chat), "error", err.Error())
		b.reply(ctx, m, renderText(b.msgs.T(l, "Failed", nil)), nil)
		return
	}
	conversations := b.engine.Forget(strconv.FormatInt(chat, 10) + "/")
	b.learned.forget(chat)
	b.answers.forget(chat)
	b.ballots.forgetChat(chat)
	b.log.Info("chat forgotten", "chat", b.hash.id(chat))
	b.reply(ctx, m, renderText(b.msgs.T(l, "Forgotten", map[string]any{
		"Lang": f.Lang, "Subscription": f.Subscription, "Deliveries": f.Deliveries,
		"Conversations": conversations,
	})), nil)
}

// setLang keeps the language chosen for a chat, and reports whether it
// could.
func (b *Bot) setLang(ctx context.Context, chat int64, l lang.Language) bool {
	if err := b.prefs.SetLang(ctx, chat, l); err != nil {
		b.log.Error("saving language failed", "chat", b.hash.id(chat), "error", err.Error())
		return false
	}
	return true
}

// langNames are the languages as their speakers name them, for buttons.
var langNames = map[lang.Language]string{lang.English: "English", lang.Russian: "Русский", lang.Kazakh: "Қазақша"}

// langKeyboard offers the three languages as buttons (see langButton).
func langKeyboard() models.ReplyMarkup {
	var row []models.InlineKeyboardButton
	for _, l := range lang.All {
		row = append(row, models.InlineKeyboardButton{Text: langNames[l], CallbackData: cbLang + string(l)})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}
}

// langButton sets the chat's language from a /lang button, as /lang does,
// and replaces the buttons with the confirmation in that language.
func (b *Bot) langButton(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, payload string) {
	chosen, ok := lang.Parse(payload)
	switch {
	case !ok:
		b.answerTap(ctx, q, b.msgs.T(l, "FeedbackExpired", nil))
		return
	case !b.mayChange(ctx, m.Chat, &q.From, nil):
		b.answerTap(ctx, q, b.msgs.T(l, "GroupAdminsOnly", nil))
		return
	case !b.setLang(ctx, m.Chat.ID, chosen):
		b.answerTap(ctx, q, b.msgs.T(l, "Failed", nil))
		return
	}
	b.answerTap(ctx, q, "")
	if _, err := b.editAnswer(ctx, m.Chat.ID, m.ID, renderText(b.msgs.T(chosen, "LangSet", nil)), nil); err != nil {
		b.log.Warn("language confirmation not shown", "chat", b.hash.id(m.Chat.ID))
	}
}
