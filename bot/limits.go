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
	now   func() time.Time
	times map[int64][]time.Time
	swept time.Time
}

func newLimiter(max int, per time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, per: per, now: now, times: map[int64][]time.Time{}}
}

// allow records a question by user and reports whether it is within the
// limit; when it is not, wait says when the oldest question leaves the
// window.
func (l *limiter) allow(user int64) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
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
		return false, l.per - now.Sub(recent[0])
	}
	l.times[user] = append(recent, now)
	return true, 0
}

// sweep drops users with no question in the window, so the map stays small.
func (l *limiter) sweep(now time.Time) {
	for u, ts := range l.times {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.per {
			delete(l.times, u)
		}
	}
	l.swept = now
}
