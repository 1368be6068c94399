package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Streaming settings: how often a user sees the answer grow, and how often
// "typing…" is renewed while the model has written nothing yet (Telegram
// shows it for about five seconds).
const (
	draftEvery  = 300 * time.Millisecond
	editEvery   = time.Second
	typingEvery = 4500 * time.Millisecond
	// thinkingEvery renews the "Thinking…" draft, a preview Telegram
	// keeps for about 30 seconds.
	thinkingEvery = 20 * time.Second
	// maxDraftRunes keeps a draft within a message.
	maxDraftRunes = 4000
)

// stream shows a model's answer while it is written: in a private chat as a
// draft (sendMessageDraft), in a group by editing one message at most once
// a second. Until the first text, "typing…" is kept alive. The checked
// answer then replaces what was shown (see finish).
type stream struct {
	b       *Bot
	ctx     context.Context
	m       *models.Message
	private bool
	draftID string

	mu     sync.Mutex
	last   time.Time // when the shown text was last updated
	shown  bool
	msgID  int // in a group, the message that is edited
	calls  int // Bot API calls for this answer, for the log
	first  time.Time
	typing chan struct{}
	once   sync.Once
}

// stop ends "typing…", once.
func (s *stream) stop() { s.once.Do(func() { close(s.typing) }) }

func (b *Bot) newStream(ctx context.Context, m *models.Message) *stream {
	s := &stream{
		b: b, ctx: ctx, m: m, private: m.Chat.Type == models.ChatTypePrivate,
		draftID: strconv.FormatUint(uint64(b.nextDraftID()), 10), typing: make(chan struct{}),
	}
	go s.keepTyping()
	return s
}

// keepTyping shows that an answer is coming until its first text is shown
// or it is done: in a private chat Telegram's "Thinking…" draft (an empty
// one), renewed every thinkingEvery, elsewhere or where the API refuses an
// empty draft "typing…", every typingEvery.
func (s *stream) keepTyping() {
	every := typingEvery
	thinking := s.private && !s.b.noEmptyDrafts.Load()
	if thinking {
		every = thinkingEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if thinking && !s.think() {
			thinking = false
			t.Reset(typingEvery)
		}
		if !thinking {
			// A failure to show it is no reason to stop anything.
			s.b.tg.SendChatAction(s.ctx, &tgbot.SendChatActionParams{ChatID: s.m.Chat.ID, MessageThreadID: s.m.MessageThreadID, Action: models.ChatActionTyping})
		}
		s.count()
		select {
		case <-t.C:
		case <-s.typing:
			return
		case <-s.ctx.Done():
			return
		}
	}
}

// think shows the "Thinking…" draft, under the id the answer's drafts will
// have, so that the first text replaces it. The library drops an empty
// text, so the bot sends it itself. It reports false when the API refuses
// an empty draft (an API before it took one): the bot then says "typing…"
// from then on.
func (s *stream) think() bool {
	p := map[string]any{"chat_id": s.m.Chat.ID, "draft_id": json.Number(s.draftID), "text": ""}
	if s.m.MessageThreadID != 0 {
		p["message_thread_id"] = s.m.MessageThreadID
	}
	_, err := s.b.call(s.ctx, "sendMessageDraft", p)
	var refused *apiError
	if errors.As(err, &refused) && refused.code == http.StatusBadRequest {
		s.b.noEmptyDrafts.Store(true)
		s.b.log.Info("the Bot API refuses an empty draft; showing typing instead", "error", refused.description)
		return false
	}
	return true
}

func (s *stream) count() {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
}

// update shows the answer written so far, at most as often as the chat's
// kind allows. It is called after every token.
func (s *stream) update(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	every := draftEvery
	if !s.private {
		every = editEvery
	}
	if s.shown && time.Since(s.last) < every {
		return
	}
	if r := []rune(text); len(r) > maxDraftRunes {
		text = string(r[:maxDraftRunes]) + "…"
	}
	if !utf8.ValidString(text) || text == "" {
		return
	}
	var err error
	switch {
	case s.private:
		_, err = s.b.tg.SendMessageDraft(s.ctx, &tgbot.SendMessageDraftParams{ChatID: s.m.Chat.ID, MessageThreadID: s.m.MessageThreadID, DraftID: s.draftID, Text: text})
	case s.msgID == 0:
		var sent *models.Message
		// Silent: a group is notified once, by the whole answer's edit,
		// not by a first sentence of it.
		p := &tgbot.SendMessageParams{ChatID: s.m.Chat.ID, MessageThreadID: s.m.MessageThreadID, Text: text, DisableNotification: true}
		if s.m.ID != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: s.m.ID, AllowSendingWithoutReply: true}
		}
		if sent, err = s.b.tg.SendMessage(s.ctx, p); err == nil {
			s.msgID = sent.ID
		}
	default:
		_, err = s.b.tg.EditMessageText(s.ctx, &tgbot.EditMessageTextParams{ChatID: s.m.Chat.ID, MessageID: s.msgID, Text: text})
	}
	s.calls++
	if err != nil {
		// The preview is a courtesy; the answer still comes.
		s.b.log.Debug("draft not shown", "chat", s.b.hash.id(s.m.Chat.ID), "error", redact(err.Error(), s.b.cfg.Token))
		return
	}
	if !s.shown {
		s.shown, s.first = true, time.Now()
		s.stop()
	}
	s.last = time.Now()
}

// finish sends the checked answer in place of what was shown: in a group
// by editing the streamed message (when the answer fits one), else as a
// new reply, which in a private chat replaces the draft. It returns the id
// of the answer's last message.
func (s *stream) finish(r rendered, kb models.ReplyMarkup) (int, error) {
	s.stop()
	s.mu.Lock()
	msgID := s.msgID
	s.mu.Unlock()
	if msgID != 0 && len(r.html) == 1 {
		s.count()
		return s.b.editAnswer(s.ctx, s.m.Chat.ID, msgID, r, kb)
	}
	if msgID != 0 {
		// Too long for the streamed message: it keeps the first part.
		if _, err := s.b.editAnswer(s.ctx, s.m.Chat.ID, msgID, rendered{html: r.html[:1], plain: r.plain[:1]}, nil); err != nil {
			return 0, err
		}
		r = rendered{html: r.html[1:], plain: r.plain[1:]}
	}
	s.mu.Lock()
	s.calls += len(r.html)
	s.mu.Unlock()
	return s.b.reply(s.ctx, s.m, r, kb)
}

// stats returns how many Bot API calls the answer took and how long after
// it started the first text was shown (0 when none was).
func (s *stream) stats(start time.Time) (calls int, firstText time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.first.IsZero() {
		firstText = s.first.Sub(start)
	}
	return s.calls, firstText
}

// nextDraftID returns a draft id for a new answer: Telegram takes a
// positive 32-bit integer, and other clients type it so (teloxide's u32),
// so ids count up from a random start within 1…2³¹−1, unique per answer
// for billions of answers.
func (b *Bot) nextDraftID() uint32 {
	for {
		id := b.drafts.Add(1) & 0x7fffffff
		if id != 0 {
			return id
		}
	}
}
