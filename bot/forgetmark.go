package bot

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// Machines that share a database each keep some of a chat in memory: its
// conversation, for follow-ups, and the language its questions are asked
// in. /forget on one machine marks the chat forgotten in the database; the
// others drop what they kept from before the mark when the chat next
// writes to them. Nothing of the conversation is ever stored.

// forgetMarks remembers, per chat, the last forget mark this process has
// acted on.
type forgetMarks struct {
	mu      sync.Mutex
	applied map[int64]time.Time
	// since is when this process started: it kept nothing from before.
	since time.Time
}

// take reports whether mark at is newer than what this process acted on
// for the chat, and records it.
func (f *forgetMarks) take(chat int64, at time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !at.After(f.since) || !at.After(f.applied[chat]) {
		return false
	}
	if f.applied == nil || len(f.applied) >= maxLearned {
		f.applied = map[int64]time.Time{}
	}
	f.applied[chat] = at
	return true
}

// applyForget drops what this process keeps in memory of a chat that was
// forgotten with /forget on another process sharing the database. With
// SQLite there is one process, and /forget dropped it there.
func (b *Bot) applyForget(ctx context.Context, chat int64) {
	if b.store == nil || !b.store.Postgres() {
		return
	}
	at, ok, err := b.store.ForgottenAt(ctx, chat)
	if err != nil {
		b.log.Error("reading the forget mark failed", "error", err.Error())
		return
	}
	if ok && b.forgets.take(chat, at) {
		b.engine.Forget(strconv.FormatInt(chat, 10) + "/")
		b.learned.forget(chat)
	}
}
