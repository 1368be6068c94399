package lease

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// memStore is a lease table in memory, with a switch that makes it fail.
type memStore struct {
	mu      sync.Mutex
	holder  string
	until   time.Time
	failing bool
}

func (m *memStore) TakeLease(_ context.Context, _, holder string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failing {
		return false, errors.New("database unreachable")
	}
	if m.holder != "" && m.holder != holder && time.Now().Before(m.until) {
		return false, nil
	}
	m.holder, m.until = holder, time.Now().Add(ttl)
	return true, nil
}

func (m *memStore) DropLease(_ context.Context, _, holder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.holder == holder {
		m.holder = ""
	}
	return nil
}

func TestAHeldLeaseIsRenewedUntilReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &memStore{}
		h, ok, err := Take(context.Background(), st, "digest", "a", 30*time.Second)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		time.Sleep(5 * time.Minute)
		if _, ok, _ := Take(context.Background(), st, "digest", "b", 30*time.Second); ok {
			t.Fatal("another took a lease its holder renews")
		}
		if h.Context().Err() != nil {
			t.Fatal("the holder's work was stopped while it held the lease")
		}
		if err := h.Release(); err != nil {
			t.Fatal(err)
		}
		b, ok, _ := Take(context.Background(), st, "digest", "b", 30*time.Second)
		if !ok {
			t.Fatal("a released lease was not free")
		}
		b.Release()
	})
}

func TestWorkStopsBeforeTheLeaseCanLapse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &memStore{}
		h, _, _ := Take(context.Background(), st, "digest", "a", 30*time.Second)
		defer h.Release()
		st.mu.Lock()
		st.failing = true
		st.mu.Unlock()
		start := time.Now()
		<-h.Context().Done()
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("work went on %v without a renewal, past the lease's 30 s", took)
		}
		if !errors.Is(context.Cause(h.Context()), ErrLost) {
			t.Errorf("cause %v", context.Cause(h.Context()))
		}
	})
}

func TestTheLeaseOutlivesAStopUntilReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &memStore{}
		ctx, stop := context.WithCancel(context.Background())
		h, _, _ := Take(ctx, st, "poller", "a", 15*time.Second)
		stop()
		// Answers in flight finish after the stop, still under the lease.
		time.Sleep(time.Minute)
		if _, ok, _ := Take(context.Background(), st, "poller", "b", 15*time.Second); ok {
			t.Fatal("another took the lease while its holder was finishing")
		}
		h.Release()
		b, ok, _ := Take(context.Background(), st, "poller", "b", 15*time.Second)
		if !ok {
			t.Fatal("the lease was not given up")
		}
		b.Release()
	})
}
