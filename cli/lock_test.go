package cli

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/store"
)

// TestOneDataFolderOneWriter holds a data folder's lock as a running bot
// would: a second serve or digest exits with a message that says so, and
// commands that only read the folder still work.
func TestOneDataFolderOneWriter(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(data, "reportbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	held, err := store.LockDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	for _, args := range [][]string{{"serve"}, {"digest"}} {
		c := newCLI(data)
		c.Config.Telegram.Token = "4242:LOCKtestTOKEN-abcdef"
		c.Config.Telegram.APIURL = "http://127.0.0.1:1" // never reached
		code := c.Run(context.Background(), args)
		errs := c.Stderr.(*strings.Builder).String()
		if code == 0 || !strings.Contains(errs, "is using the data folder") || !strings.Contains(errs, "stop it first") {
			t.Errorf("%v while another process holds the folder: exit %d, %q", args, code, errs)
		}
	}
	if code, _, errs := run(t, data, "", "digest", "--dry-run"); code != 0 {
		t.Errorf("digest --dry-run: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, data, "", "backup", filepath.Join(t.TempDir(), "b.db")); code != 0 {
		t.Errorf("backup: exit %d: %s", code, errs)
	}
	held.Release()
	if l, err := store.LockDir(data); err != nil {
		t.Errorf("the lock is not free once released: %v", err)
	} else {
		l.Release()
	}
}

// newCLI returns a CLI on a data folder whose output the test reads.
func newCLI(data string) *CLI {
	c := &CLI{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Log: slog.New(slog.DiscardHandler)}
	c.Config.DataDir = data
	return c
}
