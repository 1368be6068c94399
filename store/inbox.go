package store

import (
	"context"
	"fmt"
)

// The inbox keeps the updates the bot has taken from Telegram until each is
// handled, so that Telegram may be told they arrived before they are
// answered: a slow chat then holds up no one, and a killed process loses
// nothing it took. The bot seals each body before it is stored; the store
// keeps bytes.

// InboxUpdate is one update in the inbox.
type InboxUpdate struct {
	// ID is Telegram's update_id.
	ID int64
	// Chat is the chat the update belongs to, for its place in line.
	Chat int64
	// Body is the sealed update.
	Body []byte
}

// PutUpdates stores updates taken from Telegram, in one transaction, and
// returns those it stored: an update whose id is at or below the highest
// ever stored was taken before (and may already be handled and deleted), so
// it is left out. Updates must come in Telegram's order.
func (s *Store) PutUpdates(ctx context.Context, updates []InboxUpdate) ([]InboxUpdate, error) {
	var stored []InboxUpdate
	err := s.tx(ctx, func(tx *tx) error {
		stored = stored[:0]
		var through int64
		if err := tx.queryRow(ctx, `SELECT through FROM inbox_taken WHERE id = 1`).Scan(&through); err != nil {
			return err
		}
		for _, u := range updates {
			if u.ID <= through {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO inbox (update_id, chat_id, body) VALUES (?, ?, ?)`, u.ID, u.Chat, u.Body); err != nil {
				return err
			}
			through = u.ID
			stored = append(stored, u)
		}
		_, err := tx.exec(ctx, `UPDATE inbox_taken SET through = ? WHERE id = 1`, through)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store updates: %w", err)
	}
	return stored, nil
}

// TakenThrough returns the highest update id ever stored: the offset to ask
// Telegram from is one more.
func (s *Store) TakenThrough(ctx context.Context) (int64, error) {
	var through int64
	if err := s.queryRow(ctx, `SELECT through FROM inbox_taken WHERE id = 1`).Scan(&through); err != nil {
		return 0, fmt.Errorf("read inbox: %w", err)
	}
	return through, nil
}

// Inbox returns up to limit updates not yet handled, oldest first, from
// after the update id after on.
func (s *Store) Inbox(ctx context.Context, after int64, limit int) ([]InboxUpdate, error) {
	rows, err := s.query(ctx, `SELECT update_id, chat_id, body FROM inbox WHERE update_id > ? ORDER BY update_id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	defer rows.Close()
	var out []InboxUpdate
	for rows.Next() {
		var u InboxUpdate
		if err := rows.Scan(&u.ID, &u.Chat, &u.Body); err != nil {
			return nil, fmt.Errorf("read inbox: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// InboxLen returns how many updates wait in the inbox.
func (s *Store) InboxLen(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM inbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read inbox: %w", err)
	}
	return n, nil
}

// DoneUpdate removes a handled update from the inbox.
func (s *Store) DoneUpdate(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, `DELETE FROM inbox WHERE update_id = ?`, id); err != nil {
		return fmt.Errorf("remove handled update: %w", err)
	}
	return nil
}
