package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"sync"
	"time"
)

// Telegram limits what a bot sends: about 30 messages a second in all,
// about one a second to one chat, 20 a minute to one group. Past them it
// answers 429 and holds the chat back. The bot keeps under them itself,
// for answers and digests together, so that it does not earn its own 429s.

// Send budgets: rate per second and burst, so that no second holds more
// than 30 sends in all (24 + 4, with room for requests that the network
// bunches on their way), no minute more than 20 to one group (18 + 2), and
// a private chat gets a short reply of three parts at once, then one a
// second.
const (
	globalRate, globalBurst   = 24.0, 4.0
	privateRate, privateBurst = 1.0, 3.0
	groupRate, groupBurst     = 18.0 / 60, 2.0
)

// pacer hands out sends within the budgets, as token buckets: a send
// takes a token from the bot's bucket and from its chat's, and waits for
// the later of the two to have it.
type pacer struct {
	mu     sync.Mutex
	global bucket
	chats  map[int64]*bucket
	swept  time.Time
	// departed are the times the last maxPerSecond sends left. A send
	// leaves when it was reserved for, or later when its goroutine was
	// slow to run again; several late ones must not crowd one second.
	departed []time.Time
	// departing, when set, is told each send as it leaves (for tests).
	departing func(time.Time)
}

// maxPerSecond is how many sends may leave within any one second: the
// bucket's rate and one more, so that requests the network or a busy
// machine bunches on their way still arrive below Telegram's 30.
const maxPerSecond = 25

func newPacer() *pacer {
	return &pacer{global: bucket{tokens: globalBurst, rate: globalRate, burst: globalBurst}, chats: map[int64]*bucket{}}
}

// bucket is a token bucket, refilled at rate up to burst; tokens may go
// below zero, which is a reservation made by a send that waits.
type bucket struct {
	tokens, rate, burst float64
	last                time.Time
}

// take reserves a token at now and returns how long to wait for it.
func (b *bucket) take(now time.Time) time.Duration {
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}

// reserve reserves a send to chat (0 for none known) and returns how long
// it must wait. Groups, supergroups and channels have negative ids.
func (p *pacer) reserve(chat int64) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	wait := p.global.take(now)
	if chat == 0 {
		return wait
	}
	if now.Sub(p.swept) > time.Minute {
		p.sweep(now)
	}
	c := p.chats[chat]
	if c == nil {
		rate, burst := privateRate, privateBurst
		if chat < 0 {
			rate, burst = groupRate, groupBurst
		}
		c = &bucket{tokens: burst, rate: rate, burst: burst}
		p.chats[chat] = c
	}
	return max(wait, c.take(now))
}

// depart records a send leaving now, or returns how long it must wait
// first so that no second holds more than maxPerSecond departures.
func (p *pacer) depart() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if n := len(p.departed); n >= maxPerSecond {
		if since := now.Sub(p.departed[n-maxPerSecond]); since < time.Second {
			return time.Second - since
		}
		p.departed = append(p.departed[:0], p.departed[n-maxPerSecond+1:]...)
	}
	p.departed = append(p.departed, now)
	if p.departing != nil {
		p.departing(now)
	}
	return 0
}

// sweep forgets chats whose buckets have filled again.
func (p *pacer) sweep(now time.Time) {
	for id, c := range p.chats {
		if c.tokens+now.Sub(c.last).Seconds()*c.rate >= c.burst {
			delete(p.chats, id)
		}
	}
	p.swept = now
}

// pacedMethods are the Bot API methods that post or change a message in a
// chat, which Telegram counts.
var pacedMethods = map[string]bool{
	"sendMessage": true, "editMessageText": true, "editMessageReplyMarkup": true,
	"sendPhoto": true, "sendDocument": true, "copyMessage": true, "forwardMessage": true,
}

// pacedTransport holds each counted request until the pacer allows it; a
// job waiting here gives its slot away (see pauseSlot).
type pacedTransport struct {
	base  http.RoundTripper
	pacer *pacer
}

func (t pacedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !pacedMethods[path.Base(r.URL.Path)] {
		return t.base.RoundTrip(r)
	}
	chat, body, err := chatOfRequest(r)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if wait := t.pacer.reserve(chat); wait > 0 {
		if err := t.wait(r.Context(), wait); err != nil {
			return nil, err
		}
	}
	for {
		wait := t.pacer.depart()
		if wait == 0 {
			break
		}
		if err := t.wait(r.Context(), wait); err != nil {
			return nil, err
		}
	}
	return t.base.RoundTrip(r)
}

// wait waits d with the job's slot given away.
func (t pacedTransport) wait(ctx context.Context, d time.Duration) error {
	resume := pauseSlot(ctx)
	sleep(ctx, d)
	resume()
	return ctx.Err()
}

// chatOfRequest reads a Bot API request's body and returns its chat_id (0
// when it has none that is a number) with the body, for sending on.
func chatOfRequest(r *http.Request) (int64, []byte, error) {
	if r.Body == nil {
		return 0, nil, nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return 0, nil, err
	}
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/json":
		var p struct {
			ChatID json.Number `json:"chat_id"`
		}
		if json.Unmarshal(body, &p) == nil {
			id, _ := p.ChatID.Int64()
			return id, body, nil
		}
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			if part.FormName() == "chat_id" {
				v, _ := io.ReadAll(io.LimitReader(part, 32))
				id, _ := strconv.ParseInt(string(v), 10, 64)
				return id, body, nil
			}
		}
	}
	return 0, body, nil
}
