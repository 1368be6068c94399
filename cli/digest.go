package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"text/tabwriter"
	"time"

	"reportbot/bot"
	"reportbot/digest"
	"reportbot/rag"
	"reportbot/store"
)

func (c *CLI) digest(ctx context.Context, args []string) error {
	fl, dir := c.flags("digest")
	dry := fl.Bool("dry-run", false, "print what would be sent to whom (hashed ids), and send nothing")
	date := fl.String("date", "", "with --dry-run: the subscribers' local `date` (YYYY-MM-DD) to plan; default: what is due now")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"digest takes no arguments"}
	}
	if *date != "" && !*dry {
		return usageError{"--date goes with --dry-run"}
	}
	if *date != "" {
		if _, err := time.Parse(time.DateOnly, *date); err != nil {
			return usageError{fmt.Sprintf("--date %q is not a date such as 2026-11-27", *date)}
		}
	}
	if !*dry {
		// Sending writes the delivery record: one process at a time.
		release, err := c.lockDataDir()
		if err != nil {
			return err
		}
		defer release()
	}
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	if st == nil {
		return usageError{"DATA_DIR is empty: there is no database of subscriptions"}
	}
	defer st.Close()
	eng, err := c.engine(ctx, *dir)
	if err != nil {
		return err
	}
	if !*dry {
		return c.sendDigests(ctx, eng, st)
	}
	d := digest.New(st, eng.Index(), nil)
	var plans []digest.Plan
	if *date != "" {
		plans, err = d.OnDate(ctx, *date)
	} else {
		plans, err = d.Due(ctx, time.Now())
	}
	if err != nil {
		return err
	}
	salt := c.Config.Telegram.Salt
	if len(salt) == 0 {
		// A hash keyed with nothing is undone by hashing chat ids until
		// one matches: without LOG_SALT the run gets a key of its own.
		salt = make([]byte, 32)
		if _, err := rand.Read(salt); err != nil {
			return fmt.Errorf("make a salt: %w", err)
		}
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "chat (hashed)\tlocal time\tlang\ttheme\tpassage")
	for _, p := range plans {
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\n", bot.HashID(salt, p.ChatID), p.Due.Format("2006-01-02 15:04"), p.TZ, p.Lang, p.Theme, p.Citation)
	}
	fmt.Fprintf(tw, "%d digests\n", len(plans))
	return tw.Flush()
}

// sendDigests delivers the digests due now, once: for running from a
// scheduler instead of inside serve (which sends them by itself).
func (c *CLI) sendDigests(ctx context.Context, eng *rag.Engine, st *store.Store) error {
	t := c.Config.Telegram
	if t.Token == "" {
		return usageError{"TELEGRAM_BOT_TOKEN is not set; use --dry-run to see what would be sent"}
	}
	var marks bot.ForgetMarks
	if st.Postgres() {
		marks = st
	}
	sender, err := bot.NewSender(ctx, t, eng.Index(), c.Log, marks)
	if err != nil {
		return err
	}
	r, err := digest.New(st, eng.Index(), sender, digest.WithLogger(c.Log)).Deliver(ctx, time.Now())
	if r.Elsewhere {
		fmt.Fprintln(c.Stdout, "another process is delivering the digest (it holds the deliverer's lease): nothing sent")
		return err
	}
	fmt.Fprintf(c.Stdout, "sent %d of %d due; %d unknown, %d unsubscribed, %d deferred\n",
		r.Sent, r.Planned, r.Unknown, r.Unsubscribed, r.Deferred)
	return err
}
