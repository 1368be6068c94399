package cli

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"reportbot/bot"
	"reportbot/digest"
	"reportbot/llm"
	"reportbot/metrics"
	"reportbot/rag"
	"reportbot/ratelimit"
	"reportbot/store"
)

// coldStartWait is how long a webhook request that wakes a stopped machine
// waits for the bot to be ready before it is refused (Telegram then retries).
const coldStartWait = 15 * time.Second

// lockDataDir takes DATA_DIR's lock for a command that writes it (serve,
// digest), released when the command ends; nothing without DATA_DIR.
func (c *CLI) lockDataDir() (release func(), err error) {
	if c.Config.DataDir == "" {
		return func() {}, nil
	}
	l, err := store.LockDir(c.Config.DataDir)
	if err != nil {
		return nil, err
	}
	return func() { l.Release() }, nil
}

// openStore opens the bot's database: PostgreSQL at DATABASE_URL, else
// SQLite in the data folder; nil when there is neither.
func (c *CLI) openStore(ctx context.Context) (*store.Store, error) {
	if c.Config.DatabaseURL != "" {
		st, err := store.OpenURL(ctx, c.Config.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("open the bot's database: %w", err)
		}
		return st, nil
	}
	if c.Config.DataDir == "" {
		return nil, nil
	}
	st, err := store.Open(ctx, filepath.Join(c.Config.DataDir, "reportbot.db"))
	if err != nil {
		return nil, fmt.Errorf("open the bot's database: %w", err)
	}
	return st, nil
}

// server is the HTTP side of serve. It listens before the index is loaded,
// so that a health check can tell "starting" from "down", and a webhook
// request that woke the machine waits for the bot instead of failing.
type server struct {
	metrics *metrics.Metrics
	bot     atomic.Pointer[bot.Bot]
	digest  atomic.Pointer[digest.Digest] // nil without a database
	hook    atomic.Pointer[http.Handler]
	ready   chan struct{}
	clients *ratelimit.Window[string] // requests not from Telegram, per client (see clientOf)
	secret  string                    // WEBHOOK_SECRET, for requests before the bot runs
}

// unprovenPerClient bounds the requests a client may make in
// unprovenWindow other than deliveries with the webhook's secret.
const (
	unprovenPerClient = 30
	unprovenWindow    = 10 * time.Second
)

// fromTelegram reports whether a request carries the webhook's secret:
// the bot's, once it runs; before that (a cold start, when Telegram's
// deliveries wait for the bot) the configured WEBHOOK_SECRET.
func (s *server) fromTelegram(r *http.Request) bool {
	if b := s.bot.Load(); b != nil {
		return b.Authentic(r)
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	return s.secret != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.secret)) == 1
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.fromTelegram(r) {
		// Not Telegram: no kept-alive connection, and a share of the
		// requests per client.
		w.Header().Set("Connection", "close")
		if ok, _, _ := s.clients.Allow(clientOf(r)); !ok {
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
	}
	switch r.URL.Path {
	case "/healthz":
		b := s.bot.Load()
		if b == nil {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		if err := b.Health(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		if d := s.digest.Load(); d != nil {
			if err := d.Health(); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprintln(w, "ok")
	default:
		select {
		case <-s.ready:
		case <-time.After(coldStartWait):
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		case <-r.Context().Done():
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		(*s.hook.Load()).ServeHTTP(sw, r)
		if sw.status == http.StatusOK && r.Method == http.MethodPost && s.fromTelegram(r) {
			// Telegram's: its connection is kept and counts apart.
			proveConn(r)
		}
	}
}

// httpShutdownGrace is how long the HTTP server's connections get to close
// once the bot has stopped: webhook requests in flight were answered (or
// got 503) by then.
const httpShutdownGrace = 5 * time.Second

// StopBudget is the longest a stop of serve takes after SIGTERM or SIGINT:
// the bot's shutdown grace (answers in flight get the offline answer at
// once; sends finish), the digest's send in flight in parallel, then the
// HTTP server. fly.toml's kill_timeout must be longer.
const StopBudget = max(bot.DefaultShutdownGrace, digest.SendGrace) + httpShutdownGrace

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
	release, err := c.lockDataDir()
	if err != nil {
		return err
	}
	defer release()
	start := time.Now()
	srv := &server{metrics: metrics.New(), ready: make(chan struct{}), secret: t.WebhookSecret,
		clients: ratelimit.New[string](unprovenPerClient, unprovenWindow)}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(c.Config.Port))
	if err != nil {
		return fmt.Errorf("listen on port %d: %w", c.Config.Port, err)
	}
	httpSrv, ln := newHTTPServer(srv, ln, serveLimits)
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	mln, err := net.Listen("tcp", ":"+strconv.Itoa(c.Config.MetricsPort))
	if err != nil {
		return fmt.Errorf("listen on METRICS_PORT %d: %w", c.Config.MetricsPort, err)
	}
	metricsSrv, mln := newHTTPServer(srv.metrics.Handler(), mln, serveLimits)
	go metricsSrv.Serve(mln)
	defer metricsSrv.Close()
	defer func() {
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), httpShutdownGrace)
		defer cancel()
		if err := httpSrv.Shutdown(shut); err != nil {
			c.Log.Warn("http shutdown", "error", err.Error())
		}
		if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			c.Log.Error("http server", "error", err.Error())
		}
	}()

	c.observeLLM = srv.metrics.LLMRequest
	eng, err := c.engine(ctx, *dir, rag.WithMemory(rag.NewMemory(10_000, 4, time.Hour)))
	if err != nil {
		return err
	}
	srv.metrics.Passages(eng.Index().Len())
	opts := []bot.Option{bot.WithLogger(c.Log), bot.WithMetrics(srv.metrics)}
	if eng.HasModel() {
		// The model server that answers also hears voice questions.
		opts = append(opts, bot.WithTranscriber(llm.New(c.Config.LLM, llm.WithObserver(srv.metrics.LLMRequest))))
	}
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	if st != nil {
		// Closed after the bot and the digest have stopped (defers run
		// last-in first-out).
		defer st.Close()
		opts = append(opts, bot.WithStore(st))
	} else {
		fmt.Fprintln(c.Stderr, "reportbot: DATA_DIR is empty: chat settings are kept in memory and the daily digest is off")
	}
	b, err := bot.New(ctx, t, eng, opts...)
	if err != nil {
		return err
	}
	var dg *digest.Digest
	if st != nil {
		dg = digest.New(st, eng.Index(), b, digest.WithLogger(c.Log), digest.WithObserver(srv.metrics.DigestSend))
		srv.digest.Store(dg)
	}
	hook := b.Handler(t.WebhookPath())
	srv.hook.Store(&hook)
	srv.bot.Store(b)
	close(srv.ready)
	c.Log.Info("serving", "port", c.Config.Port, "webhook", t.WebhookURL != "", "passages", eng.Index().Len(),
		"startup_ms", time.Since(start).Milliseconds())

	// The digest stops with the bot, also when the bot stops by itself (a
	// revoked token).
	digestCtx, stopDigest := context.WithCancel(ctx)
	digestDone := make(chan error, 1)
	go func() {
		if dg == nil {
			digestDone <- nil
			return
		}
		digestDone <- dg.Run(digestCtx)
	}()
	runErr := b.Run(ctx)
	stopDigest()
	<-digestDone
	return runErr
}
