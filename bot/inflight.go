package bot

import (
	"context"
	"sync"
	"time"
)

// A digest excerpt may be on its way to a chat when the chat sends
// /forget. The confirmation must be the last thing the chat gets: the send
// in flight is cancelled, and none starts for a while after, before the
// chat's data is deleted and the confirmation sent.

// forgetQuiet is how long after /forget no digest send to the chat starts:
// longer than any digest run takes to reach a chat it planned before.
const forgetQuiet = 10 * time.Minute

// digestSends tracks the digest sends in flight, per chat.
type digestSends struct {
	mu        sync.Mutex
	running   map[int64]*digestSend
	forgotten map[int64]time.Time
}

type digestSend struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func newDigestSends() *digestSends {
	return &digestSends{running: map[int64]*digestSend{}, forgotten: map[int64]time.Time{}}
}

// begin registers a send to chat and returns its context and the function
// to call when it ends; ok is false when the chat was just forgotten.
func (d *digestSends) begin(ctx context.Context, chat int64) (sctx context.Context, end func(), ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if at, seen := d.forgotten[chat]; seen {
		if time.Since(at) < forgetQuiet {
			return ctx, func() {}, false
		}
		delete(d.forgotten, chat)
	}
	sctx, cancel := context.WithCancel(ctx)
	s := &digestSend{cancel: cancel, done: make(chan struct{})}
	d.running[chat] = s
	return sctx, func() {
		cancel()
		d.mu.Lock()
		if d.running[chat] == s {
			delete(d.running, chat)
		}
		d.mu.Unlock()
		close(s.done)
	}, true
}

// forget stops the send in flight to chat, if any, and waits until it has
// ended; no send to chat starts for forgetQuiet.
func (d *digestSends) forget(chat int64) {
	d.mu.Lock()
	d.forgotten[chat] = time.Now()
	for id, at := range d.forgotten {
		if time.Since(at) >= forgetQuiet {
			delete(d.forgotten, id)
		}
	}
	s := d.running[chat]
	d.mu.Unlock()
	if s != nil {
		s.cancel()
		<-s.done
	}
}
