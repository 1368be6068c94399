// Package ratelimit bounds how often one key (a user, a client address)
// may do something: at most max times in any window of a given length. It
// keeps only the times of recent events, in memory, and forgets keys that
// have been quiet for a window.
package ratelimit

import (
	"sync"
	"time"
)

// Window allows each key at most max events in any window of length per.
// It is safe for concurrent use.
type Window[K comparable] struct {
	mu    sync.Mutex
	max   int
	per   time.Duration
	times map[K][]time.Time
	// told holds the keys told to wait since their last allowed event.
	told  map[K]bool
	swept time.Time
}

// New returns a Window of max events per window of length per.
func New[K comparable](max int, per time.Duration) *Window[K] {
	return &Window[K]{max: max, per: per, times: map[K][]time.Time{}, told: map[K]bool{}}
}

// Allow records an event by key and reports whether it is within the
// limit; when it is not, wait says when the oldest event leaves the
// window, and notify is true only the first time since the key's last
// allowed event, so that a burst gets one notice, not one an event.
func (l *Window[K]) Allow(key K) (ok bool, wait time.Duration, notify bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > l.per {
		l.sweep(now)
	}
	recent := l.times[key][:0]
	for _, t := range l.times[key] {
		if now.Sub(t) < l.per {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.times[key] = recent
		notify = !l.told[key]
		l.told[key] = true
		return false, l.per - now.Sub(recent[0]), notify
	}
	l.times[key] = append(recent, now)
	delete(l.told, key)
	return true, 0, false
}

// sweep drops keys with no event in the window, so the maps stay small.
func (l *Window[K]) sweep(now time.Time) {
	for k, ts := range l.times {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.per {
			delete(l.times, k)
			delete(l.told, k)
		}
	}
	l.swept = now
}
