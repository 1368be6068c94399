package bot

import (
	"context"
	"time"

	"reportbot/store"
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
	holder := store.Holder()
	ttl := b.pollTTL
	waiting := false
	for {
		ok, err := b.store.TakeLease(ctx, pollLease, holder, ttl)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil || !ok {
			if err != nil {
				b.log.Error("taking the poller's lease failed", "error", err.Error())
			} else if !waiting {
				b.log.Info("another machine polls Telegram; waiting to take over")
			}
			waiting = true
			sleep(ctx, ttl/3)
			continue
		}
		waiting = false
		b.log.Info("this machine polls Telegram")
		polling, stopPolling := context.WithCancel(ctx)
		// Renewed until polling has ended, answers in flight included, so
		// that no other machine replays what this one still handles.
		renewing, stopRenewing := context.WithCancel(context.WithoutCancel(ctx))
		renewed := make(chan struct{})
		go func() {
			defer close(renewed)
			last := time.Now()
			t := time.NewTicker(ttl / 3)
			defer t.Stop()
			for {
				select {
				case <-renewing.Done():
					return
				case <-t.C:
				}
				ok, err := b.store.TakeLease(renewing, pollLease, holder, ttl)
				if err == nil && ok {
					last = time.Now()
					continue
				}
				if err == nil || time.Since(last) > ttl-ttl/3 {
					b.log.Warn("the poller's lease was lost; this machine stops polling")
					stopPolling()
				}
			}
		}()
		err = b.poll(polling)
		lost := polling.Err() != nil && ctx.Err() == nil
		stopPolling()
		stopRenewing()
		<-renewed
		if lost && err == nil {
			continue
		}
		if dropErr := b.store.DropLease(context.WithoutCancel(ctx), pollLease, holder); dropErr != nil {
			b.log.Error("dropping the poller's lease failed", "error", dropErr.Error())
		}
		return err
	}
}
