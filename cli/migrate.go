package cli

import (
	"context"
	"fmt"
)

// migrate brings the database's schema up to date, as serve does when it
// starts: for a deploy that migrates once, before its machines start.
func (c *CLI) migrate(ctx context.Context, args []string) error {
	fl, _ := c.flags("migrate")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"migrate takes no arguments"}
	}
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	if st == nil {
		return usageError{"there is no database: set DATABASE_URL, or DATA_DIR for SQLite"}
	}
	defer st.Close()
	v, err := st.Version(ctx)
	if err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	kind := "SQLite"
	if st.Postgres() {
		kind = "PostgreSQL"
	}
	fmt.Fprintf(c.Stdout, "%s database at schema version %d\n", kind, v)
	return nil
}
