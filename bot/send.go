package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/digest"
)

// Retry bounds: go-telegram/bot retries nothing. A 429 is retried after the
// retry_after Telegram asks for; a 5xx or a network error after a backoff
// that doubles from firstBackoff. Neither more than maxRetries times, and
// no wait longer than maxRetryAfter.
const (
	maxRetries    = 3
	maxRetryAfter = 60 * time.Second
	firstBackoff  = time.Second
)

// retry calls f again after each 429, 5xx or network error, as above,
// until it succeeds, fails otherwise, or the retries or ctx run out.
func (b *poster) retry(ctx context.Context, f func() error) error {
	backoff := firstBackoff
	for attempt := 0; ; attempt++ {
		err := f()
		if err == nil || attempt >= maxRetries || ctx.Err() != nil {
			return err
		}
		var tooMany *tgbot.TooManyRequestsError
		var wait time.Duration
		switch {
		case errors.As(err, &tooMany):
			wait = time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			if wait > maxRetryAfter {
				return err
			}
			b.log.Info("telegram asked to slow down", "retry_after_s", tooMany.RetryAfter)
		case transient(err):
			wait, backoff = backoff, 2*backoff
			b.log.Info("telegram unreachable or failing; retrying", "wait_ms", wait.Milliseconds(), "error", redact(err.Error(), b.cfg.Token))
		default:
			return err
		}
		// Another chat runs while this one waits.
		resume := pauseSlot(ctx)
		err = (digest.RealClock{}).Sleep(ctx, wait)
		resume()
		if err != nil {
			return err
		}
	}
}

// transient reports whether an error from the Bot API may pass on its own:
// a network error or a 5xx, not an answer about the request itself.
func transient(err error) bool {
	for _, final := range []error{tgbot.ErrorForbidden, tgbot.ErrorBadRequest, tgbot.ErrorUnauthorized, tgbot.ErrorNotFound, tgbot.ErrorConflict} {
		if errors.Is(err, final) {
			return false
		}
	}
	var migrate *tgbot.MigrateError
	return !errors.As(err, &migrate) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func isParseError(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "can't parse entities")
}

// reply sends a rendered reply to the chat of m, in order, part by part: in
// groups the first part replies to m. The keyboard goes under the last part.
// A part Telegram refuses is sent again as it may still go: as plain text
// (links written out) when it cannot parse the HTML, without the keyboard
// when it refuses anything else. A reply that still cannot be sent is
// logged and, unless the chat is gone, replaced by a short notice: no
// answer is dropped without a word. It returns the id of the last message
// sent.
func (b *Bot) reply(ctx context.Context, m *models.Message, r rendered, kb models.ReplyMarkup) (int, error) {
	to := target{chat: m.Chat.ID, thread: m.MessageThreadID}
	if m.Chat.Type != models.ChatTypePrivate && m.ID != 0 {
		to.replyTo = m.ID
	}
	last, _, err := b.sendParts(ctx, to, r, kb, b.send)
	if err != nil {
		b.logSendError(m.Chat.ID, err)
		b.notifyLost(ctx, m, err)
	}
	return last, err
}

// target is where a reply goes: a chat, a forum topic in it, and in groups
// the message the first part replies to.
type target struct {
	chat    int64
	thread  int
	replyTo int
}

// sendParts sends a rendered reply part by part through send, with the
// keyboard under the last part, and with the fallbacks every message of the
// bot gets: plain text (links written out) when Telegram cannot parse the
// HTML, no keyboard when it refuses anything else. It returns the id of the
// last message sent, how many parts went out, and the first error that no
// fallback got past.
func (b *poster) sendParts(ctx context.Context, to target, r rendered, kb models.ReplyMarkup,
	send func(context.Context, *tgbot.SendMessageParams) (*models.Message, error)) (last, sent int, err error) {
	for i := range r.html {
		p := &tgbot.SendMessageParams{
			ChatID:             to.chat,
			MessageThreadID:    to.thread,
			Text:               r.html[i],
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		}
		if i == 0 && to.replyTo != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: to.replyTo, AllowSendingWithoutReply: true}
		}
		if i == len(r.html)-1 && kb != nil {
			p.ReplyMarkup = strict(kb)
		}
		msg, err := send(ctx, p)
		if isParseError(err) {
			b.log.Warn("telegram refused the HTML; sending plain text", "chat", b.hash.id(to.chat))
			p.Text, p.ParseMode = r.plain[i], ""
			msg, err = send(ctx, p)
		}
		if errors.Is(err, tgbot.ErrorBadRequest) && p.ReplyMarkup != nil {
			b.log.Warn("telegram refused the message with its buttons; sending it without", "chat", b.hash.id(to.chat), "error", redact(err.Error(), b.cfg.Token))
			p.ReplyMarkup = nil
			msg, err = send(ctx, p)
		}
		if err != nil {
			return last, sent, err
		}
		last, sent = msg.ID, sent+1
	}
	return last, sent, nil
}

// notifyLost tells a chat, in a short plain message, that its reply could
// not be sent, when Telegram refused the reply itself rather than the chat.
func (b *Bot) notifyLost(ctx context.Context, m *models.Message, err error) {
	if !errors.Is(err, tgbot.ErrorBadRequest) || strings.Contains(err.Error(), "chat not found") {
		return
	}
	l := b.chatLang(ctx, m.Chat, m.From)
	if _, err := b.send(ctx, &tgbot.SendMessageParams{
		ChatID: m.Chat.ID, MessageThreadID: m.MessageThreadID, Text: b.msgs.T(l, "Failed", nil),
	}); err != nil {
		b.logSendError(m.Chat.ID, err)
	}
}

func (b *poster) send(ctx context.Context, p *tgbot.SendMessageParams) (*models.Message, error) {
	var sent *models.Message
	err := b.retry(ctx, func() error {
		var err error
		sent, err = b.tg.SendMessage(ctx, p)
		return err
	})
	return sent, err
}

func (b *poster) logSendError(chatID int64, err error) {
	reason := "error"
	switch {
	case errors.Is(err, tgbot.ErrorForbidden):
		reason = "blocked or removed"
	case errors.Is(err, tgbot.ErrorBadRequest):
		reason = "bad request"
	case tgbot.IsTooManyRequestsError(err):
		reason = "rate limited"
	}
	b.log.Warn("message not sent", "chat", b.hash.id(chatID), "reason", reason, "error", redact(err.Error(), b.cfg.Token))
}

// editAnswer replaces the text and buttons of the one-message answer id.
// It returns id.
func (b *Bot) editAnswer(ctx context.Context, chatID int64, id int, r rendered, kb models.ReplyMarkup) (int, error) {
	p := &tgbot.EditMessageTextParams{
		ChatID: chatID, MessageID: id, Text: r.html[0], ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}, ReplyMarkup: strict(kb),
	}
	err := b.retry(ctx, func() error { _, err := b.tg.EditMessageText(ctx, p); return err })
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		// The edit changed nothing the answer says.
		err = nil
	}
	if err != nil {
		b.logSendError(chatID, err)
	}
	return id, err
}
