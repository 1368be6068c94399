package bot

import (
	"sync"
	"time"
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
