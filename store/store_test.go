package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/store/storetest"
)

func open(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bot.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// backends runs a test against each database the store speaks: SQLite,
// and PostgreSQL when TEST_DATABASE_URL names a server (see storetest).
func backends(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, _ := open(t)
		test(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		test(t, openPostgres(t))
	})
}

func openPostgres(t *testing.T) *Store {
	t.Helper()
	s, err := OpenURL(context.Background(), storetest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMigratesOnceAndKeepsDataAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	v, err := s.Version(ctx)
	if err != nil || v != 6 {
		t.Fatalf("version %d, %v", v, err)
	}
	var mode string
	s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal mode %q, want wal", mode)
	}
	if err := s.SetChatLang(ctx, 7, "kk"); err != nil {
		t.Fatal(err)
	}
	s.SaveSubscription(ctx, Subscription{ChatID: 7, Hour: 9, TZ: "Asia/Almaty", Lang: "kk", Themes: []string{"torture", "media"}})
	s.Close()

	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if v, _ := s2.Version(ctx); v != 6 {
		t.Errorf("version after reopening %d", v)
	}
	if l, ok, _ := s2.ChatLang(ctx, 7); !ok || l != "kk" {
		t.Errorf("chat language after restart: %q %v", l, ok)
	}
	sub, ok, _ := s2.Subscription(ctx, 7)
	if !ok || sub.Hour != 9 || len(sub.Themes) != 2 || sub.Themes[1] != "media" {
		t.Errorf("subscription after restart: %+v %v", sub, ok)
	}
}

func TestClaimIsOncePerChatAndDayAndReleaseRestoresTheRotation(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		s.SaveSubscription(ctx, Subscription{ChatID: 1, Hour: 9, TZ: "UTC", Lang: "en"})
		ok, err := s.Claim(ctx, 1, "2026-11-27", "kz2016-torture-1", "torture", []string{"kz2016-torture-1"})
		if err != nil || !ok {
			t.Fatalf("first claim: %v %v", ok, err)
		}
		if ok, _ := s.Claim(ctx, 1, "2026-11-27", "kz2016-media-1", "media", nil); ok {
			t.Error("a second claim for the same day succeeded")
		}
		if ok, _ := s.Claim(ctx, 2, "2026-11-27", "x", "x", nil); ok {
			t.Error("a chat without a subscription was claimed")
		}
		if err := s.Release(ctx, 1, "2026-11-27"); err != nil {
			t.Fatal(err)
		}
		sub, _, _ := s.Subscription(ctx, 1)
		if sub.LastTheme != "" || len(sub.Cycle) != 0 {
			t.Errorf("rotation after release: %+v", sub)
		}
		if ok, _ := s.Claim(ctx, 1, "2026-11-27", "kz2016-torture-1", "torture", []string{"kz2016-torture-1"}); !ok {
			t.Error("a released day cannot be claimed again")
		}
		s.MarkSent(ctx, 1, "2026-11-27", 55)
		s.Release(ctx, 1, "2026-11-27") // a sent digest is not released
		ds, _ := s.Deliveries(ctx, "2026-11-27")
		if len(ds) != 1 || ds[0].Status != "sent" || ds[0].MessageID != 55 {
			t.Errorf("deliveries %+v", ds)
		}
	})
}

func TestMoveChatCarriesEverything(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		s.SetChatLang(ctx, -5, "ru")
		s.SaveSubscription(ctx, Subscription{ChatID: -5, Hour: 8, TZ: "UTC", Lang: "ru"})
		s.Claim(ctx, -5, "2026-11-26", "a", "t", nil)
		if err := s.MoveChat(ctx, -5, -1005); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Subscription(ctx, -5); ok {
			t.Error("the old id keeps its subscription")
		}
		if sub, ok, _ := s.Subscription(ctx, -1005); !ok || sub.Hour != 8 {
			t.Error("the new id has no subscription")
		}
		if l, ok, _ := s.ChatLang(ctx, -1005); !ok || l != "ru" {
			t.Error("the new id has no language")
		}
		if d, _ := s.DeliveredOn(ctx, "2026-11-26"); !d[-1005]["2026-11-26"] {
			t.Error("the delivery record did not move")
		}
	})
}

func TestBackupIsAUsableCopy(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	s.SaveSubscription(ctx, Subscription{ChatID: 3, Hour: 7, TZ: "UTC", Lang: "en"})
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if sub, ok, _ := c.Subscription(ctx, 3); !ok || sub.Hour != 7 {
		t.Errorf("the backup lacks the subscription: %+v", sub)
	}
}

func TestVotesAreCounted(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		s.AddVote(ctx, true, "a", "b")
		s.AddVote(ctx, false, "a")
		s.AddVote(ctx, true, "a")
		if up, down, err := s.Votes(ctx, "a"); err != nil || up != 2 || down != 1 {
			t.Errorf("a: %d up, %d down, %v", up, down, err)
		}
		if up, down, _ := s.Votes(ctx, "none"); up != 0 || down != 0 {
			t.Error("an unvoted passage has votes")
		}
	})
}

// TestTheDatabaseAndItsBackupsArePrivate checks the permissions of every
// file that holds which chats subscribe: the database, its WAL and shared
// memory files, and a backup.
func TestTheDatabaseAndItsBackupsArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "reportbot.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetChatLang(ctx, 1, "ru"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm", backup} {
		info, err := os.Stat(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s is %v, readable by others", filepath.Base(f), perm)
		}
	}
}

// TestADatabaseFromANewerVersionIsNotUsed opens a database whose schema a
// newer version of the bot wrote: this one must refuse it with a clear
// error rather than read and write it wrong.
func TestADatabaseFromANewerVersionIsNotUsed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reportbot.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "schema version 99") {
		t.Errorf("a database at schema 99 opened with %v", err)
	}
}
