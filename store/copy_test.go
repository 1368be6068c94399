package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestCopyMovesEverythingAChatHas copies a database with a chat's
// language, subscription, delivery record and votes into a new one, of
// each kind (SQLite to PostgreSQL and back, when there is one), and finds
// all of it there.
func TestCopyMovesEverythingAChatHas(t *testing.T) {
	ctx := context.Background()
	src, _ := open(t)
	src.SetChatLang(ctx, 9, "kk")
	src.SaveSubscription(ctx, Subscription{ChatID: 9, Hour: 8, TZ: "Asia/Almaty", Lang: "kk", Themes: []string{"torture"}})
	src.Claim(ctx, 9, "2026-12-01", "kz2016-torture-1", "torture", []string{"kz2016-torture-1"})
	src.MarkSent(ctx, 9, "2026-12-01", 42)
	src.AddVote(ctx, true, "kz2016-torture-1")
	src.Cast(ctx, 9, 42, "voter", true)
	check := func(t *testing.T, s *Store) {
		t.Helper()
		if l, ok, _ := s.ChatLang(ctx, 9); !ok || l != "kk" {
			t.Errorf("language %q %v", l, ok)
		}
		sub, ok, _ := s.Subscription(ctx, 9)
		if !ok || sub.Hour != 8 || sub.LastTheme != "torture" || len(sub.Cycle) != 1 {
			t.Errorf("subscription %+v %v", sub, ok)
		}
		if ds, _ := s.Deliveries(ctx, "2026-12-01"); len(ds) != 1 || ds[0].Status != "sent" || ds[0].MessageID != 42 {
			t.Errorf("deliveries %+v", ds)
		}
		if up, _, _ := s.Votes(ctx, "kz2016-torture-1"); up != 1 {
			t.Errorf("%d votes up", up)
		}
		if before, _, _, _, _ := s.Cast(ctx, 9, 42, "voter", false); before != 1 {
			t.Errorf("the person's vote was not copied: before %d", before)
		}
	}
	into := func(t *testing.T, from, to *Store) {
		t.Helper()
		n, err := from.CopyTo(ctx, to)
		if err != nil {
			t.Fatal(err)
		}
		if n["subscriptions"] != 1 || n["deliveries"] != 1 {
			t.Errorf("copied %v", n)
		}
		if _, err := from.CopyTo(ctx, to); err == nil || !strings.Contains(err.Error(), "already has") {
			t.Errorf("a second copy into the same database: %v", err)
		}
	}
	t.Run("sqlite to sqlite", func(t *testing.T) {
		dst, err := Open(ctx, filepath.Join(t.TempDir(), "copy.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		into(t, src, dst)
		check(t, dst)
	})
	t.Run("sqlite to postgres and back", func(t *testing.T) {
		pg := openPostgres(t)
		into(t, src, pg)
		back, err := Open(ctx, filepath.Join(t.TempDir(), "back.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer back.Close()
		into(t, pg, back)
		check(t, back)
	})
}
