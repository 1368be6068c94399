package bot

import (
	"context"
	"errors"
	"time"

	"reportbot/lease"
)

// Telegram gives updates to one long-polling consumer at a time. With a
// database several machines share, the machine that holds the poller's
// lease polls, and the others wait to take over: a poller that stops
// drops the lease and another polls at once; one that dies stops renewing
// it, and another polls once it lapses. Updates the dead one took and did
// not handle wait in the shared inbox, sealed, for the next poller.
// (A PostgreSQL advisory lock would do the same while the poller's
// connection lives; a lease also ends for a poller that hangs with its
// connection open.)

// pollLease names the poller's lease in the store.
const pollLease = "telegram-poller"

// pollLeaseTTL is how long updates may wait after the poller dies before
// another machine polls.
const pollLeaseTTL = 15 * time.Second

// pollShared polls while this process holds the poller's lease, and waits
// for it otherwise, until ctx ends. Without a shared database there is one
// process (DATA_DIR's lock sees to it), and it polls.
func (b *Bot) pollShared(ctx context.Context) error {
	if b.store == nil || !b.store.Postgres() {
		return b.poll(ctx)
	}
	holder := lease.Holder()
	waiting := false
	for {
		held, ok, err := lease.Take(ctx, b.store, pollLease, holder, b.pollTTL)
		if ctx.Err() != nil {
			if held != nil {
				held.Release()
			}
			return nil
		}
		if err != nil || !ok {
			if err != nil {
				b.log.Error("taking the poller's lease failed", "error", err.Error())
			} else if !waiting {
				b.log.Info("another machine polls Telegram; waiting to take over")
			}
			waiting = true
			sleep(ctx, b.pollTTL/3)
			continue
		}
		waiting = false
		b.log.Info("this machine polls Telegram")
		// The lease is renewed until polling has ended, answers in
		// flight included, so that no other machine replays what this
		// one still handles.
		err = b.poll(held.Context())
		lost := errors.Is(context.Cause(held.Context()), lease.ErrLost) && ctx.Err() == nil
		if dropErr := held.Release(); dropErr != nil {
			b.log.Error("dropping the poller's lease failed", "error", dropErr.Error())
		}
		if lost && err == nil {
			b.log.Warn("the poller's lease was lost; this machine waits to poll again")
			continue
		}
		return err
	}
}
