package bot

import (
	"context"
	"log/slog"
	"sync"

	"reportbot/lang"
	"reportbot/store"
)

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
	Store *store.Store
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
