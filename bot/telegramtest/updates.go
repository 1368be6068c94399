package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// queued is an update waiting in getUpdates' queue, encoded when pushed.
type queued struct {
	id   int64
	kind string // the update's type, such as "message" or "callback_query"
	raw  json.RawMessage
}

// notByDefault are the update types Telegram sends only when asked for in
// allowed_updates.
var notByDefault = []string{"chat_member", "message_reaction", "message_reaction_count"}

// Push assigns u the next update_id (the first is 1), queues it for
// getUpdates and returns the id. It panics when u cannot be encoded. The
// server remembers the chats, users, messages and queries u carries: the
// bot can reply to its messages and answer its queries.
func (s *Server) Push(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastUpdateID++
	u.ID = s.lastUpdateID
	raw, err := json.Marshal(&u)
	if err != nil {
		panic("telegramtest: cannot encode the update: " + err.Error())
	}
	// Decode a copy, so that the caller may change u afterwards.
	var fields map[string]json.RawMessage
	var fresh models.Update
	if err := json.Unmarshal(raw, &fields); err != nil {
		panic("telegramtest: cannot decode the update: " + err.Error())
	}
	if err := json.Unmarshal(raw, &fresh); err != nil {
		panic("telegramtest: cannot decode the update: " + err.Error())
	}
	kind := ""
	for k := range fields {
		if k != "update_id" {
			kind = k
		}
	}
	s.remember(&fresh)
	s.queue = append(s.queue, queued{id: u.ID, kind: kind, raw: raw})
	s.notify()
	return u.ID
}

// PushRaw queues an update given as raw JSON for its kind ("message",
// "callback_query", …), such as one with a field in a shape the client
// library cannot decode, and returns its update_id.
func (s *Server) PushRaw(kind, object string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastUpdateID++
	raw := fmt.Sprintf(`{"update_id":%d,%q:%s}`, s.lastUpdateID, kind, object)
	s.queue = append(s.queue, queued{id: s.lastUpdateID, kind: kind, raw: []byte(raw)})
	s.notify()
	return s.lastUpdateID
}

// Pending returns how many pushed updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// WaitConfirmed waits until the bot has confirmed the update with this id,
// by asking getUpdates for a greater offset, and reports whether it did
// before timeout. A confirmed update is never delivered again.
func (s *Server) WaitConfirmed(updateID int64, timeout time.Duration) bool {
	return s.waitUntil(timeout, func() bool { return s.confirmed > updateID })
}

// Confirmed reports whether the bot has confirmed the update with this id
// (see WaitConfirmed).
func (s *Server) Confirmed(updateID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed > updateID
}

// getUpdates answers with the queued updates from offset on, waiting up to
// timeout seconds for one to be pushed. Like Telegram, it confirms (drops)
// the updates below a positive offset, keeps the last -offset updates for a
// negative one, filters by allowed_updates, answers 409 while a webhook is
// set, and ends an earlier long poll still waiting with 409.
func (s *Server) getUpdates(ctx context.Context, p map[string]string) (any, *Fault) {
	offset, _ := strconv.ParseInt(p["offset"], 10, 64)
	timeout, _ := strconv.Atoi(p["timeout"])
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	var allowed []string
	if raw, ok := p["allowed_updates"]; ok {
		if err := json.Unmarshal([]byte(raw), &allowed); err != nil {
			return nil, badRequest("can't parse allowed_updates JSON array")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhook.URL != "" {
		return nil, &Fault{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if allowed != nil {
		s.allowed = allowed
	}
	s.confirm(offset)
	if s.poller != nil {
		close(s.poller)
	}
	kick := make(chan struct{})
	s.poller = kick
	defer func() {
		if s.poller == kick {
			s.poller = nil
		}
	}()
	s.notify()

	deadline := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer deadline.Stop()
	conflict := &Fault{Code: 409, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
	for {
		select {
		case <-kick:
			return nil, conflict
		default:
		}
		if out := s.take(limit); len(out) > 0 || timeout <= 0 {
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-kick:
		case <-deadline.C:
			timeout = 0
		case <-ctx.Done():
			timeout = 0
		case <-s.closing:
			timeout = 0
		}
		s.mu.Lock()
	}
}

// confirm drops the updates before offset; s.mu must be held.
func (s *Server) confirm(offset int64) {
	switch {
	case offset > 0:
		i := 0
		for i < len(s.queue) && s.queue[i].id < offset {
			i++
		}
		s.queue = s.queue[i:]
		s.confirmed = max(s.confirmed, offset)
	case offset < 0 && int64(len(s.queue)) > -offset:
		s.queue = s.queue[int64(len(s.queue))+offset:]
		s.confirmed = max(s.confirmed, s.queue[0].id)
	}
}

// take returns up to limit queued updates, dropping those confirmed and
// those allowed_updates leaves out, as Telegram does; s.mu must be held.
func (s *Server) take(limit int) []json.RawMessage {
	out := []json.RawMessage{}
	kept := make([]queued, 0, len(s.queue))
	for _, q := range s.queue {
		if q.id < s.confirmed || !s.wanted(q.kind) {
			continue
		}
		kept = append(kept, q)
		if len(out) < limit {
			out = append(out, q.raw)
		}
	}
	s.queue = kept
	return out
}

func (s *Server) wanted(kind string) bool {
	if len(s.allowed) == 0 {
		return !slices.Contains(notByDefault, kind)
	}
	return slices.Contains(s.allowed, kind)
}

// remember notes the chats, users, messages and queries of u; s.mu must be
// held.
func (s *Server) remember(u *models.Update) {
	for _, m := range []*models.Message{u.Message, u.EditedMessage, u.ChannelPost, u.EditedChannelPost, u.BusinessMessage} {
		s.rememberMessage(m)
	}
	if q := u.InlineQuery; q != nil {
		s.openQueries[q.ID] = true
		if q.From != nil {
			s.rememberUser(*q.From)
		}
	}
	if q := u.CallbackQuery; q != nil {
		s.openQueries[q.ID] = true
		s.rememberUser(q.From)
		s.rememberMessage(q.Message.Message)
	}
}

func (s *Server) rememberMessage(m *models.Message) {
	if m == nil || m.ID == 0 {
		return
	}
	if m.Chat.ID != 0 {
		s.chats[m.Chat.ID] = m.Chat
	}
	if m.From != nil {
		s.rememberUser(*m.From)
	}
	s.lastMessageID = max(s.lastMessageID, m.ID)
	k := msgKey{m.Chat.ID, m.ID}
	if _, ok := s.messages[k]; !ok {
		msg := *m
		msg.ReplyToMessage = nil
		fromBot := m.From != nil && m.From.ID == s.botID
		s.messages[k] = &stored{msg: msg, fromBot: fromBot, content: contentKey(msg.Text, msg.Entities, msg.ReplyMarkup)}
		if fromBot {
			s.botMessages[k.chat] = append(s.botMessages[k.chat], k.id)
		}
	}
	s.rememberMessage(m.ReplyToMessage)
}

func (s *Server) rememberUser(u models.User) {
	if u.ID != 0 && u.ID != s.botID {
		s.users[u.ID] = u
	}
}
