package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"reportbot/store/storetest"
)

func TestALeaseHasOneHolderUntilItLapses(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		take := func(holder string, ttl time.Duration) bool {
			ok, err := s.TakeLease(ctx, "digest", holder, ttl)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take("a", time.Minute) {
			t.Fatal("a free lease was not taken")
		}
		if take("b", time.Minute) {
			t.Fatal("b took a lease a holds")
		}
		if !take("a", 30*time.Millisecond) {
			t.Fatal("a could not renew its lease")
		}
		time.Sleep(60 * time.Millisecond)
		if !take("b", time.Minute) {
			t.Fatal("b could not take a lapsed lease")
		}
		if take("a", time.Minute) {
			t.Fatal("a took back a lease b holds")
		}
		if err := s.DropLease(ctx, "digest", "b"); err != nil {
			t.Fatal(err)
		}
		if !take("a", time.Minute) {
			t.Fatal("a dropped lease was not free")
		}
	})
}

// TestAStaleClaimIsReleasedOnlyWhileStale is the race of two deliverers:
// both list a stale claim, one releases it and claims the day anew, and
// the other's release must then leave the new claim alone.
func TestAStaleClaimIsReleasedOnlyWhileStale(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		s.SaveSubscription(ctx, Subscription{ChatID: 1, Hour: 9, TZ: "UTC", Lang: "en"})
		if ok, _ := s.Claim(ctx, 1, "2026-12-01", "a", "t", []string{"a"}); !ok {
			t.Fatal("no claim")
		}
		if _, err := s.exec(ctx, `UPDATE deliveries SET updated_at = ?`, time.Now().Add(-time.Hour).Unix()); err != nil {
			t.Fatal(err)
		}
		before := time.Now().Add(-10 * time.Minute).Unix()
		// The first deliverer releases it and claims it again.
		if released, unknown, err := s.Recover(ctx, 10*time.Minute); err != nil || released != 1 || unknown != 0 {
			t.Fatalf("recover: %d released, %d unknown, %v", released, unknown, err)
		}
		if ok, _ := s.Claim(ctx, 1, "2026-12-01", "b", "t2", []string{"b"}); !ok {
			t.Fatal("the released day could not be claimed")
		}
		// The second, which listed the old claim, releases it now.
		if ok, err := s.release(ctx, 1, "2026-12-01", `AND attempted = 0 AND updated_at < ?`, before); err != nil || ok {
			t.Fatalf("a fresh claim was released as stale: %v %v", ok, err)
		}
		ds, _ := s.Deliveries(ctx, "2026-12-01")
		if len(ds) != 1 || ds[0].Citation != "b" || ds[0].Status != "pending" {
			t.Errorf("deliveries %+v", ds)
		}
		if sub, _, _ := s.Subscription(ctx, 1); sub.LastTheme != "t2" {
			t.Errorf("the rotation was put back under the new claim: %+v", sub)
		}
	})
}

func TestEachPersonHasOneVoteOnAnAnswer(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		steps := []struct {
			voter         string
			up            bool
			before, after int8
			ups, downs    int
		}{
			{"ann", true, 0, 1, 1, 0},
			{"bob", true, 0, 1, 2, 0},
			{"ann", true, 1, 0, 1, 0},   // the same again takes it back
			{"bob", false, 1, -1, 0, 1}, // the other changes it
			{"ann", false, 0, -1, 0, 2},
		}
		for i, st := range steps {
			before, after, ups, downs, err := s.Cast(ctx, 5, 77, st.voter, st.up)
			if err != nil {
				t.Fatal(err)
			}
			if before != st.before || after != st.after || ups != st.ups || downs != st.downs {
				t.Errorf("step %d: %d→%d, %d up %d down; want %d→%d, %d up %d down", i, before, after, ups, downs, st.before, st.after, st.ups, st.downs)
			}
		}
		if err := s.DropBallots(ctx, 5, 77); err != nil {
			t.Fatal(err)
		}
		if _, _, ups, downs, _ := s.Cast(ctx, 5, 77, "ann", true); ups != 1 || downs != 0 {
			t.Errorf("after the answer was renewed: %d up %d down", ups, downs)
		}
		if _, err := s.ForgetChat(ctx, 5); err != nil {
			t.Fatal(err)
		}
		if _, _, ups, _, _ := s.Cast(ctx, 5, 77, "bob", true); ups != 1 {
			t.Errorf("/forget left %d votes on the chat's answers", ups-1)
		}
		if at, ok, err := s.ForgottenAt(ctx, 5); err != nil || !ok || time.Since(at) > time.Minute {
			t.Errorf("forget mark %v %v %v", at, ok, err)
		}
		if _, ok, _ := s.ForgottenAt(ctx, 6); ok {
			t.Error("a chat never forgotten has a mark")
		}
	})
}

// TestMachinesClaimADigestOnce has several processes, each with its own
// connections, claim the same chats' digests at once: each chat's day is
// claimed once.
func TestMachinesClaimADigestOnce(t *testing.T) {
	url := storetest.URL(t)
	ctx := context.Background()
	var machines []*Store
	for range 3 {
		s, err := OpenURL(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		machines = append(machines, s)
	}
	const chats = 50
	for c := range chats {
		machines[0].SaveSubscription(ctx, Subscription{ChatID: int64(c), Hour: 9, TZ: "UTC", Lang: "en"})
	}
	var won atomic.Int64
	var wg sync.WaitGroup
	for _, m := range machines {
		wg.Go(func() {
			for c := range chats {
				ok, err := m.Claim(ctx, int64(c), "2026-12-01", "x", "t", nil)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					won.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if won.Load() != chats {
		t.Errorf("%d claims won for %d chats", won.Load(), chats)
	}
}

func TestBackupOfPostgresSaysWhatToUse(t *testing.T) {
	s := openPostgres(t)
	err := s.Backup(context.Background(), t.TempDir()+"/x.db")
	if !errors.Is(err, ErrBackupElsewhere) {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}

// TestAPostgresSchemaFromANewerVersionIsNotUsed: a machine still on the
// old version, started after a newer one migrated, refuses to run.
func TestAPostgresSchemaFromANewerVersionIsNotUsed(t *testing.T) {
	url := storetest.URL(t)
	ctx := context.Background()
	s, err := OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := OpenURL(ctx, url); err == nil || !strings.Contains(err.Error(), "schema version 99") {
		t.Errorf("a database at schema 99 opened with %v", err)
	}
}

func TestMachinesSeeEachOtherUntilOneLeavesOrFallsSilent(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		beat := func(id string, ttl time.Duration) []string {
			t.Helper()
			got, err := s.Beat(ctx, id, ttl)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		beat("b", time.Minute)
		if got := beat("a", time.Minute); len(got) != 2 || got[0] != "a" || got[1] != "b" {
			t.Fatalf("members %v", got)
		}
		if err := s.Leave(ctx, "b"); err != nil {
			t.Fatal(err)
		}
		if got := beat("a", time.Minute); len(got) != 1 {
			t.Fatalf("after b left: %v", got)
		}
		beat("c", time.Minute)
		time.Sleep(30 * time.Millisecond)
		if got := beat("a", 20*time.Millisecond); len(got) != 1 || got[0] != "a" {
			t.Errorf("a machine silent for longer than the ttl is still a member: %v", got)
		}
	})
}
