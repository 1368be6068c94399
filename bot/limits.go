package bot

import (
	"context"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// limiter allows each user at most max questions in any window of length
// per. It keeps only the times of recent questions, in memory, and forgets
// users who have been quiet for a window.
type limiter struct {
	mu    sync.Mutex
	max   int
	per   time.Duration
	times map[int64][]time.Time
	// told holds the users told to wait since their last allowed question.
	told  map[int64]bool
	swept time.Time
}

func newLimiter(max int, per time.Duration) *limiter {
	return &limiter{max: max, per: per, times: map[int64][]time.Time{}, told: map[int64]bool{}}
}

// allow records a question by user and reports whether it is within the
// limit; when it is not, wait says when the oldest question leaves the
// window, and notify is true only the first time since the user's last
// allowed question, so that a burst gets one notice, not one a message.
func (l *limiter) allow(user int64) (ok bool, wait time.Duration, notify bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > l.per {
		l.sweep(now)
	}
	recent := l.times[user][:0]
	for _, t := range l.times[user] {
		if now.Sub(t) < l.per {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.times[user] = recent
		notify = !l.told[user]
		l.told[user] = true
		return false, l.per - now.Sub(recent[0]), notify
	}
	l.times[user] = append(recent, now)
	delete(l.told, user)
	return true, 0, false
}

// sweep drops users with no question in the window, so the map stays small.
func (l *limiter) sweep(now time.Time) {
	for u, ts := range l.times {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.per {
			delete(l.times, u)
			delete(l.told, u)
		}
	}
	l.swept = now
}

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
	ok, wait, notify := b.actions.allow(user)
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
		ok, wait, notify := b.actions.allow(q.From.ID)
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
