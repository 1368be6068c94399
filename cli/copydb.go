package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"reportbot/store"
)

// copyDB copies the bot's chats (languages, subscriptions, the delivery
// record, votes) from one database into a new one: from the SQLite file of
// one machine into the PostgreSQL that several share, or back.
func (c *CLI) copyDB(ctx context.Context, args []string) error {
	fl, _ := c.flags("copy-db")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 2 {
		return usageError{"give the database to copy from and the new one to copy into, each a SQLite file or a postgres:// URL: reportbot copy-db /data/reportbot.db \"$DATABASE_URL\""}
	}
	from, to := fl.Arg(0), fl.Arg(1)
	if !isURL(from) {
		// Opening a missing file would make an empty database and copy
		// nothing: a mistyped path must say so.
		if _, err := os.Stat(from); err != nil {
			return fmt.Errorf("no database at %s: %w", from, err)
		}
	}
	if !isURL(to) {
		if _, err := os.Stat(to); err == nil {
			return fmt.Errorf("%s exists: copy into a new file", to)
		}
	}
	src, err := openDB(ctx, from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openDB(ctx, to)
	if err != nil {
		return err
	}
	defer dst.Close()
	n, err := src.CopyTo(ctx, dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "copied %d chat languages, %d subscriptions, %d deliveries, %d passage vote counts, %d votes\n",
		n["chats"], n["subscriptions"], n["deliveries"], n["feedback"], n["ballots"])
	return nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openDB opens a database named as copy-db names them.
func openDB(ctx context.Context, name string) (*store.Store, error) {
	if isURL(name) {
		return store.OpenURL(ctx, name)
	}
	return store.Open(ctx, name)
}
