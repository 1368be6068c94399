package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/store"
	"reportbot/store/storetest"
)

// TestMovingToSeveralMachinesAndBack copies a machine's SQLite database
// into PostgreSQL, as a move to several machines does, and from there into
// a new SQLite file, as the move back does: the subscription survives both.
func TestMovingToSeveralMachinesAndBack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	one := filepath.Join(dir, "reportbot.db")
	st, err := store.Open(ctx, one)
	if err != nil {
		t.Fatal(err)
	}
	st.SaveSubscription(ctx, store.Subscription{ChatID: 77, Hour: 7, TZ: "Asia/Almaty", Lang: "ru"})
	st.Close()

	copyDB := func(from, to string) string {
		t.Helper()
		code, out, errs := run(t, dir, "", "copy-db", from, to)
		if code != 0 {
			t.Fatalf("copy-db %s %s: exit %d: %s", from, to, code, errs)
		}
		return out
	}
	url := storetest.URL(t)
	if out := copyDB(one, url); !strings.Contains(out, "1 subscriptions") {
		t.Errorf("to PostgreSQL: %q", out)
	}
	back := filepath.Join(t.TempDir(), "reportbot.db")
	copyDB(url, back)
	st, err = store.Open(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if sub, ok, _ := st.Subscription(ctx, 77); !ok || sub.Hour != 7 || sub.Lang != "ru" {
		t.Errorf("after the move and back: %+v %v", sub, ok)
	}
}

func TestCopyDBRefusesWhatWouldLoseOrMix(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "reportbot.db")
	st, err := store.Open(context.Background(), existing)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"copy-db", existing}, 2, "give the database"},
		{[]string{"copy-db", filepath.Join(dir, "typo.db"), filepath.Join(dir, "new.db")}, 1, "no database at"},
		{[]string{"copy-db", existing, existing}, 1, "exists"},
	}
	for _, tt := range tests {
		code, _, errs := run(t, dir, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.says) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args, code, errs, tt.code, tt.says)
		}
	}
}

func TestMigrateSaysTheSchemaVersion(t *testing.T) {
	code, out, errs := run(t, "", "", "migrate")
	if code != 0 || !strings.Contains(out, "SQLite database at schema version 6") {
		t.Errorf("exit %d: %q %q", code, out, errs)
	}
}
