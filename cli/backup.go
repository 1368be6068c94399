package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"reportbot/store"
)

// backup copies the bot's database to a file while the bot runs.
func (c *CLI) backup(ctx context.Context, args []string) error {
	fl, _ := c.flags("backup")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError{"give the file to write: reportbot backup /data/backup.db"}
	}
	if c.Config.DatabaseURL != "" {
		return store.ErrBackupElsewhere
	}
	if c.Config.DataDir == "" {
		return usageError{"DATA_DIR is empty: there is no database to back up"}
	}
	// Opening would create an empty database where there is none, and back
	// that up: a mistyped DATA_DIR must say so instead.
	db := filepath.Join(c.Config.DataDir, "reportbot.db")
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("no database at %s (check DATA_DIR): %w", db, err)
	}
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, fl.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "database copied to %s\n", fl.Arg(0))
	return nil
}
