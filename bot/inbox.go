package bot

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot/models"

	"reportbot/store"
)

// With a database, polling keeps what it takes in the store's inbox before
// Telegram is told it arrived, and handles it from there: nothing then waits
// on a slow chat, not even the offset, and a process killed at any point
// loses nothing it took (the next one handles what is left). Each update is
// sealed before it is stored, with a key derived from the bot token, which
// is never on the volume: the database never holds message text in the
// clear, and a handled update is deleted (secure_delete overwrites it).

// maxInbox bounds the updates taken and not yet handled. Past it polling
// waits, and a backlog stays at Telegram, not in memory.
const maxInbox = 1000

// inbox is the bot's state for the stored inbox.
type inbox struct {
	seal    *sealer
	open    atomic.Int64  // updates stored and not yet handled
	changed chan struct{} // signalled when one is handled
}

func newInbox(token string) (*inbox, error) {
	s, err := newSealer(token)
	if err != nil {
		return nil, err
	}
	return &inbox{seal: s, changed: make(chan struct{}, 1)}, nil
}

// pollStored is poll with the store's inbox (see above).
func (b *Bot) pollStored(ctx context.Context) error {
	err := b.replay(ctx)
	var through int64
	if err == nil {
		through, err = b.store.TakenThrough(ctx)
	}
	if ctx.Err() != nil {
		return b.stopStored(0) // stopped while starting
	}
	if err != nil {
		return err
	}
	offset := through + 1
	wait := time.Duration(0)
	for {
		sleep(ctx, wait)
		for ctx.Err() == nil && b.inbox.open.Load() >= maxInbox {
			select {
			case <-b.inbox.changed:
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			return b.stopStored(offset)
		}
		raws, err := b.getUpdates(ctx, offset, int(pollTimeout.Seconds()))
		if ctx.Err() != nil {
			return b.stopStored(offset)
		}
		if errors.Is(err, errUnauthorized) {
			return err
		}
		if err == nil {
			err = b.take(ctx, raws)
		}
		if err != nil {
			wait = min(max(2*wait, time.Second), 5*time.Second)
			b.log.Warn("getUpdates failed; polling again", "wait_s", wait.Seconds(), "error", redact(err.Error(), b.cfg.Token))
			continue
		}
		wait = 0
		if len(raws) > 0 {
			offset = raws[len(raws)-1].id + 1
		}
	}
}

// take stores a batch in the inbox and puts each new update in its chat's
// line. An update that cannot be decoded is logged by id and skipped.
func (b *Bot) take(ctx context.Context, raws []rawUpdate) error {
	puts := make([]store.InboxUpdate, 0, len(raws))
	decoded := make(map[int64]*models.Update, len(raws))
	for _, ru := range raws {
		var u models.Update
		if err := json.Unmarshal(ru.raw, &u); err != nil {
			b.log.Error("update skipped: it cannot be decoded", "update_id", ru.id, "error", err.Error())
			continue
		}
		decoded[ru.id] = &u
		puts = append(puts, store.InboxUpdate{ID: ru.id, Chat: chatOf(&u), Body: b.inbox.seal.seal(ru.id, ru.raw)})
	}
	stored, err := b.store.PutUpdates(ctx, puts)
	if err != nil {
		return err
	}
	for _, s := range stored {
		b.handleStored(s.ID, s.Chat, decoded[s.ID])
	}
	return nil
}

// handleStored puts a stored update in its chat's line; once handled it
// leaves the inbox.
func (b *Bot) handleStored(id, chat int64, u *models.Update) {
	b.inbox.open.Add(1)
	b.queue.add(chat, func(s *slot) {
		defer func() {
			b.inbox.open.Add(-1)
			select {
			case b.inbox.changed <- struct{}{}:
			default:
			}
		}()
		if !b.process(u, s) {
			return // stopping: the next process handles it
		}
		if err := b.store.DoneUpdate(context.WithoutCancel(b.work), id); err != nil {
			b.log.Warn("a handled update stays in the inbox and will be handled again", "update_id", id, "error", err.Error())
		}
	})
}

// replay handles what a stopped or killed process left in the inbox, in
// order, before anything new is taken.
func (b *Bot) replay(ctx context.Context) error {
	after := int64(0)
	for {
		page, err := b.store.Inbox(ctx, after, maxInbox)
		if err != nil || len(page) == 0 {
			return err
		}
		b.log.Info("handling updates left in the inbox", "updates", len(page))
		for _, s := range page {
			after = s.ID
			raw, err := b.inbox.seal.open(s.ID, s.Body)
			var u models.Update
			if err == nil {
				err = json.Unmarshal(raw, &u)
			}
			if err != nil {
				// Sealed under another token: the bot's token changed.
				b.log.Warn("an update left in the inbox cannot be read (the bot token changed?); dropped", "update_id", s.ID, "error", err.Error())
				if err := b.store.DoneUpdate(ctx, s.ID); err != nil {
					return err
				}
				continue
			}
			b.handleStored(s.ID, s.Chat, &u)
		}
	}
}

// stopStored lets the updates in flight finish, within the shutdown grace,
// and tells Telegram what was taken. What is not handled stays in the
// inbox for the next process.
func (b *Bot) stopStored(offset int64) error {
	b.finishInFlight()
	// If Telegram sends them again, the inbox knows them and takes none
	// twice.
	b.confirm(offset, "taken updates not confirmed at the stop")
	return nil
}

// sealer seals update bodies for the inbox: AES-256-GCM under a key derived
// from the bot token, the update id bound in, so that a body cannot be
// read without the token or moved to another id.
type sealer struct{ aead cipher.AEAD }

func newSealer(token string) (*sealer, error) {
	key, err := hkdf.Key(sha256.New, []byte(token), nil, "reportbot inbox v1", 32)
	if err != nil {
		return nil, fmt.Errorf("inbox key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("inbox key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("inbox key: %w", err)
	}
	return &sealer{aead: aead}, nil
}

// seal returns a random nonce followed by the sealed body.
func (s *sealer) seal(id int64, body []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(body)+s.aead.Overhead())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, body, binary.BigEndian.AppendUint64(nil, uint64(id)))
}

// open returns the body seal sealed for update id.
func (s *sealer) open(id int64, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("inbox body too short")
	}
	return s.aead.Open(nil, sealed[:n], sealed[n:], binary.BigEndian.AppendUint64(nil, uint64(id)))
}
