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

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
	_ "modernc.org/sqlite"             // the database/sql driver "sqlite"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Store is the bot's database: SQLite in a file, the embedded default, or
// PostgreSQL, which several machines can share. It is safe for concurrent
// use.
type Store struct {
	db *sql.DB
	// postgres is true for PostgreSQL: queries are written with SQLite's
	// ? placeholders and renumbered for it (see rebind).
	postgres bool
}

// Open opens (creating it when missing) the SQLite database at path and
// brings its schema up to date.
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

// OpenURL opens the PostgreSQL database at url (postgres://…, as
// DATABASE_URL gives it) and brings its schema up to date. Several
// processes on several machines may share it.
func OpenURL(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database: cannot reach PostgreSQL (%w): check DATABASE_URL", err)
	}
	s := &Store{db: db, postgres: true}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Postgres reports whether the store is PostgreSQL, shared by machines.
func (s *Store) Postgres() bool { return s.postgres }

// Close closes the database, checkpointing SQLite's WAL.
func (s *Store) Close() error { return s.db.Close() }

// migrationLock keys the PostgreSQL advisory lock that lets one machine
// at a time migrate: two starting at once would both apply a migration.
const migrationLock = 0x7265706f7274 // "report"

// migrate applies the migrations of the store's dialect newer than the
// database's version, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	dialect := "sqlite"
	if s.postgres {
		dialect = "postgres"
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}
	if _, err := s.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	current, err := s.Version(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	files, err := fs.Glob(migrations, "migrations/"+dialect+"/*.sql")
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
		err = s.tx(ctx, func(tx *tx) error {
			if _, err := tx.exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, time.Now().Unix())
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
	err := s.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// ChatLang returns the language chosen for a chat with /lang.
func (s *Store) ChatLang(ctx context.Context, chatID int64) (string, bool, error) {
	var l string
	err := s.queryRow(ctx, `SELECT lang FROM chats WHERE chat_id = ?`, chatID).Scan(&l)
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
	_, err := s.exec(ctx, `INSERT INTO chats (chat_id, lang) VALUES (?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang`, chatID, lang)
	if err != nil {
		return fmt.Errorf("save chat language: %w", err)
	}
	return nil
}

// ErrBackupElsewhere is returned by Backup for PostgreSQL, whose own tools
// copy a database while it is in use.
var ErrBackupElsewhere = errors.New("backup: the database is PostgreSQL (DATABASE_URL): copy it with pg_dump (pg_dump --format=custom \"$DATABASE_URL\" > reportbot.dump), or your provider's backups; reportbot backup copies only the SQLite file")

// Backup writes a consistent copy of the database to path (which must not
// exist), while the bot keeps running: SQLite's VACUUM INTO.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.postgres {
		return ErrBackupElsewhere
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	// VACUUM INTO fills an empty file as it finds it: made private first.
	if err := createPrivate(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.exec(ctx, `VACUUM INTO ?`, path); err != nil {
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
	err := s.tx(ctx, func(tx *tx) error {
		for _, id := range ids {
			if _, err := tx.exec(ctx, `INSERT INTO feedback (citation_id, `+col+`) VALUES (?, 1)
				ON CONFLICT (citation_id) DO UPDATE SET `+col+` = feedback.`+col+` + 1`, id); err != nil {
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
	err := s.tx(ctx, func(tx *tx) error {
		for _, id := range ids {
			if _, err := tx.exec(ctx, `UPDATE feedback SET `+col+` = `+s.greatest(col+` - 1`, `0`)+` WHERE citation_id = ?`, id); err != nil {
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
	err = s.queryRow(ctx, `SELECT up, down FROM feedback WHERE citation_id = ?`, id).Scan(&up, &down)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return up, down, err
}
