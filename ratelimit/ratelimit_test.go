package ratelimit

import (
	"testing"
	"testing/synctest"
	"time"
)

// TestAWindowAllowsBurstsThenWaits allows three events in ten minutes: the
// fourth waits for the oldest to leave the window, with one notice per
// burst, and another key is not held back.
func TestAWindowAllowsBurstsThenWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New[int64](3, 10*time.Minute)
		for i := range 3 {
			if ok, _, _ := l.Allow(1); !ok {
				t.Fatalf("event %d refused", i+1)
			}
			time.Sleep(time.Minute)
		}
		ok, wait, notify := l.Allow(1)
		if ok || wait != 7*time.Minute || !notify {
			t.Errorf("4th event: ok=%v wait=%v notify=%v, want refused for 7m with a notice", ok, wait, notify)
		}
		for range 5 {
			if ok, _, notify := l.Allow(1); ok || notify {
				t.Errorf("a further event in the window: ok=%v notify=%v, want refused without a notice", ok, notify)
			}
		}
		if ok, _, _ := l.Allow(2); !ok {
			t.Error("another key is limited too")
		}
		time.Sleep(8 * time.Minute)
		if ok, _, _ := l.Allow(1); !ok {
			t.Error("still limited after the window")
		}
		l.Allow(1) // allowed: the window now holds three again
		if _, _, notify := l.Allow(1); !notify {
			t.Error("a new burst after an allowed event gets no notice")
		}
	})
}
