package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"reportbot/lang"
	"reportbot/lease"
	"reportbot/store"
)

// Store is what the bot keeps in its database: chat languages, digest
// subscriptions, votes, the inbox of polled updates, and the leases and
// marks by which several processes sharing the database agree.
// *store.Store is one, on SQLite or PostgreSQL.
type Store interface {
	ChatLang(ctx context.Context, chatID int64) (string, bool, error)
	SetChatLang(ctx context.Context, chatID int64, lang string) error
	Subscription(ctx context.Context, chatID int64) (store.Subscription, bool, error)
	SaveSubscription(ctx context.Context, sub store.Subscription) error
	Unsubscribe(ctx context.Context, chatID int64) error
	ForgetChat(ctx context.Context, chatID int64) (store.Forgotten, error)
	ForgottenAt(ctx context.Context, chatID int64) (time.Time, bool, error)
	AddVote(ctx context.Context, up bool, ids ...string) error
	RemoveVote(ctx context.Context, up bool, ids ...string) error
	Cast(ctx context.Context, chat int64, msg int, voter string, up bool) (before, after int8, ups, downs int, err error)
	DropBallots(ctx context.Context, chat int64, msg int) error
	PutUpdates(ctx context.Context, updates []store.InboxUpdate) ([]store.InboxUpdate, error)
	TakenThrough(ctx context.Context) (int64, error)
	Inbox(ctx context.Context, after int64, limit int) ([]store.InboxUpdate, error)
	DoneUpdate(ctx context.Context, id int64) error
	// The poller's lease (see pollease.go).
	lease.Store
	Beat(ctx context.Context, id string, ttl time.Duration) ([]string, error)
	Leave(ctx context.Context, id string) error
	// Postgres is true for a database several processes share.
	Postgres() bool
}

// Prefs remembers each chat's choices. MemoryPrefs forgets them on
// restart; StorePrefs keeps them in the database.
type Prefs interface {
	// Lang returns the language chosen with /lang in a chat, if any.
	Lang(ctx context.Context, chatID int64) (lang.Language, bool)
	// SetLang records the language chosen in a chat.
	SetLang(ctx context.Context, chatID int64, l lang.Language) error
	// Forget deletes the chat's choices and reports whether there were
	// any.
	Forget(ctx context.Context, chatID int64) (bool, error)
}

// MemoryPrefs keeps chat preferences in memory.
type MemoryPrefs struct {
	mu   sync.Mutex
	lang map[int64]lang.Language
}

// NewMemoryPrefs returns an empty store.
func NewMemoryPrefs() *MemoryPrefs { return &MemoryPrefs{lang: map[int64]lang.Language{}} }

// Lang implements Prefs.
func (p *MemoryPrefs) Lang(_ context.Context, chatID int64) (lang.Language, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.lang[chatID]
	return l, ok
}

// SetLang implements Prefs.
func (p *MemoryPrefs) SetLang(_ context.Context, chatID int64, l lang.Language) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lang[chatID] = l
	return nil
}

// Forget implements Prefs.
func (p *MemoryPrefs) Forget(_ context.Context, chatID int64) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, had := p.lang[chatID]
	delete(p.lang, chatID)
	return had, nil
}

// StorePrefs keeps chat preferences in the bot's database, so that a
// restart forgets nothing.
type StorePrefs struct {
	Store Store
	Log   *slog.Logger
}

// Lang implements Prefs. A database error reads as "no choice", logged.
func (p StorePrefs) Lang(ctx context.Context, chatID int64) (lang.Language, bool) {
	code, ok, err := p.Store.ChatLang(ctx, chatID)
	if err != nil {
		p.Log.Error("reading chat language failed", "error", err.Error())
		return "", false
	}
	l, valid := lang.Parse(code)
	return l, ok && valid
}

// SetLang implements Prefs.
func (p StorePrefs) SetLang(ctx context.Context, chatID int64, l lang.Language) error {
	return p.Store.SetChatLang(ctx, chatID, string(l))
}

// Forget implements Prefs: the database forgets everything about the chat
// (see store.ForgetChat); the bot asks it for the rest.
func (p StorePrefs) Forget(ctx context.Context, chatID int64) (bool, error) {
	f, err := p.Store.ForgetChat(ctx, chatID)
	return f.Lang, err
}
