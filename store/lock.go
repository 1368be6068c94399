package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Only one process may write a data folder: two bots would both poll,
// both send the digest, and race on the database. A process that writes
// takes the folder's lock (see LockDir); one that only reads does not need
// it.

// ErrLocked is returned by LockDir when another process holds the folder.
var ErrLocked = errors.New("data folder locked")

// DirLock is a held lock on a data folder.
type DirLock struct{ f *os.File }

// LockDir takes the exclusive lock on the data folder dir, held until
// Release or the process ends (even by kill -9: the system lets go of it).
// When another process holds it, the error wraps ErrLocked and names that
// process.
func LockDir(dir string) (*DirLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	path := filepath.Join(dir, "reportbot.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := flock(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		who := "another reportbot process"
		if pid := strings.TrimSpace(string(holder)); pid != "" {
			who += " (pid " + pid + ")"
		}
		return nil, fmt.Errorf("%w: %s is using the data folder %s; only one serve or digest may run on it at a time: stop it first", ErrLocked, who, dir)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &DirLock{f: f}, nil
}

// Release lets go of the lock.
func (l *DirLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
