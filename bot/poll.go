package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// allowedUpdates are the update types the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "channel_post", "callback_query", "inline_query", "my_chat_member"}

// errUnauthorized is a poll refused for the token.
var errUnauthorized = errors.New("the Bot API refused the token while polling (401): it was revoked or changed; set TELEGRAM_BOT_TOKEN to the current one")

// poll long-polls getUpdates until ctx ends. It does not use go-telegram/
// bot's Start, whose next request confirms a batch still waiting in its
// queue, so that a stop loses what was confirmed. With a database it keeps
// what it takes in the store's inbox (see pollStored); without one, in
// memory (see pollUnstored).
func (b *Bot) poll(ctx context.Context) error {
	if b.inbox != nil {
		return b.pollStored(ctx)
	}
	return b.pollUnstored(ctx)
}

// pollUnstored is poll without a database. Each update goes to its chat's line (see chatQueue) as soon as it comes,
// and getUpdates is asked again while earlier ones are handled: a chat
// waiting on Telegram holds up only itself. The offset, which confirms
// every update before it, moves only past updates handled from the oldest
// on, so kill -9 loses nothing confirmed; an update taken again before its
// offset is confirmed is known by its id and not handled twice. Telegram
// sends at most 100 updates from the offset, so no more than 100 are ever
// taken and not confirmed: a backlog stays at Telegram, not in memory.
//
// On a stop no update starts; those in flight get the shutdown grace, and
// a last request confirms what was handled from the oldest on. Telegram
// sends the rest again to the next process. An update the client library
// cannot decode is logged by id and skipped.
func (b *Bot) pollUnstored(ctx context.Context) error {
	t := newTaken()
	wait := time.Duration(0)
	for {
		sleep(ctx, wait)
		if ctx.Err() != nil {
			return b.stopPolling(t)
		}
		raws, err := b.getUpdates(ctx, t.offset(), int(pollTimeout.Seconds()))
		if ctx.Err() != nil {
			return b.stopPolling(t)
		}
		if errors.Is(err, errUnauthorized) {
			return err
		}
		if err != nil {
			wait = min(max(2*wait, time.Second), 5*time.Second)
			b.log.Warn("getUpdates failed; polling again", "wait_s", wait.Seconds(), "error", redact(err.Error(), b.cfg.Token))
			continue
		}
		wait = 0
		if b.dispatch(t, raws) == 0 && t.open() > 0 {
			// Only updates in hand came back: wait until one is handled
			// or a new one may have come.
			t.await(ctx, repoll)
		}
	}
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// repoll is how soon getUpdates is asked again for new updates while those
// in hand are handled.
const repoll = 100 * time.Millisecond

// rawUpdate is an update as Telegram sent it, with its id.
type rawUpdate struct {
	id  int64
	raw json.RawMessage
}

// dispatch puts each update not yet taken in its chat's line, and returns
// how many it took.
func (b *Bot) dispatch(t *taken, batch []rawUpdate) int {
	n := 0
	for _, ru := range batch {
		if !t.take(ru.id) {
			continue
		}
		n++
		var u models.Update
		if err := json.Unmarshal(ru.raw, &u); err != nil {
			b.log.Error("update skipped: it cannot be decoded", "update_id", ru.id, "error", err.Error())
			t.done(ru.id)
			continue
		}
		id := ru.id
		b.queue.add(chatOf(&u), func(s *slot) {
			if b.process(&u, s) {
				t.done(id)
			}
		})
	}
	return n
}

// stopPolling lets the updates in flight finish, within the shutdown
// grace, and confirms those handled from the oldest on.
func (b *Bot) stopPolling(t *taken) error {
	b.finishInFlight()
	b.confirm(t.offset(), "handled updates not confirmed; Telegram will send them again")
	return nil
}

// finishInFlight starts no more updates, ends the language-model calls (the
// answers in flight fall back to the offline answer), and waits for the
// updates in flight, at most the shutdown grace.
func (b *Bot) finishInFlight() {
	b.mu.Lock()
	b.stopping = true
	b.mu.Unlock()
	b.stopModels()
	finished := make(chan struct{})
	go func() { b.inflight.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(b.cfg.ShutdownGrace):
	}
}

// confirm tells Telegram, at a stop, that the updates before offset need
// not be sent again (none for 0), and logs failing if it cannot.
func (b *Bot) confirm(offset int64, failing string) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := b.getUpdates(ctx, offset, 0); err != nil {
		b.log.Warn(failing, "error", redact(err.Error(), b.cfg.Token))
	}
}

// taken are the updates polling took and Telegram has not yet been told
// were handled.
type taken struct {
	mu      sync.Mutex
	order   []int64        // ids in Telegram's order, oldest first
	handled map[int64]bool // id → handled
	next    int64          // the offset once every taken update is handled
	changed chan struct{}  // signalled when an update is handled
}

func newTaken() *taken {
	return &taken{handled: map[int64]bool{}, changed: make(chan struct{}, 1)}
}

// take records an update id and reports whether it is new: not taken
// before and not confirmed.
func (t *taken) take(id int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, seen := t.handled[id]; seen || id < t.next {
		return false
	}
	t.order = append(t.order, id)
	t.handled[id] = false
	t.next = id + 1
	return true
}

// done records that update id was handled.
func (t *taken) done(id int64) {
	t.mu.Lock()
	t.handled[id] = true
	t.mu.Unlock()
	select {
	case t.changed <- struct{}{}:
	default:
	}
}

// offset returns the offset to confirm with: past every update handled
// from the oldest on, and no further. Those it passes are forgotten.
func (t *taken) offset() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for n < len(t.order) && t.handled[t.order[n]] {
		delete(t.handled, t.order[n])
		n++
	}
	t.order = t.order[n:]
	if len(t.order) > 0 {
		return t.order[0]
	}
	return t.next
}

// open returns how many updates are taken and not yet confirmed.
func (t *taken) open() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.order)
}

// await waits until an update is handled, at most d, or ctx ends.
func (t *taken) await(ctx context.Context, d time.Duration) {
	select {
	case <-t.changed:
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// process handles one update through the middlewares, on the work
// context, and reports whether it was handled (not refused by a stop).
// The update's context carries its slot in the chat queue (see
// pauseSlot).
func (b *Bot) process(u *models.Update, s *slot) bool {
	b.mu.Lock()
	if b.stopping || b.work == nil {
		b.mu.Unlock()
		return false
	}
	b.inflight.Add(1)
	work := b.work
	b.mu.Unlock()
	defer b.inflight.Done()
	ctx := context.WithValue(work, acceptedKey{}, true)
	ctx = context.WithValue(ctx, slotKey{}, s)
	b.tg.ProcessUpdate(ctx, u)
	return true
}

// getUpdates asks for the updates from offset on, waiting up to timeout
// seconds for one, and returns them undecoded but for their ids.
func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout int) ([]rawUpdate, error) {
	raw, err := b.call(ctx, "getUpdates", map[string]any{"offset": offset, "timeout": timeout, "allowed_updates": allowedUpdates})
	var refused *apiError
	if errors.As(err, &refused) && refused.code == http.StatusUnauthorized {
		return nil, errUnauthorized
	}
	if err != nil {
		return nil, err
	}
	var result []json.RawMessage
	if err := json.Unmarshal(raw, &result); err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	out := make([]rawUpdate, 0, len(result))
	for _, raw := range result {
		var id struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &id); err != nil || id.UpdateID == 0 {
			return nil, fmt.Errorf("getUpdates: an update without an id: %s", strings.TrimSpace(string(raw[:min(len(raw), 80)])))
		}
		out = append(out, rawUpdate{id: id.UpdateID, raw: raw})
	}
	return out, nil
}
