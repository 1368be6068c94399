package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the bot's database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// Open opens (creating it when missing) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if info, err := os.Stat(path); err == nil && info.Size() == 0 {
		// SQLite would take an empty file for a new database: a failed
		// restore or a truncated volume would unsubscribe everyone
		// without a word.
		return nil, fmt.Errorf("open database: %s is empty (0 bytes), which is not a database this bot made: restore it from a copy (reportbot backup makes one), or delete it to start again with no subscriptions", path)
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		// A database made by an older version may be readable by others.
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=secure_delete(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	// One writer at a time is SQLite's rule; a single connection also makes
	// every transaction see the last one's writes.
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		if strings.Contains(err.Error(), "not a database") || strings.Contains(err.Error(), "malformed") {
			return nil, fmt.Errorf("open database: %s cannot be read as a database (%w): restore it from a copy (reportbot backup makes one)", path, err)
		}
		return nil, err
	}
	return s, nil
}

// Close closes the database, checkpointing the WAL.
func (s *Store) Close() error { return s.db.Close() }

// migrate applies the migrations newer than the database's version, each in
// its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	if newest := len(files); current > newest {
		// A newer version of the bot wrote this database; this one would
		// read it wrong.
		return fmt.Errorf("migrate: the database is at schema version %d, newer than this program knows (%d): run the newer reportbot, or restore a backup", current, newest)
	}
	for _, f := range files {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(f), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s has no version number", f)
		}
		if v <= current {
			continue
		}
		body, err := fs.ReadFile(migrations, f)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, time.Now().Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", f, err)
		}
	}
	return nil
}

// Version returns the schema version.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// tx runs f in a transaction, committing when it returns nil.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ChatLang returns the language chosen for a chat with /lang.
func (s *Store) ChatLang(ctx context.Context, chatID int64) (string, bool, error) {
	var l string
	err := s.db.QueryRowContext(ctx, `SELECT lang FROM chats WHERE chat_id = ?`, chatID).Scan(&l)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read chat language: %w", err)
	}
	return l, true, nil
}

// SetChatLang records the language chosen for a chat.
func (s *Store) SetChatLang(ctx context.Context, chatID int64, lang string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO chats (chat_id, lang) VALUES (?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang`, chatID, lang)
	if err != nil {
		return fmt.Errorf("save chat language: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the database to path (which must not
// exist), while the bot keeps running: SQLite's VACUUM INTO.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	// VACUUM INTO fills an empty file as it finds it: made private first.
	if err := createPrivate(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// createPrivate makes path an empty file only its owner can read, unless
// it exists. SQLite creates the database's -wal and -shm files with the
// database file's permissions, so they are private too: they hold which
// chats subscribe.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// AddVote counts one 👍 (up) or 👎 for each citation id.
func (s *Store) AddVote(ctx context.Context, up bool, ids ...string) error {
	col := "down"
	if up {
		col = "up"
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO feedback (citation_id, `+col+`) VALUES (?, 1)
				ON CONFLICT (citation_id) DO UPDATE SET `+col+` = `+col+` + 1`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return nil
}

// RemoveVote takes back one 👍 (up) or 👎 for each citation id, never below
// zero: a person changed or withdrew their vote.
func (s *Store) RemoveVote(ctx context.Context, up bool, ids ...string) error {
	col := "down"
	if up {
		col = "up"
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE feedback SET `+col+` = MAX(`+col+` - 1, 0) WHERE citation_id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("take back vote: %w", err)
	}
	return nil
}

// Votes returns the 👍 and 👎 counts of a citation id.
func (s *Store) Votes(ctx context.Context, id string) (up, down int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT up, down FROM feedback WHERE citation_id = ?`, id).Scan(&up, &down)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return up, down, err
}
