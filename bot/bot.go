package bot

import (
	"context"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/metrics"
	"reportbot/rag"
	"reportbot/ratelimit"
)

// Config is what the bot needs to run.
type Config struct {
	// Token (TELEGRAM_BOT_TOKEN) is the bot's token from BotFather.
	Token string
	// APIURL (TELEGRAM_API_URL) is the Bot API server; empty is Telegram's.
	APIURL string
	// WebhookURL (WEBHOOK_URL), when set, switches from long polling to a
	// webhook at this public URL; WebhookSecret (WEBHOOK_SECRET) is the
	// secret Telegram sends with each update (a random one when empty).
	WebhookURL    string
	WebhookSecret string
	// RateLimit (RATE_LIMIT) questions per user within RateWindow
	// (RATE_WINDOW).
	RateLimit  int
	RateWindow time.Duration
	// MaxConcurrent (MAX_CONCURRENT) bounds the updates handled at once.
	MaxConcurrent int
	// Salt (LOG_SALT) keys the hashes of ids in logs; a random one is made
	// when empty, which makes hashes differ between runs.
	Salt []byte
	// ShutdownGrace is how long answers in flight may take after Run's
	// context ends.
	ShutdownGrace time.Duration
	// MachineID (FLY_MACHINE_ID, set by Fly.io) names this machine. With
	// a webhook and a database several machines share, each chat is then
	// answered by one machine (see affinity.go).
	MachineID string
}

// WebhookPath is the path the webhook is served at: the path of WebhookURL.
func (c Config) WebhookPath() string {
	p, err := url.Parse(c.WebhookURL)
	if err != nil || p.Path == "" {
		return "/"
	}
	return p.Path
}

// report is what the bot reads from the index besides answers: sources by
// id, the report's sections, the short numbers that fit in button data, and
// whether the index still finds its own passages. *rag.Index has them.
type report interface {
	Passage(id string, l lang.Language) (ingest.Passage, bool)
	Sections(l lang.Language) []rag.Section
	Theme(s rag.Section) string
	Reports() []ingest.Report
	Named(l lang.Language) string
	Ordinal(id string) int
	CitationAt(n int) (string, bool)
	SelfCheck(ctx context.Context) error
}

// Bot answers Telegram updates from a rag.Engine.
type Bot struct {
	poster
	engine  *rag.Engine
	prefs   Prefs
	learned learnedLangs
	forgets forgetMarks
	// pollTTL is pollLeaseTTL, shorter in tests of a takeover.
	pollTTL time.Duration
	// sticky keeps each chat on one machine (nil: every machine answers
	// every chat).
	sticky  *affinity
	answers answerIDs
	ballots ballots
	// queue handles updates in order per chat, MaxConcurrent at once.
	queue *chatQueue
	// drafts numbers the streamed answers' drafts (see nextDraftID).
	drafts atomic.Uint32
	// transcriber hears voice questions (nil: asked to type them).
	transcriber Transcriber
	// noEmptyDrafts is set once the Bot API refuses the empty
	// "Thinking…" draft (see stream.think).
	noEmptyDrafts atomic.Bool
	// pacer keeps sends within Telegram's limits (nil: unpaced, for
	// tests of a fake Bot API).
	pacer *pacer
	// inbox keeps polled updates in the store until handled (nil
	// without a store).
	inbox *inbox
	// originalsShown marks answers whose "Original (EN)" was posted.
	originalsShown shownOnce
	limit          *ratelimit.Window[int64] // questions per user
	inlineLimit    *ratelimit.Window[int64]
	actions        *ratelimit.Window[int64] // commands, taps and hints (see actionsPerMinute)
	store          Store
	// voterKey keys the hashes votes are kept under (see voter).
	voterKey []byte
	metrics  *metrics.Metrics
	work     context.Context // handlers' context: outlives a stop by the grace period
	// models is the context of language-model calls, ended as a stop
	// begins: an answer in flight then falls back to the offline answer
	// at once instead of holding the stop.
	models     context.Context
	stopModels context.CancelFunc
	mu         sync.Mutex
	stopping   bool
	// fatal is why polling stopped for good (a revoked token).
	fatal error
	// http and apiURL are the Bot API client and root, for polling.
	http     *http.Client
	apiURL   string
	inflight sync.WaitGroup
	ready    atomic.Bool
}

// Option configures a Bot.
type Option func(*Bot)

// WithLogger sets the logger. Every line it gets is free of message text,
// names and tokens.
func WithLogger(l *slog.Logger) Option { return func(b *Bot) { b.log = l } }

// WithStore keeps chat preferences and digest subscriptions in the
// database, and turns on the /digest command. The digest itself is sent by
// a digest.Digest that has the bot as its Sender.
func WithStore(st Store) Option {
	return func(b *Bot) { b.store = st }
}

// WithMetrics counts questions, latency, Bot API errors and digest sends.
func WithMetrics(m *metrics.Metrics) Option { return func(b *Bot) { b.metrics = m } }

// inlinePerMinute bounds one user's inline searches a minute.
const inlinePerMinute = 60

// pollTimeout is how long one getUpdates long poll waits.
const pollTimeout = time.Minute

// Defaults for Config fields left zero.
const (
	DefaultRateLimit     = 20
	DefaultRateWindow    = 10 * time.Minute
	DefaultMaxConcurrent = 16
	DefaultShutdownGrace = 10 * time.Second
)

// New connects to the Bot API (getMe) and returns a bot ready to Run. A bad
// token is reported without the token in the message.
func New(ctx context.Context, cfg Config, engine *rag.Engine, opts ...Option) (*Bot, error) {
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateWindow <= 0 {
		cfg.RateWindow = DefaultRateWindow
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = DefaultMaxConcurrent
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		cfg.WebhookSecret = fmt.Sprintf("%x", randomBytes(24))
	}
	p, err := newPoster(cfg, engine.Index())
	if err != nil {
		return nil, err
	}
	b := &Bot{
		forgets: forgetMarks{since: time.Now()}, pollTTL: pollLeaseTTL,
		poster: p,
		engine: engine, prefs: NewMemoryPrefs(),
		limit: ratelimit.New[int64](cfg.RateLimit, cfg.RateWindow),
		// Telegram sends an inline query as a user types; a person
		// searching sends a few a second at most.
		inlineLimit: ratelimit.New[int64](inlinePerMinute, time.Minute),
		actions:     ratelimit.New[int64](actionsPerMinute, time.Minute),
		queue:       newChatQueue(cfg.MaxConcurrent),
		pacer:       newPacer(),
	}
	b.drafts.Store(binary.BigEndian.Uint32(randomBytes(4)) >> 2)
	for _, o := range opts {
		o(b)
	}
	if b.store != nil {
		b.prefs = StorePrefs{Store: b.store, Log: b.log}
		if b.inbox, err = newInbox(cfg.Token); err != nil {
			return nil, err
		}
		if b.voterKey, err = hkdf.Key(sha256.New, []byte(cfg.Token), nil, "reportbot voters v1", 32); err != nil {
			return nil, fmt.Errorf("derive the voters' key: %w", err)
		}
		if b.store.Postgres() {
			b.poster.marks = b.store
		}
		if b.store.Postgres() && cfg.MachineID != "" && cfg.WebhookURL != "" {
			b.sticky = &affinity{self: cfg.MachineID}
		}
	}
	tgOpts := []tgbot.Option{
		tgbot.WithDefaultHandler(b.handle),
		tgbot.WithMiddlewares(b.tracked, b.recovered, b.limitedTaps),
		// Updates are handled where they are received (see poll and
		// webhook), which bound how many at once and confirm only what
		// was handled: the library's own queue would confirm more.
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithErrorsHandler(b.clientError),
		tgbot.WithAllowedUpdates(tgbot.AllowedUpdates{"message", "edited_message", "channel_post", "callback_query", "inline_query", "my_chat_member"}),
	}
	var transport http.RoundTripper = http.DefaultTransport
	if b.metrics != nil {
		transport = metrics.TelegramTransport{Base: transport, Metrics: b.metrics}
	}
	if b.pacer != nil {
		transport = pacedTransport{base: transport, pacer: b.pacer}
	}
	b.http = &http.Client{Timeout: pollTimeout + 10*time.Second, Transport: transport}
	b.apiURL = "https://api.telegram.org"
	if cfg.APIURL != "" {
		b.apiURL = strings.TrimRight(cfg.APIURL, "/")
	}
	tgOpts = append(tgOpts, tgbot.WithHTTPClient(pollTimeout, b.http))
	if cfg.WebhookSecret != "" {
		tgOpts = append(tgOpts, tgbot.WithWebhookSecretToken(cfg.WebhookSecret))
	}
	if err := b.dial(tgOpts...); err != nil {
		return nil, err
	}
	b.routeTaps()
	if err := b.introduce(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// Health returns why the bot cannot do its work, or nil: it has not started
// taking updates (or stopped for good), or its index cannot find a passage
// by that passage's own words.
func (b *Bot) Health(ctx context.Context) error {
	if !b.ready.Load() {
		return errors.New("starting")
	}
	b.mu.Lock()
	fatal := b.fatal
	b.mu.Unlock()
	if fatal != nil {
		return fatal
	}
	return b.report.SelfCheck(ctx)
}

// Ready reports whether the bot has started taking updates.
func (b *Bot) Ready() bool { return b.ready.Load() }

// Run registers the command menus and takes updates until ctx ends: by long
// polling, or from the webhook when a webhook URL is set (serve Handler on
// the HTTP server then).
//
// When ctx ends, Run stops taking updates, lets the answers in flight finish
// within the shutdown grace period, and returns.
func (b *Bot) Run(ctx context.Context) error {
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	b.work = work
	b.models, b.stopModels = context.WithCancel(work)
	defer b.stopModels()
	defer b.drain()
	if err := b.setCommands(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	if b.cfg.WebhookURL != "" {
		_, err := b.tg.SetWebhook(ctx, &tgbot.SetWebhookParams{
			URL: b.cfg.WebhookURL, SecretToken: b.cfg.WebhookSecret,
			AllowedUpdates: []string{"message", "edited_message", "channel_post", "callback_query", "inline_query", "my_chat_member"},
		})
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("register webhook: %s", redact(err.Error(), b.cfg.Token))
		}
		if b.sticky != nil {
			b.keepMember(ctx)
		}
		b.ready.Store(true)
		b.log.Info("bot started", "mode", "webhook")
		b.tg.StartWebhook(ctx)
		return nil
	}
	// A webhook left from an earlier run would make getUpdates fail.
	if _, err := b.tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		return fmt.Errorf("remove webhook: %s", redact(err.Error(), b.cfg.Token))
	}
	b.ready.Store(true)
	b.log.Info("bot started", "mode", "polling")
	if err := b.pollShared(ctx); err != nil {
		// A revoked token: stop, so that the platform restarts the bot
		// and the operator sees why.
		b.ready.Store(false)
		b.mu.Lock()
		b.fatal = err
		b.mu.Unlock()
		return err
	}
	return nil
}

// Handler serves, in webhook mode, the webhook at the path of the webhook
// URL, and nothing otherwise; the health check is the HTTP server's (see
// Health). The webhook answers 401 to a request without the secret:
// go-telegram/bot only logs a wrong secret.
func (b *Bot) Handler(webhookPath string) http.Handler {
	mux := http.NewServeMux()
	if b.cfg.WebhookURL != "" {
		mux.HandleFunc("POST "+webhookPath, b.webhook)
	}
	return mux
}

// Authentic reports whether a request carries the webhook's secret token:
// it comes from Telegram. Only the header is read.
func (b *Bot) Authentic(r *http.Request) bool {
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	return b.cfg.WebhookSecret != "" && subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.WebhookSecret)) == 1
}

// webhook handles one update Telegram posts, and answers 200 only once it
// is handled: an update acknowledged and then lost in a stop is never
// delivered again. While the bot is stopping it answers 503, and Telegram
// sends the update again to the next process. Updates take their place in
// their chat's line (see chatQueue), as polled ones do: one chat's in
// order, MaxConcurrent at once, a slow chat holding up only itself.
func (b *Bot) webhook(w http.ResponseWriter, r *http.Request) {
	if !b.Authentic(r) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	var u models.Update
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&u); err != nil {
		// Telegram would send an update it cannot get past again and
		// again: acknowledged, logged and skipped.
		b.log.Error("webhook update skipped: it cannot be decoded", "error", err.Error())
		w.WriteHeader(http.StatusOK)
		return
	}
	if owner := b.elsewhere(r, chatOf(&u)); owner != "" {
		// Fly's proxy sends the update again, to the chat's machine.
		w.Header().Set("Fly-Replay", "instance="+owner)
		w.WriteHeader(http.StatusConflict)
		return
	}
	handled := make(chan bool, 1)
	b.queue.add(chatOf(&u), func(s *slot) { handled <- b.process(&u, s) })
	select {
	case ok := <-handled:
		if !ok {
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	case <-r.Context().Done():
		// Telegram gave up waiting and will send the update again; it
		// is handled all the same.
	}
}

// acceptedKey marks the context of an update the webhook has already
// counted in flight, for tracked.
type acceptedKey struct{}

// setCommands registers the command menus in each language: in private
// chats every command; in groups those that make sense there (no /start,
// which Telegram shows only to someone who has not started the bot).
func (b *Bot) setCommands(ctx context.Context) error {
	type command struct{ name, key string }
	private := []command{
		{"ask", "CmdAsk"}, {"themes", "CmdThemes"}, {"source", "CmdSource"},
		{"lang", "CmdLang"}, {"privacy", "CmdPrivacy"}, {"help", "CmdHelp"}, {"start", "CmdStart"},
		{"digest", "CmdDigest"}, {"forget", "CmdForget"},
	}
	group := []command{
		{"ask", "CmdAsk"}, {"themes", "CmdThemes"}, {"source", "CmdSource"},
		{"digest", "CmdDigest"}, {"lang", "CmdLang"}, {"help", "CmdHelp"}, {"forget", "CmdForget"},
	}
	for _, menu := range []struct {
		scope    models.BotCommandScope
		commands []command
	}{{nil, private}, {&models.BotCommandScopeAllGroupChats{}, group}} {
		for _, l := range append([]lang.Language{""}, lang.All...) {
			ml := l
			if ml == "" {
				ml = lang.English
			}
			var cmds []models.BotCommand
			for _, c := range menu.commands {
				if c.name == "digest" && b.store == nil {
					continue
				}
				cmds = append(cmds, models.BotCommand{Command: c.name, Description: b.msgs.T(ml, c.key, nil)})
			}
			err := b.retry(ctx, func() error {
				_, err := b.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: menu.scope, LanguageCode: string(l)})
				return err
			})
			if err != nil {
				return fmt.Errorf("set command menu: %s", redact(err.Error(), b.cfg.Token))
			}
		}
	}
	return nil
}

// tracked runs handlers on the bot's work context, which a stop does not
// cancel, and counts them, so that Run can let them finish. An update that
// arrives once the bot is stopping is not taken: by long polling it was not
// confirmed, and Telegram sends it again after the restart.
func (b *Bot) tracked(next tgbot.HandlerFunc) tgbot.HandlerFunc {
	return func(ctx context.Context, tg *tgbot.Bot, u *models.Update) {
		if ctx.Value(acceptedKey{}) != nil {
			next(ctx, tg, u)
			return
		}
		b.mu.Lock()
		if b.stopping {
			b.mu.Unlock()
			return
		}
		b.inflight.Add(1)
		work := b.work
		b.mu.Unlock()
		defer b.inflight.Done()
		if work == nil {
			work = ctx
		}
		next(work, tg, u)
	}
}

// drain waits for the handlers in flight, at most the grace period.
func (b *Bot) drain() {
	b.mu.Lock()
	b.stopping = true
	b.mu.Unlock()
	b.stopModels()
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
		b.log.Info("bot stopped", "in_flight", "finished")
	case <-time.After(b.cfg.ShutdownGrace):
		b.log.Warn("bot stopped with answers still in flight", "grace", b.cfg.ShutdownGrace.String())
	}
}

// recovered turns a panic in a handler into a log line and an apology,
// instead of a crashed bot.
func (b *Bot) recovered(next tgbot.HandlerFunc) tgbot.HandlerFunc {
	return func(ctx context.Context, tg *tgbot.Bot, u *models.Update) {
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("handler panicked", "update", u.ID, "panic", redact(fmt.Sprint(r), b.cfg.Token))
				if m := u.Message; m != nil {
					// Nothing that may have panicked (preferences, the
					// engine) is asked again here.
					l := lang.English
					if m.From != nil {
						if pl, ok := lang.Parse(m.From.LanguageCode); ok {
							l = pl
						}
					}
					b.reply(ctx, m, renderText(b.msgs.T(l, "Failed", nil)), nil)
				}
			}
		}()
		next(ctx, tg, u)
	}
}

// clientError logs the errors go-telegram/bot reports from its polling loop
// and webhook. A webhook body that fails to decode is logged without the
// body, which would hold message text.
func (b *Bot) clientError(err error) {
	msg := redact(err.Error(), b.cfg.Token)
	if i := strings.Index(msg, "error decode request body"); i >= 0 {
		msg = "error decode request body"
	}
	b.log.Warn("telegram client error", "error", msg)
}
