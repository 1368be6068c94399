package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// What several processes sharing one database must agree on: who holds a
// lease, each person's one vote on an answer, and when a chat was
// forgotten.

// TakeLease takes the lease name for holder, or renews it, until ttl from
// now, unless another holder's lease has not yet lapsed. It reports
// whether holder holds the lease. A holder that stops renewing (killed,
// cut off) loses it when it lapses, and then another may take it.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := time.Now()
	res, err := s.exec(ctx, `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE leases.until < ? OR leases.holder = excluded.holder`,
		name, holder, now.Add(ttl).UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	return n > 0, nil
}

// DropLease gives up holder's lease name, if it holds it, so that another
// may take it at once.
func (s *Store) DropLease(ctx context.Context, name, holder string) error {
	if _, err := s.exec(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder); err != nil {
		return fmt.Errorf("drop lease %s: %w", name, err)
	}
	return nil
}

// Cast records a person's tap on 👍 (up) or 👎 under an answer (message
// msg of chat): a first tap votes, a tap on the same button again takes
// the vote back, a tap on the other changes it. voter is a keyed hash of
// the person's id. It returns the vote before and after (+1, -1, or 0 for
// none), and the answer's counts after it.
func (s *Store) Cast(ctx context.Context, chat int64, msg int, voter string, up bool) (before, after int8, ups, downs int, err error) {
	after = 1
	if !up {
		after = -1
	}
	err = s.tx(ctx, func(tx *tx) error {
		var prev int
		err := tx.queryRow(ctx, `SELECT vote FROM ballots WHERE chat_id = ? AND message_id = ? AND voter = ?`, chat, msg, voter).Scan(&prev)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			prev = 0
		case err != nil:
			return err
		}
		before = int8(prev)
		if before == after {
			after = 0
			_, err = tx.exec(ctx, `DELETE FROM ballots WHERE chat_id = ? AND message_id = ? AND voter = ?`, chat, msg, voter)
		} else {
			_, err = tx.exec(ctx, `INSERT INTO ballots (chat_id, message_id, voter, vote) VALUES (?, ?, ?, ?)
				ON CONFLICT (chat_id, message_id, voter) DO UPDATE SET vote = excluded.vote`, chat, msg, voter, int(after))
		}
		if err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END), 0)
			FROM ballots WHERE chat_id = ? AND message_id = ?`, chat, msg).Scan(&ups, &downs)
	})
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("record vote: %w", err)
	}
	return before, after, ups, downs, nil
}

// DropBallots forgets the votes on an answer that was answered anew (its
// question was edited): the new answer starts with none.
func (s *Store) DropBallots(ctx context.Context, chat int64, msg int) error {
	if _, err := s.exec(ctx, `DELETE FROM ballots WHERE chat_id = ? AND message_id = ?`, chat, msg); err != nil {
		return fmt.Errorf("drop votes: %w", err)
	}
	return nil
}

// ForgottenAt returns when the chat was last forgotten with /forget, if
// within the last day.
func (s *Store) ForgottenAt(ctx context.Context, chat int64) (time.Time, bool, error) {
	var at int64
	err := s.queryRow(ctx, `SELECT at FROM forgotten WHERE chat_id = ?`, chat).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read forget mark: %w", err)
	}
	return time.UnixMilli(at), true, nil
}

// Beat records that the machine id is alive now, and returns the machines
// seen within ttl, itself included, sorted. Machines not seen for much
// longer are deleted.
func (s *Store) Beat(ctx context.Context, id string, ttl time.Duration) ([]string, error) {
	now := time.Now()
	if _, err := s.exec(ctx, `INSERT INTO members (id, seen) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET seen = excluded.seen`, id, now.UnixMilli()); err != nil {
		return nil, fmt.Errorf("record machine: %w", err)
	}
	if _, err := s.exec(ctx, `DELETE FROM members WHERE seen < ?`, now.Add(-10*ttl).UnixMilli()); err != nil {
		return nil, fmt.Errorf("record machine: %w", err)
	}
	rows, err := s.query(ctx, `SELECT id FROM members WHERE seen >= ? ORDER BY id`, now.Add(-ttl).UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("list machines: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("list machines: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Leave removes the machine id from those alive, as it stops: no update
// is sent its way any longer.
func (s *Store) Leave(ctx context.Context, id string) error {
	if _, err := s.exec(ctx, `DELETE FROM members WHERE id = ?`, id); err != nil {
		return fmt.Errorf("remove machine: %w", err)
	}
	return nil
}
