package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"reportbot/bot"
	"reportbot/rag"
	"reportbot/store"
)

// openStore opens the bot's database in the data folder, or returns nil
// when there is no data folder.
func (c *CLI) openStore(ctx context.Context) (*store.Store, error) {
	if c.Config.DataDir == "" {
		return nil, nil
	}
	st, err := store.Open(ctx, filepath.Join(c.Config.DataDir, "reportbot.db"))
	if err != nil {
		return nil, fmt.Errorf("open the bot's database: %w", err)
	}
	return st, nil
}

// shutdownGrace is how long answers in flight may take after a stop signal.
const shutdownGrace = 20 * time.Second

func (c *CLI) serve(ctx context.Context, args []string) error {
	fl, dir := c.flags("serve")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"serve takes no arguments; it is configured from the environment"}
	}
	t := c.Config.Telegram
	if t.Token == "" {
		return usageError{"TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and set its token (see the README)"}
	}
	eng, err := c.engine(ctx, *dir, rag.WithMemory(rag.NewMemory(10_000, 4, time.Hour, time.Now)))
	if err != nil {
		return err
	}
	opts := []bot.Option{bot.WithLogger(c.Log)}
	if st, err := c.openStore(ctx); err != nil {
		return err
	} else if st != nil {
		defer st.Close()
		opts = append(opts, bot.WithStore(st, nil))
	} else {
		fmt.Fprintln(c.Stderr, "reportbot: DATA_DIR is empty: chat settings are kept in memory and the daily digest is off")
	}
	b, err := bot.New(ctx, bot.Config{
		Token: t.Token, APIURL: t.APIURL,
		WebhookURL: t.WebhookURL, WebhookSecret: t.WebhookSecret,
		RateLimit: t.RateLimit, RatePer: t.RateWindow, MaxConcurrent: t.MaxConcurrent,
		Salt: []byte(t.LogSalt),
	}, eng, opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(t.Port))
	if err != nil {
		return fmt.Errorf("listen on port %d: %w", t.Port, err)
	}
	srv := &http.Server{Handler: b.Handler(t.WebhookPath()), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	c.Log.Info("serving", "port", t.Port, "bot", b.Username(), "webhook", t.WebhookURL != "")

	digestDone := make(chan error, 1)
	go func() { digestDone <- b.RunDigest(ctx) }()
	runErr := b.Run(ctx)
	<-digestDone
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		c.Log.Warn("http shutdown", "error", err.Error())
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server: %w", err)
	}
	return runErr
}
