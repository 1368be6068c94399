package store

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestADataFolderHasOneWriter takes a folder's lock twice: the second is
// refused, naming the process that holds it, until the first is released.
func TestADataFolderHasOneWriter(t *testing.T) {
	dir := t.TempDir()
	first, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockDir(dir)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock: %v", err)
	}
	first.Release()
	again, err := LockDir(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again.Release()
}

// TestAnEmptyOrDamagedDatabaseIsRefused opens a database file that is
// empty, and one that is not a database: each is refused with a message
// that names the file and how to restore it, and neither is touched.
func TestAnEmptyOrDamagedDatabaseIsRefused(t *testing.T) {
	for name, body := range map[string]string{"empty": "", "damaged": strings.Repeat("not a database ", 300)} {
		path := t.TempDir() + "/reportbot.db"
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(t.Context(), path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "reportbot backup") {
			t.Errorf("%s: %v", name, err)
		}
		if after, _ := os.ReadFile(path); string(after) != body {
			t.Errorf("%s: the file was changed", name)
		}
	}
}
