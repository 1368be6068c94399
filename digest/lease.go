package digest

import (
	"context"
	"time"
)

// One process delivers at a time, however many machines share the
// database: the one that holds the deliverer's lease. It plans, paces and
// sends, so the broadcast limit holds for the bot, not per machine. It
// renews the lease while it delivers; a holder killed or cut off stops
// renewing, and another takes the lease once it lapses, settles what the
// dead one left (see Store.Recover) and delivers the rest.

// leaseName is the deliverer's lease in the store.
const leaseName = "digest"

// leaseTTL is how long the lease lasts unrenewed: how long the digest may
// stand still after its deliverer dies. It is renewed three times as often.
const leaseTTL = 30 * time.Second

// claimLease is how long a claim may stay pending before a deliverer takes
// it for one a dead deliverer left (see Store.Recover). A run waits for
// every send it started before it ends, so a pending claim at the start of
// a run is another holder's; that holder stopped sending once it could not
// renew its lease, and a send it had started was given SendGrace to end.
func (d *Digest) claimLease() time.Duration { return d.leaseTTL + SendGrace + d.leaseTTL/3 }

// WithHolder names this process for the deliverer's lease (default: the
// host name and a random part); for tests of several deliverers.
func WithHolder(name string) Option { return func(d *Digest) { d.holder = name } }

// hold takes or renews the lease and, while it is held, keeps it renewed
// until release, which gives it up. The context ends as soon as the lease
// cannot be kept: another process holds it, or it could not be renewed for
// so long that it may lapse. ok is false when another process holds it.
func (d *Digest) hold(ctx context.Context) (held context.Context, release func(), ok bool, err error) {
	ok, err = d.store.TakeLease(ctx, leaseName, d.holder, d.leaseTTL)
	if err != nil || !ok {
		return nil, nil, ok, err
	}
	held, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		renewed := time.Now()
		renew := d.leaseTTL / 3
		t := time.NewTicker(renew)
		defer t.Stop()
		for {
			select {
			case <-held.Done():
				return
			case <-t.C:
			}
			ok, err := d.store.TakeLease(held, leaseName, d.holder, d.leaseTTL)
			switch {
			case err == nil && ok:
				renewed = time.Now()
			case err == nil:
				cancel(errLeaseLost)
				return
			case time.Since(renewed) > d.leaseTTL-renew:
				// Stop before the lease can lapse under a send.
				cancel(errLeaseLost)
				return
			}
		}
	}()
	return held, func() {
		cancel(nil)
		<-done
		// Between runs any process may deliver: the next run takes the
		// lease again, here or elsewhere.
		if err := d.store.DropLease(context.WithoutCancel(ctx), leaseName, d.holder); err != nil {
			d.log.Error("dropping the deliverer's lease failed", "error", err.Error())
		}
	}, true, nil
}

// errLeaseLost ends a run whose process no longer holds the lease.
var errLeaseLost = leaseError{}

type leaseError struct{}

func (leaseError) Error() string { return "the deliverer's lease was lost to another process" }
