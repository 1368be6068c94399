package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// allowedUpdates are the update types the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "channel_post", "callback_query", "inline_query", "my_chat_member"}

// errUnauthorized is a poll refused for the token.
var errUnauthorized = errors.New("the Bot API refused the token while polling (401): it was revoked or changed; set TELEGRAM_BOT_TOKEN to the current one")

// poll long-polls getUpdates until ctx ends. It does not use go-telegram/
// bot's Start, whose next request confirms a batch still waiting in its
// queue, so that a stop loses what was confirmed. Here a batch is handled,
// at most MaxConcurrent updates at once, before the next request confirms
// it; on a stop, no new update is started, and a last request confirms
// only the updates handled from the start of the batch without a gap:
// Telegram sends the rest again to the next process. An update the client
// library cannot decode is logged by id and skipped.
func (b *Bot) poll(ctx context.Context) error {
	var offset int64
	wait := time.Duration(0)
	for {
		if wait > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
		}
		raws, err := b.getUpdates(ctx, offset, int(pollTimeout.Seconds()))
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errUnauthorized) {
			return err
		}
		if err != nil {
			wait = min(max(2*wait, time.Second), 5*time.Second)
			b.log.Warn("getUpdates failed; polling again", "wait_s", wait.Seconds(), "error", redact(err.Error(), b.cfg.Token))
			continue
		}
		wait = 0
		handled, stopped := b.handleBatch(ctx, raws)
		if handled > 0 {
			offset = raws[handled-1].id + 1
		}
		if stopped {
			// Confirm what was handled, and only that.
			confirm, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			_, err := b.getUpdates(confirm, offset, 0)
			cancel()
			if err != nil && handled > 0 {
				b.log.Warn("handled updates not confirmed; Telegram will send them again", "error", redact(err.Error(), b.cfg.Token))
			}
			return nil
		}
	}
}

// rawUpdate is an update as Telegram sent it, with its id.
type rawUpdate struct {
	id  int64
	raw json.RawMessage
}

// handleBatch handles a batch of updates, MaxConcurrent at once, and
// returns how many from its start were all handled, and whether ctx ended
// before the batch did.
func (b *Bot) handleBatch(ctx context.Context, batch []rawUpdate) (handled int, stopped bool) {
	done := make([]bool, len(batch))
	sem := make(chan struct{}, b.cfg.MaxConcurrent)
	var wg sync.WaitGroup
	for i, ru := range batch {
		var u models.Update
		if err := json.Unmarshal(ru.raw, &u); err != nil {
			b.log.Error("update skipped: it cannot be decoded", "update_id", ru.id, "error", err.Error())
			done[i] = true
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			stopped = true
		}
		if stopped {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if b.process(&u) {
				done[i] = true
			}
		})
	}
	wg.Wait()
	for handled < len(done) && done[handled] {
		handled++
	}
	return handled, stopped || ctx.Err() != nil
}

// process handles one update through the middlewares, on the work
// context, and reports whether it was handled (not refused by a stop).
func (b *Bot) process(u *models.Update) bool {
	b.mu.Lock()
	if b.stopping || b.work == nil {
		b.mu.Unlock()
		return false
	}
	b.inflight.Add(1)
	work := b.work
	b.mu.Unlock()
	defer b.inflight.Done()
	b.tg.ProcessUpdate(context.WithValue(work, acceptedKey{}, true), u)
	return true
}

// getUpdates asks for the updates from offset on, waiting up to timeout
// seconds for one, and returns them undecoded but for their ids.
func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout int) ([]rawUpdate, error) {
	body, _ := json.Marshal(map[string]any{"offset": offset, "timeout": timeout, "allowed_updates": allowedUpdates})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.apiURL+"/bot"+b.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	defer resp.Body.Close()
	var answer struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d: %w", resp.StatusCode, err)
	}
	if !answer.OK {
		if answer.ErrorCode == http.StatusUnauthorized {
			return nil, errUnauthorized
		}
		return nil, fmt.Errorf("getUpdates: %d %s", answer.ErrorCode, answer.Description)
	}
	out := make([]rawUpdate, 0, len(answer.Result))
	for _, raw := range answer.Result {
		var id struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &id); err != nil || id.UpdateID == 0 {
			return nil, fmt.Errorf("getUpdates: an update without an id: %s", strings.TrimSpace(string(raw[:min(len(raw), 80)])))
		}
		out = append(out, rawUpdate{id: id.UpdateID, raw: raw})
	}
	return out, nil
}
