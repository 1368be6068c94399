package store

import (
	"context"
	"fmt"
	"strings"
)

// copied are the tables that hold what the bot must not lose when it moves
// from one database to another, with their columns. The inbox, leases and
// forget marks are of the running processes, and are not copied.
var copied = []struct {
	table   string
	columns []string
}{
	{"chats", []string{"chat_id", "lang"}},
	{"subscriptions", []string{"chat_id", "themes", "hour", "tz", "lang", "last_theme", "cycle", "created_at", "updated_at"}},
	{"deliveries", []string{"chat_id", "day", "citation_id", "status", "message_id", "prev_theme", "prev_cycle", "updated_at", "attempted"}},
	{"feedback", []string{"citation_id", "up", "down"}},
	{"ballots", []string{"chat_id", "message_id", "voter", "vote"}},
}

// CopyTo copies everything the bot keeps of its chats (languages,
// subscriptions with their rotation, the delivery record, votes) into dst,
// which must hold none of it: for moving from SQLite on one machine to
// PostgreSQL shared by several, and back. It copies in one transaction on
// dst, so a failed copy leaves dst as it was, and returns how many rows
// each table got.
func (s *Store) CopyTo(ctx context.Context, dst *Store) (map[string]int, error) {
	n := map[string]int{}
	err := dst.tx(ctx, func(tx *tx) error {
		for _, t := range copied {
			var have int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+t.table).Scan(&have); err != nil {
				return err
			}
			if have > 0 {
				return fmt.Errorf("the destination already has %d rows in %s: copy only into a new database", have, t.table)
			}
			cols := strings.Join(t.columns, ", ")
			rows, err := s.query(ctx, `SELECT `+cols+` FROM `+t.table)
			if err != nil {
				return err
			}
			insert := `INSERT INTO ` + t.table + ` (` + cols + `) VALUES (?` + strings.Repeat(", ?", len(t.columns)-1) + `)`
			for rows.Next() {
				vals := make([]any, len(t.columns))
				ptrs := make([]any, len(vals))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				if _, err := tx.exec(ctx, insert, vals...); err != nil {
					rows.Close()
					return fmt.Errorf("%s: %w", t.table, err)
				}
				n[t.table]++
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("copy database: %w", err)
	}
	return n, nil
}
