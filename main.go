// Command reportbot answers questions about Human Rights Watch's World
// Report 2017 chapter on Kazakhstan with cited answers in English, Russian or
// Kazakh. See the README for its commands and settings.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // digest time zones in a minimal image without zoneinfo

	"golang.org/x/term"

	"reportbot/cli"
	"reportbot/config"
)

func main() {
	cfg, err := config.FromEnv(os.LookupEnv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "reportbot: configuration:\n%v\n", err)
		os.Exit(2)
	}
	// JSON for log collectors (Fly, journald); text for a person at a
	// terminal.
	var handler slog.Handler = slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel})
	if term.IsTerminal(int(os.Stderr.Fd())) {
		handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel})
	}
	log := slog.New(handler)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	c := &cli.CLI{Config: cfg, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Log: log}
	code := c.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
