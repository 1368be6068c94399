package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/lease"
	"reportbot/rag"
	"reportbot/store"
)

// Defaults of a new subscription.
const (
	DefaultHour = 9
	DefaultTZ   = "Asia/Almaty"
)

// Telegram's broadcast limit: at most 25 messages a second overall. Each
// chat gets one message a run, so the limits of one a second per chat and
// twenty a minute per group hold by construction.
const sendInterval = time.Second / 25

// Clock tells the time and waits. It is the one clock seam in the bot: unit
// tests run in a testing/synctest bubble on the wall clock, and only a test
// over loopback HTTP (where a bubble's time cannot pass) simulates one.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now implements Clock.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep implements Clock.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Excerpt is one day's digest for a chat.
type Excerpt struct {
	Lang    lang.Language
	Theme   string // the section's title in Lang
	Passage ingest.Passage
	Day     string
	// FromPart is how many of the excerpt's messages already went out in
	// an earlier attempt: only the rest are sent.
	FromPart int
}

// PartsSent is a send's error after the first N messages of an excerpt
// went out (counting FromPart), so that a retry sends only the rest: part 2
// refused with a 429 must not send part 1 twice.
type PartsSent struct {
	N   int
	Err error
}

func (e *PartsSent) Error() string { return fmt.Sprintf("after %d parts: %v", e.N, e.Err) }

// Unwrap returns the send's error.
func (e *PartsSent) Unwrap() error { return e.Err }

// Sender delivers an excerpt to a chat and returns the message id. Its
// errors say what Telegram answered: ErrBlocked, ErrGone, *RetryAfterError,
// *MigratedError; any other error means the outcome is unknown.
type Sender interface {
	SendExcerpt(ctx context.Context, chatID int64, e Excerpt) (messageID int, err error)
}

var (
	// ErrBlocked means the chat blocked the bot or removed it (403).
	ErrBlocked = errors.New("the chat blocked the bot")
	// ErrGone means the chat no longer exists (400 chat not found).
	ErrGone = errors.New("the chat no longer exists")
)

// RetryAfterError means Telegram asked to wait (429).
type RetryAfterError struct{ After time.Duration }

func (e *RetryAfterError) Error() string { return fmt.Sprintf("retry after %s", e.After) }

// MigratedError means the group became a supergroup with a new id.
type MigratedError struct{ To int64 }

func (e *MigratedError) Error() string { return fmt.Sprintf("group moved to %d", e.To) }

// Store is what the digest keeps in the bot's database: the subscriptions,
// the record of what was sent to whom, and the lease that lets one process
// of several deliver. *store.Store is one, on SQLite or PostgreSQL.
type Store interface {
	Subscriptions(ctx context.Context) ([]store.Subscription, error)
	DeliveredOn(ctx context.Context, days ...string) (map[int64]map[string]bool, error)
	Claim(ctx context.Context, chatID int64, day, citation, theme string, cycle []string) (bool, error)
	MarkAttempted(ctx context.Context, chatID int64, day string) error
	MarkSent(ctx context.Context, chatID int64, day string, messageID int) error
	MarkUnknown(ctx context.Context, chatID int64, day string) error
	Release(ctx context.Context, chatID int64, day string) error
	Recover(ctx context.Context, lease time.Duration) (released, unknown int, err error)
	Unsubscribe(ctx context.Context, chatID int64) error
	MoveChat(ctx context.Context, from, to int64) error
	// The deliverer's lease (see lease.go).
	lease.Store
}

// Digest plans and delivers digests.
type Digest struct {
	store Store
	// holder names this process when it takes the deliverer's lease.
	holder string
	// leaseTTL, every and interval are leaseTTL, a minute and
	// sendInterval but in tests of several processes, which cannot run in
	// a synctest bubble.
	leaseTTL, every, interval time.Duration
	index                     *rag.Index
	send                      Sender
	clock                     Clock
	log                       *slog.Logger

	observe func(result string)

	mu    sync.Mutex
	zones map[string]*time.Location
	last  time.Time // the last send, for the broadcast limit
	// failing counts the runs in a row that failed, for Health.
	failing int
}

// failingRuns is how many runs in a row (one a minute) must fail for the
// digest to count as broken: one failure is weather, five are a fault.
const failingRuns = 5

// Health returns why the digest cannot deliver, or nil: its runs have
// failed failingRuns times in a row (a corrupt or locked database).
func (d *Digest) Health() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.failing >= failingRuns {
		return fmt.Errorf("the digest failed its last %d runs", d.failing)
	}
	return nil
}

// Option configures a Digest.
type Option func(*Digest)

// WithClock sets the clock (default: the wall clock), for a test whose
// sends go over loopback HTTP and so cannot run in a synctest bubble.
func WithClock(c Clock) Option { return func(d *Digest) { d.clock = c } }

// WithLogger sets the logger; it never gets chat ids unhashed, nor text.
func WithLogger(l *slog.Logger) Option { return func(d *Digest) { d.log = l } }

// WithObserver reports the result of every digest send: "sent",
// "unknown", "unsubscribed", "moved" or "deferred"; for metrics.
func WithObserver(f func(result string)) Option { return func(d *Digest) { d.observe = f } }

// New returns a digest over a store and an index. send may be nil for a
// digest that only plans (a dry run).
func New(st Store, ix *rag.Index, send Sender, opts ...Option) *Digest {
	d := &Digest{store: st, holder: lease.Holder(), leaseTTL: leaseTTL, every: time.Minute, interval: sendInterval, index: ix, send: send, clock: RealClock{}, log: slog.New(slog.DiscardHandler),
		zones: map[string]*time.Location{}, observe: func(string) {}}
	for _, o := range opts {
		o(d)
	}
	return d
}

// zone loads a time zone once.
func (d *Digest) zone(name string) (*time.Location, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if z, ok := d.zones[name]; ok {
		return z, nil
	}
	z, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	d.zones[name] = z
	return z, nil
}
