package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Retry bounds for Telegram's 429: go-telegram/bot returns
// *TooManyRequestsError and retries nothing.
const (
	maxRetries    = 3
	maxRetryAfter = 60 * time.Second
)

// retry calls f again after each 429, waiting the retry_after Telegram asks
// for, up to maxRetries times and never longer than maxRetryAfter a wait.
func (b *Bot) retry(ctx context.Context, f func() error) error {
	for attempt := 0; ; attempt++ {
		err := f()
		var tooMany *tgbot.TooManyRequestsError
		if !errors.As(err, &tooMany) || attempt >= maxRetries {
			return err
		}
		wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		if wait > maxRetryAfter {
			return err
		}
		b.log.Info("telegram asked to slow down", "retry_after_s", tooMany.RetryAfter)
		if err := b.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func isParseError(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(err.Error(), "can't parse entities")
}

// reply sends a rendered reply to the chat of m, in order, part by part: in
// groups the first part replies to m. When Telegram cannot parse a part's
// HTML it is sent again as plain text. The keyboard goes under the last part.
// It returns the id of the last message sent.
func (b *Bot) reply(ctx context.Context, m *models.Message, r rendered, kb models.ReplyMarkup) (int, error) {
	last := 0
	for i := range r.html {
		p := &tgbot.SendMessageParams{
			ChatID:             m.Chat.ID,
			MessageThreadID:    m.MessageThreadID,
			Text:               r.html[i],
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		}
		if i == 0 && m.Chat.Type != models.ChatTypePrivate && m.ID != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: m.ID, AllowSendingWithoutReply: true}
		}
		if i == len(r.html)-1 && kb != nil {
			p.ReplyMarkup = kb
		}
		sent, err := b.send(ctx, p)
		if isParseError(err) {
			b.log.Warn("telegram refused the HTML; sending plain text", "chat", b.hash.id(m.Chat.ID))
			p.Text, p.ParseMode = r.plain[i], ""
			sent, err = b.send(ctx, p)
		}
		if err != nil {
			b.logSendError(m.Chat.ID, err)
			return last, err
		}
		last = sent.ID
	}
	return last, nil
}

func (b *Bot) send(ctx context.Context, p *tgbot.SendMessageParams) (*models.Message, error) {
	var sent *models.Message
	err := b.retry(ctx, func() error {
		var err error
		sent, err = b.tg.SendMessage(ctx, p)
		return err
	})
	return sent, err
}

func (b *Bot) logSendError(chatID int64, err error) {
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
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}, ReplyMarkup: kb,
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
