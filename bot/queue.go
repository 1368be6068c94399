package bot

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"
)

// Updates are handled one chat at a time, in the order they came, and up to
// MaxConcurrent chats at once. A chat whose reply waits on Telegram (a 429's
// retry_after, a backoff) gives its slot back while it waits, so one slow
// chat holds up only itself.

// chatQueue runs jobs in order per chat and a bounded number at once.
// Slots go to chats in the order their jobs came (see fifo), so that jobs
// finish close to the order of their updates, and a stop leaves few
// handled past one that is not.
type chatQueue struct {
	slots *fifo
	mu    sync.Mutex
	jobs  map[int64][]func(*slot) // per chat: the running job first
}

// newChatQueue returns a queue that runs at most n jobs at once.
func newChatQueue(n int) *chatQueue {
	return &chatQueue{slots: &fifo{free: n}, jobs: map[int64][]func(*slot){}}
}

// add queues job for the chat key, after the chat's earlier jobs. It never
// blocks: how many jobs wait is bounded by whoever adds them (one
// getUpdates' worth in polling, Telegram's connections for the webhook).
func (q *chatQueue) add(key int64, job func(*slot)) {
	q.mu.Lock()
	q.jobs[key] = append(q.jobs[key], job)
	first := len(q.jobs[key]) == 1
	q.mu.Unlock()
	if first {
		// The chat's place in line for a slot is taken now, in the
		// order of the updates, not when its goroutine runs.
		turn := q.slots.wait()
		go q.run(key, turn)
	}
}

// run runs the chat's jobs until none is left; turn is the first one's
// place in line for a slot.
func (q *chatQueue) run(key int64, turn chan struct{}) {
	for {
		q.mu.Lock()
		job := q.jobs[key][0]
		q.mu.Unlock()
		<-turn
		s := &slot{q: q, held: true, ended: make(chan struct{})}
		job(s)
		s.give()
		q.mu.Lock()
		rest := q.jobs[key][1:]
		if len(rest) == 0 {
			delete(q.jobs, key)
			q.mu.Unlock()
			return
		}
		q.jobs[key] = rest
		q.mu.Unlock()
		turn = q.slots.wait()
	}
}

// fifo is a counting semaphore that grants in the order it is asked.
type fifo struct {
	mu      sync.Mutex
	free    int
	waiters []chan struct{}
}

// wait returns a channel that is ready when the caller holds a slot.
func (f *fifo) wait() chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	turn := make(chan struct{}, 1)
	if f.free > 0 && len(f.waiters) == 0 {
		f.free--
		turn <- struct{}{}
	} else {
		f.waiters = append(f.waiters, turn)
	}
	return turn
}

// release gives a slot back, to the first in line.
func (f *fifo) release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.waiters) > 0 {
		f.waiters[0] <- struct{}{}
		f.waiters = f.waiters[1:]
		return
	}
	f.free++
}

// cancel gives up a place in line taken by wait: the slot goes back if it
// was granted meanwhile.
func (f *fifo) cancel(turn chan struct{}) {
	f.mu.Lock()
	for i, w := range f.waiters {
		if w == turn {
			f.waiters = append(f.waiters[:i], f.waiters[i+1:]...)
			f.mu.Unlock()
			return
		}
	}
	f.mu.Unlock()
	<-turn
	f.release()
}

// slot is a running job's share of the queue's capacity: the job holds at
// most one, whichever of its goroutines waits. A goroutine the job started
// may outlive it (a typing indicator, a request still out): once the job is
// over, its slot neither gives nor takes.
type slot struct {
	q        *chatQueue
	mu       sync.Mutex
	held     bool
	over     bool
	ended    chan struct{} // closed when the job is over
	regained chan struct{} // closed when the job holds its slot again
	pausing  int           // the job's goroutines that wait on Telegram
}

// give ends the job: its slot goes back, and pauses end.
func (s *slot) give() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held {
		s.q.slots.release()
		s.held = false
	}
	if !s.over {
		s.over = true
		close(s.ended)
	}
}

// pause gives the slot back while the job waits, and returns the function
// that takes a slot again when the wait is over: another chat runs in the
// meantime. Waits of several of the job's goroutines share one pause.
func (s *slot) pause() (resume func()) {
	s.mu.Lock()
	if s.over {
		s.mu.Unlock()
		return func() {}
	}
	s.pausing++
	if s.pausing == 1 && s.held {
		s.q.slots.release()
		s.held = false
		s.regained = make(chan struct{})
	}
	s.mu.Unlock()
	return s.resume
}

// resume ends one goroutine's pause: it takes a slot again, unless another
// of the job's goroutines took it first (a job waiting for its typing
// indicator to stop must not wait for a slot the indicator waits for).
func (s *slot) resume() {
	s.mu.Lock()
	s.pausing--
	if s.held || s.over {
		s.mu.Unlock()
		return
	}
	regained := s.regained
	s.mu.Unlock()
	turn := s.q.slots.wait()
	select {
	case <-turn:
	case <-s.ended:
		s.q.slots.cancel(turn)
		return
	case <-regained:
		s.q.slots.cancel(turn)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.over || s.held {
		s.q.slots.release()
		return
	}
	s.held = true
	close(s.regained)
}

// slotKey carries a job's slot in its context.
type slotKey struct{}

// pauseSlot gives back the slot of the job whose context ctx is, if any,
// while it waits; call the returned function when the wait is over.
func pauseSlot(ctx context.Context) (resume func()) {
	if s, ok := ctx.Value(slotKey{}).(*slot); ok {
		return s.pause()
	}
	return func() {}
}

// chatOf returns the chat an update belongs to, for its place in line: the
// chat of its message, or the user of an inline query or of a tap on an
// inline message. Updates of one chat are handled in order.
func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	case u.ChannelPost != nil:
		return u.ChannelPost.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		return u.CallbackQuery.Message.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil:
		return u.InlineQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}
