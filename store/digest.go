package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Subscription is a chat's digest settings and rotation state.
type Subscription struct {
	ChatID int64
	// Themes are theme names (see rag.Index.Theme): a section id, or
	// "doc/id" where several reports have that id; a bare id kept from
	// before names the theme in every report. Empty means every theme
	// in rotation.
	Themes []string
	// Hour (0–23) in time zone TZ (an IANA name) is when the digest is due.
	Hour int
	TZ   string
	// Lang is the language of the excerpts.
	Lang string
	// LastTheme is the theme of the last excerpt; Cycle the citation ids
	// sent in each theme's current cycle.
	LastTheme string
	Cycle     []string
	// Created is when the chat subscribed: no digest is due before it.
	Created time.Time
}

// Subscription returns a chat's subscription, if it has one.
func (s *Store) Subscription(ctx context.Context, chatID int64) (Subscription, bool, error) {
	row := s.queryRow(ctx, `SELECT chat_id, themes, hour, tz, lang, last_theme, cycle, created_at FROM subscriptions WHERE chat_id = ?`, chatID)
	sub, err := scanSubscription(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Subscription{}, false, nil
	}
	if err != nil {
		return Subscription{}, false, fmt.Errorf("read subscription: %w", err)
	}
	return sub, true, nil
}

type scanner interface{ Scan(...any) error }

func scanSubscription(r scanner) (Subscription, error) {
	var sub Subscription
	var themes, cycle string
	var created int64
	err := r.Scan(&sub.ChatID, &themes, &sub.Hour, &sub.TZ, &sub.Lang, &sub.LastTheme, &cycle, &created)
	sub.Created = time.Unix(created, 0)
	sub.Themes = strings.Fields(themes)
	sub.Cycle = strings.Fields(cycle)
	return sub, err
}

// SaveSubscription creates or changes a chat's settings, keeping its
// rotation state and the time it subscribed.
func (s *Store) SaveSubscription(ctx context.Context, sub Subscription) error {
	now := time.Now().Unix()
	_, err := s.exec(ctx, `INSERT INTO subscriptions (chat_id, themes, hour, tz, lang, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET themes = excluded.themes, hour = excluded.hour,
			tz = excluded.tz, lang = excluded.lang, updated_at = excluded.updated_at`,
		sub.ChatID, strings.Join(sub.Themes, " "), sub.Hour, sub.TZ, sub.Lang, now, now)
	if err != nil {
		return fmt.Errorf("save subscription: %w", err)
	}
	return nil
}

// Unsubscribe removes a chat's subscription. Its delivery history stays, so
// that a chat that subscribes again the same day gets nothing twice.
func (s *Store) Unsubscribe(ctx context.Context, chatID int64) error {
	if _, err := s.exec(ctx, `DELETE FROM subscriptions WHERE chat_id = ?`, chatID); err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	return nil
}

// Subscriptions returns every subscription, ordered by chat id.
func (s *Store) Subscriptions(ctx context.Context) ([]Subscription, error) {
	rows, err := s.query(ctx, `SELECT chat_id, themes, hour, tz, lang, last_theme, cycle, created_at FROM subscriptions ORDER BY chat_id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("list subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// DeliveredOn returns the chats that have a delivery row (in any state) for
// a local day, "YYYY-MM-DD".
func (s *Store) DeliveredOn(ctx context.Context, days ...string) (map[int64]map[string]bool, error) {
	out := map[int64]map[string]bool{}
	if len(days) == 0 {
		return out, nil
	}
	q := `SELECT chat_id, day FROM deliveries WHERE day IN (?` + strings.Repeat(",?", len(days)-1) + `)`
	args := make([]any, len(days))
	for i, d := range days {
		args[i] = d
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read deliveries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var chat int64
		var day string
		if err := rows.Scan(&chat, &day); err != nil {
			return nil, err
		}
		if out[chat] == nil {
			out[chat] = map[string]bool{}
		}
		out[chat][day] = true
	}
	return out, rows.Err()
}

// Claim records that a chat's digest for a day is being sent, with the
// rotation state after it, unless the chat already has one for that day.
// It reports whether the claim was made: false means someone else (an
// earlier run) already sent or is sending it.
func (s *Store) Claim(ctx context.Context, chatID int64, day, citation, theme string, cycle []string) (bool, error) {
	claimed := false
	err := s.tx(ctx, func(tx *tx) error {
		var prevTheme, prevCycle string
		err := tx.queryRow(ctx, `SELECT last_theme, cycle FROM subscriptions WHERE chat_id = ?`, chatID).Scan(&prevTheme, &prevCycle)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // unsubscribed meanwhile
		}
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `INSERT INTO deliveries (chat_id, day, citation_id, status, prev_theme, prev_cycle, updated_at)
			VALUES (?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (chat_id, day) DO NOTHING`,
			chatID, day, citation, prevTheme, prevCycle, time.Now().Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE subscriptions SET last_theme = ?, cycle = ? WHERE chat_id = ?`,
			theme, strings.Join(cycle, " "), chatID); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim digest: %w", err)
	}
	return claimed, nil
}

// MarkAttempted records that the send of a claimed digest is starting: from
// now on a crash leaves it unknown rather than unsent.
func (s *Store) MarkAttempted(ctx context.Context, chatID int64, day string) error {
	_, err := s.exec(ctx, `UPDATE deliveries SET attempted = 1, updated_at = ? WHERE chat_id = ? AND day = ? AND status = 'pending'`,
		time.Now().Unix(), chatID, day)
	if err != nil {
		return fmt.Errorf("record digest attempt: %w", err)
	}
	return nil
}

// Recover settles the claims that a run killed half-way left pending for
// longer than lease: one whose send never started is released, so that the
// next run sends it; one whose send started may have arrived, and is
// recorded as unknown rather than sent twice. It returns how many of each.
// Each claim is settled only if it is still stale as it is settled: on
// several machines, another deliverer may have released it and claimed it
// anew since it was listed.
func (s *Store) Recover(ctx context.Context, lease time.Duration) (released, unknown int, err error) {
	before := time.Now().Add(-lease).Unix()
	rows, err := s.query(ctx, `SELECT chat_id, day, attempted FROM deliveries WHERE status = 'pending' AND updated_at < ?`, before)
	if err != nil {
		return 0, 0, fmt.Errorf("recover digests: %w", err)
	}
	type claim struct {
		chat      int64
		day       string
		attempted bool
	}
	var stale []claim
	for rows.Next() {
		var c claim
		if err := rows.Scan(&c.chat, &c.day, &c.attempted); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("recover digests: %w", err)
		}
		stale = append(stale, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("recover digests: %w", err)
	}
	for _, c := range stale {
		if c.attempted {
			res, err := s.exec(ctx, `UPDATE deliveries SET status = 'unknown', updated_at = ?
				WHERE chat_id = ? AND day = ? AND status = 'pending' AND attempted = 1 AND updated_at < ?`,
				time.Now().Unix(), c.chat, c.day, before)
			if err != nil {
				return released, unknown, fmt.Errorf("recover digests: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				unknown++
			}
			continue
		}
		ok, err := s.release(ctx, c.chat, c.day, `AND attempted = 0 AND updated_at < ?`, before)
		if err != nil {
			return released, unknown, err
		}
		if ok {
			released++
		}
	}
	return released, unknown, nil
}

// MarkSent records that Telegram confirmed a claimed digest.
func (s *Store) MarkSent(ctx context.Context, chatID int64, day string, messageID int) error {
	return s.setStatus(ctx, chatID, day, "sent", messageID)
}

// MarkUnknown records that a claimed digest may or may not have arrived:
// the request went out but its reply was lost. It is not sent again.
func (s *Store) MarkUnknown(ctx context.Context, chatID int64, day string) error {
	return s.setStatus(ctx, chatID, day, "unknown", 0)
}

func (s *Store) setStatus(ctx context.Context, chatID int64, day, status string, messageID int) error {
	_, err := s.exec(ctx, `UPDATE deliveries SET status = ?, message_id = ?, updated_at = ? WHERE chat_id = ? AND day = ?`,
		status, messageID, time.Now().Unix(), chatID, day)
	if err != nil {
		return fmt.Errorf("record digest %s: %w", status, err)
	}
	return nil
}

// Release undoes a claim that Telegram refused, so that the digest can be
// sent later, and puts the rotation back where it was.
func (s *Store) Release(ctx context.Context, chatID int64, day string) error {
	_, err := s.release(ctx, chatID, day, "")
	return err
}

// release deletes a pending claim that also meets the condition and
// (with its args), and puts the chat's rotation back. It reports whether
// it did: the delete says which claim was there as it was deleted, so
// that two machines cannot both restore the rotation of one claim.
func (s *Store) release(ctx context.Context, chatID int64, day, and string, args ...any) (bool, error) {
	released := false
	err := s.tx(ctx, func(tx *tx) error {
		var prevTheme, prevCycle string
		err := tx.queryRow(ctx, `DELETE FROM deliveries WHERE chat_id = ? AND day = ? AND status = 'pending' `+and+`
			RETURNING prev_theme, prev_cycle`, append([]any{chatID, day}, args...)...).Scan(&prevTheme, &prevCycle)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		released = true
		_, err = tx.exec(ctx, `UPDATE subscriptions SET last_theme = ?, cycle = ? WHERE chat_id = ?`, prevTheme, prevCycle, chatID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("release digest: %w", err)
	}
	return released, nil
}

// Delivery is a row of the delivery record.
type Delivery struct {
	ChatID    int64
	Day       string
	Citation  string
	Status    string
	MessageID int
}

// Deliveries returns the delivery record of a day, by chat id.
func (s *Store) Deliveries(ctx context.Context, day string) ([]Delivery, error) {
	rows, err := s.query(ctx, `SELECT chat_id, day, citation_id, status, message_id FROM deliveries WHERE day = ? ORDER BY chat_id`, day)
	if err != nil {
		return nil, fmt.Errorf("read deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		if err := rows.Scan(&d.ChatID, &d.Day, &d.Citation, &d.Status, &d.MessageID); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// MoveChat moves everything known about a chat to a new id, for a group
// that Telegram upgraded to a supergroup.
func (s *Store) MoveChat(ctx context.Context, from, to int64) error {
	err := s.tx(ctx, func(tx *tx) error {
		// The old id's language and subscription replace the new id's;
		// of the delivery record, the new id keeps the days it has.
		// (Written so that SQLite and PostgreSQL read it alike.)
		for _, st := range []struct {
			q    string
			args []any
		}{
			{`DELETE FROM chats WHERE chat_id = ? AND EXISTS (SELECT 1 FROM chats WHERE chat_id = ?)`, []any{to, from}},
			{`UPDATE chats SET chat_id = ? WHERE chat_id = ?`, []any{to, from}},
			{`DELETE FROM subscriptions WHERE chat_id = ? AND EXISTS (SELECT 1 FROM subscriptions WHERE chat_id = ?)`, []any{to, from}},
			{`UPDATE subscriptions SET chat_id = ? WHERE chat_id = ?`, []any{to, from}},
			{`DELETE FROM deliveries WHERE chat_id = ? AND day IN (SELECT day FROM deliveries WHERE chat_id = ?)`, []any{from, to}},
			{`UPDATE deliveries SET chat_id = ? WHERE chat_id = ?`, []any{to, from}},
			{`DELETE FROM ballots WHERE chat_id = ?`, []any{to}},
			{`UPDATE ballots SET chat_id = ? WHERE chat_id = ?`, []any{to, from}},
		} {
			if _, err := tx.exec(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("move chat: %w", err)
	}
	return nil
}

// Forgotten says what ForgetChat deleted.
type Forgotten struct {
	// Lang is true when a language chosen with /lang was deleted.
	Lang bool
	// Subscription is true when a digest subscription was deleted.
	Subscription bool
	// Deliveries counts the deleted records of digests sent.
	Deliveries int
}

// ForgetChat deletes everything the database keeps about a chat: its
// language, its digest subscription, the record of what was sent to it and
// the votes on its answers; and it marks the chat forgotten, for other
// processes to drop what they keep of it in memory.
func (s *Store) ForgetChat(ctx context.Context, chatID int64) (Forgotten, error) {
	var f Forgotten
	err := s.tx(ctx, func(tx *tx) error {
		for _, q := range []struct {
			sql string
			n   func(int64)
		}{
			{`DELETE FROM chats WHERE chat_id = ?`, func(n int64) { f.Lang = n > 0 }},
			{`DELETE FROM subscriptions WHERE chat_id = ?`, func(n int64) { f.Subscription = n > 0 }},
			{`DELETE FROM deliveries WHERE chat_id = ?`, func(n int64) { f.Deliveries = int(n) }},
			{`DELETE FROM ballots WHERE chat_id = ?`, func(int64) {}},
		} {
			res, err := tx.exec(ctx, q.sql, chatID)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			q.n(n)
		}
		// Every process that kept something of the chat in memory
		// drops it (see ForgottenAt). Marks older than a day are of no
		// use: no process keeps a conversation that long.
		now := time.Now()
		if _, err := tx.exec(ctx, `DELETE FROM forgotten WHERE at < ?`, now.Add(-24*time.Hour).UnixMilli()); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO forgotten (chat_id, at) VALUES (?, ?)
			ON CONFLICT (chat_id) DO UPDATE SET at = excluded.at`, chatID, now.UnixMilli())
		return err
	})
	if err != nil {
		return Forgotten{}, fmt.Errorf("forget chat: %w", err)
	}
	return f, nil
}
