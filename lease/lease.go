// Package lease keeps a lease that processes sharing a database take in
// turn (see store.Store.TakeLease): the holder renews it while it works,
// and stops working as soon as it can no longer count on holding it, so
// that two processes never do the lease's work at once. A holder that dies
// stops renewing, and another takes the lease once it lapses.
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"time"
)

// Store takes, renews and drops leases; store.Store is one.
type Store interface {
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	DropLease(ctx context.Context, name, holder string) error
}

// Holder names this process among those that take leases: the host and
// a random part, since a restarted process is another holder.
func Holder() string {
	host, _ := os.Hostname()
	r := make([]byte, 6)
	rand.Read(r)
	return host + "/" + hex.EncodeToString(r)
}

// ErrLost is the cause of a Held context that ended because the lease
// could no longer be counted on: another process holds it, or it could
// not be renewed for so long that it may have lapsed.
var ErrLost = errors.New("the lease was lost to another process")

// Held is a lease this process holds, renewed every third of its ttl
// until Release.
type Held struct {
	ctx     context.Context
	lose    context.CancelCauseFunc
	stop    context.CancelFunc
	renewed chan struct{}
	st      Store
	name    string
	holder  string
}

// Take takes the lease name for holder for ttl, or renews it, and keeps
// renewing it until Release. ok is false, with a nil Held, when another
// process holds it. The renewals outlive ctx, so that a holder finishing
// its work after a stop still holds the lease until it releases it.
func Take(ctx context.Context, st Store, name, holder string, ttl time.Duration) (h *Held, ok bool, err error) {
	ok, err = st.TakeLease(ctx, name, holder, ttl)
	if err != nil || !ok {
		return nil, ok, err
	}
	h = &Held{renewed: make(chan struct{}), st: st, name: name, holder: holder}
	h.ctx, h.lose = context.WithCancelCause(ctx)
	renewing, stop := context.WithCancel(context.WithoutCancel(ctx))
	h.stop = stop
	go func() {
		defer close(h.renewed)
		every := ttl / 3
		last := time.Now()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-renewing.Done():
				return
			case <-t.C:
			}
			ok, err := st.TakeLease(renewing, name, holder, ttl)
			switch {
			case err == nil && ok:
				last = time.Now()
			case err == nil, time.Since(last) > ttl-every:
				// Another holds it, or it may lapse before the next try.
				h.lose(ErrLost)
				return
			}
		}
	}()
	return h, true, nil
}

// Context ends when the context Take was given ends, or when the lease is
// lost (its cause is then ErrLost): work done under the lease stops then.
func (h *Held) Context() context.Context { return h.ctx }

// Release stops renewing the lease and gives it up, so that another
// process may take it at once.
func (h *Held) Release() error {
	h.stop()
	<-h.renewed
	h.lose(nil)
	return h.st.DropLease(context.WithoutCancel(h.ctx), h.name, h.holder)
}
