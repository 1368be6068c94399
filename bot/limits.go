package bot

import (
	"context"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// actionsPerMinute bounds what else one user can make the bot do in a
// minute: commands (deep links included), button taps and the messages
// it replies to with a hint. Questions have their own limit (RATE_LIMIT)
// and inline searches theirs. A person tapping through /themes or
// /digest makes a few a second at most.
const actionsPerMinute = 30

// actionAllowed counts one action by the sender of m, and reports whether
// it is within actionsPerMinute; the first one past it in a burst gets a
// notice, the rest nothing.
func (b *Bot) actionAllowed(ctx context.Context, m *models.Message) bool {
	user := m.Chat.ID
	if m.From != nil {
		user = m.From.ID
	}
	ok, wait, notify := b.actions.Allow(user)
	if !ok && notify {
		l := b.chatLang(ctx, m.Chat, m.From)
		b.reply(ctx, m, renderText(b.msgs.T(l, "SlowDown", map[string]any{"Seconds": seconds(wait)})), nil)
		b.log.Info("actions limited", "user", b.hash.id(user))
	}
	return ok
}

// limitedTaps is the middleware that holds button taps to actionsPerMinute
// per user: past it a tap is answered once with a notice, then not at all.
func (b *Bot) limitedTaps(next tgbot.HandlerFunc) tgbot.HandlerFunc {
	return func(ctx context.Context, tg *tgbot.Bot, u *models.Update) {
		q := u.CallbackQuery
		if q == nil {
			next(ctx, tg, u)
			return
		}
		ok, wait, notify := b.actions.Allow(q.From.ID)
		switch {
		case ok:
			next(ctx, tg, u)
		case notify:
			b.answerTap(ctx, q, b.msgs.T(userLang(&q.From), "SlowDown", map[string]any{"Seconds": seconds(wait)}))
			b.log.Info("taps limited", "user", b.hash.id(q.From.ID))
		}
	}
}

// seconds rounds a wait up to whole seconds, at least one.
func seconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}
