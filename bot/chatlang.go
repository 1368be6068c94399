package bot

import (
	"context"
	"sync"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
)

// maxLearned bounds how many chats' learned languages are kept in memory.
const maxLearned = 100_000

// learnedLangs remembers, in memory only, the language each chat asks its
// questions in, so that the bot's own messages there stay in it.
type learnedLangs struct {
	mu sync.Mutex
	m  map[int64]lang.Language
}

func (ll *learnedLangs) get(chatID int64) (lang.Language, bool) {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	l, ok := ll.m[chatID]
	return l, ok
}

func (ll *learnedLangs) set(chatID int64, l lang.Language) {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	if ll.m == nil || len(ll.m) >= maxLearned {
		// Forgetting all at once is rare and harmless: the next question
		// teaches a chat's language again.
		ll.m = map[int64]lang.Language{}
	}
	ll.m[chatID] = l
}

func (ll *learnedLangs) forget(chatID int64) {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	delete(ll.m, chatID)
}

// chatLang is the language of the bot's own messages in a chat: the one
// chosen with /lang; else the one the chat's questions were last asked in;
// else, in a private chat, the user's Telegram language; else English. It
// is never guessed from a command's words ("/digest on" is not English),
// and a group's is the group's, not whoever wrote last.
func (b *Bot) chatLang(ctx context.Context, chat models.Chat, from *models.User) lang.Language {
	// Every message of a chat comes here first: what another machine's
	// /forget dropped is dropped here too before it is used.
	b.applyForget(ctx, chat.ID)
	if l, ok := b.prefs.Lang(ctx, chat.ID); ok {
		return l
	}
	if l, ok := b.learned.get(chat.ID); ok {
		return l
	}
	if chat.Type == models.ChatTypePrivate && from != nil {
		if l, ok := lang.Parse(from.LanguageCode); ok {
			return l
		}
	}
	return lang.English
}

// userLang is the language for someone outside any chat (an inline query,
// a tap on a message gone) when what they typed does not tell: their
// Telegram language.
func userLang(from *models.User) lang.Language {
	if from != nil {
		if l, ok := lang.Parse(from.LanguageCode); ok {
			return l
		}
	}
	return lang.English
}
