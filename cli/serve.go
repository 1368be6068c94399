package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"reportbot/bot"
	"reportbot/rag"
)

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
	b, err := bot.New(ctx, bot.Config{
		Token: t.Token, APIURL: t.APIURL,
		WebhookURL: t.WebhookURL, WebhookSecret: t.WebhookSecret,
		RateLimit: t.RateLimit, RatePer: t.RateWindow, MaxConcurrent: t.MaxConcurrent,
		Salt: []byte(t.LogSalt),
	}, eng, bot.WithLogger(c.Log))
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

	runErr := b.Run(ctx)
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
