package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// maxBallots bounds how many votes on answers are remembered.
const maxBallots = 200_000

// ballots remembers, in memory only, how each person voted on each answer,
// so that a person has one vote per answer and can change it. A voter is
// kept as a salted hash of their id, which cannot be turned back into it
// without the salt; the counts themselves live on the answer's buttons.
type ballots struct {
	mu sync.Mutex
	m  map[ballot]int8 // +1 up, -1 down
	// shown is the keyboard last shown under each answer: a tap carries
	// the message as the tapper saw it, and two taps at once would each
	// count from the same old label.
	shown map[answerKey]*models.InlineKeyboardMarkup
}

type answerKey struct {
	chat int64
	msg  int
}

type ballot struct {
	chat  int64
	msg   int
	voter string
}

// cast records a tap on 👍 (up) or 👎: a first tap votes, a tap on the
// same button again takes the vote back, a tap on the other changes it. It
// returns the vote before and after.
func (bs *ballots) cast(chat int64, msg int, voter string, up bool) (before, after int8) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.m == nil || len(bs.m) >= maxBallots || len(bs.shown) >= maxBallots {
		// Forgetting old ballots lets someone vote again on an old answer,
		// which is better than keeping votes without end.
		bs.m = map[ballot]int8{}
		bs.shown = map[answerKey]*models.InlineKeyboardMarkup{}
	}
	k := ballot{chat, msg, voter}
	before = bs.m[k]
	after = int8(1)
	if !up {
		after = -1
	}
	if after == before {
		after = 0
		delete(bs.m, k)
	} else {
		bs.m[k] = after
	}
	return before, after
}

// keyboard returns the keyboard last shown under an answer, or seen, the
// one the tap carries.
func (bs *ballots) keyboard(chat int64, msg int, seen *models.InlineKeyboardMarkup) *models.InlineKeyboardMarkup {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if kb, ok := bs.shown[answerKey{chat, msg}]; ok {
		return kb
	}
	return seen
}

// show records the keyboard now shown under an answer.
func (bs *ballots) show(chat int64, msg int, kb *models.InlineKeyboardMarkup) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.shown == nil {
		bs.shown = map[answerKey]*models.InlineKeyboardMarkup{}
	}
	bs.shown[answerKey{chat, msg}] = kb
}

// forgetAnswer drops the votes on an answer that was answered anew (its
// question was edited): the new answer starts with no votes.
func (bs *ballots) forgetAnswer(chat int64, msg int) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	delete(bs.shown, answerKey{chat, msg})
	for k := range bs.m {
		if k.chat == chat && k.msg == msg {
			delete(bs.m, k)
		}
	}
}

// forgetChat drops every vote on a chat's answers (/forget).
func (bs *ballots) forgetChat(chat int64) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	for k := range bs.shown {
		if k.chat == chat {
			delete(bs.shown, k)
		}
	}
	for k := range bs.m {
		if k.chat == chat {
			delete(bs.m, k)
		}
	}
}

// vote applies a tap on 👍 or 👎 under an answer: the person's one vote on
// it, the per-passage counts, and the counts shown on the buttons.
func (b *Bot) vote(ctx context.Context, q *models.CallbackQuery, m *models.Message, up bool, ids []string) (said string) {
	var before, after int8
	var kb *models.InlineKeyboardMarkup
	cast := false
	if b.store != nil {
		// In the database, a person's vote is one whichever machine their
		// taps reach, and the counts are everyone's.
		var ups, downs int
		var err error
		before, after, ups, downs, err = b.store.Cast(ctx, m.Chat.ID, m.ID, b.voter(q.From.ID), up)
		if err == nil {
			cast = true
			kb = withCounts(m.ReplyMarkup, ups, downs)
		} else {
			b.log.Error("saving a vote failed; counted in memory", "error", err.Error())
		}
	}
	if !cast {
		before, after = b.ballots.cast(m.Chat.ID, m.ID, b.hash.id(q.From.ID), up)
		kb = recount(b.ballots.keyboard(m.Chat.ID, m.ID, m.ReplyMarkup), before, after)
	}
	// The per-passage counts are kept only in the database: without one
	// (DATA_DIR empty) the buttons still show this answer's counts.
	if before != 0 && b.store != nil {
		if err := b.store.RemoveVote(ctx, before > 0, ids...); err != nil {
			b.log.Error("taking back a vote failed", "error", err.Error())
		}
	}
	if after != 0 && b.store != nil {
		if err := b.store.AddVote(ctx, after > 0, ids...); err != nil {
			b.log.Error("saving a vote failed", "error", err.Error())
		}
	}
	if kb != nil {
		b.ballots.show(m.Chat.ID, m.ID, kb)
		_, err := b.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: m.Chat.ID, MessageID: m.ID, ReplyMarkup: strict(kb)})
		if err != nil {
			b.log.Warn("vote counts not shown", "chat", b.hash.id(m.Chat.ID), "error", redact(err.Error(), b.cfg.Token))
		}
	}
	b.log.Info("feedback", "up", after > 0, "taken_back", after == 0, "citations", len(ids))
	if after == 0 {
		return "FeedbackTakenBack"
	}
	return "FeedbackThanks"
}

// voter is the key a person's vote is kept under in the database: a keyed
// hash of their id, the same on every machine of the bot (the key comes
// from the bot's token), which cannot be turned back into the id without
// it.
func (b *Bot) voter(id int64) string {
	mac := hmac.New(sha256.New, b.voterKey)
	mac.Write([]byte(strconv.FormatInt(id, 10)))
	return hex.EncodeToString(mac.Sum(nil))[:24]
}

// withCounts returns the answer's keyboard with the vote buttons showing
// ups and downs, or nil when it has none.
func withCounts(markup *models.InlineKeyboardMarkup, ups, downs int) *models.InlineKeyboardMarkup {
	if markup == nil {
		return nil
	}
	found := false
	rows := make([][]models.InlineKeyboardButton, len(markup.InlineKeyboard))
	for i, row := range markup.InlineKeyboard {
		rows[i] = make([]models.InlineKeyboardButton, len(row))
		for j, btn := range row {
			switch {
			case strings.HasPrefix(btn.CallbackData, cbUp):
				btn.Text, found = voteLabel(true, ups), true
			case strings.HasPrefix(btn.CallbackData, cbDown):
				btn.Text, found = voteLabel(false, downs), true
			}
			rows[i][j] = btn
		}
	}
	if !found {
		return nil
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// recount returns the answer's keyboard with the vote buttons' counts
// changed from vote before to vote after, or nil when it has none.
func recount(markup *models.InlineKeyboardMarkup, before, after int8) *models.InlineKeyboardMarkup {
	if markup == nil {
		return nil
	}
	var ups, downs int
	for _, row := range markup.InlineKeyboard {
		for _, btn := range row {
			switch {
			case strings.HasPrefix(btn.CallbackData, cbUp):
				ups = votesOn(btn.Text)
			case strings.HasPrefix(btn.CallbackData, cbDown):
				downs = votesOn(btn.Text)
			}
		}
	}
	count := func(vote int8, n int) {
		switch vote {
		case 1:
			ups += n
		case -1:
			downs += n
		}
	}
	count(before, -1)
	count(after, 1)
	return withCounts(markup, max(ups, 0), max(downs, 0))
}

// voteLabel is a vote button's text: the thumb, and the count once there
// is one.
func voteLabel(up bool, n int) string {
	thumb := "👎"
	if up {
		thumb = "👍"
	}
	if n == 0 {
		return thumb
	}
	return thumb + " " + strconv.Itoa(n)
}

// votesOn reads the count from a vote button's text ("👍 3"), 0 if none.
func votesOn(label string) int {
	_, n, _ := strings.Cut(label, " ")
	v, err := strconv.Atoi(n)
	if err != nil {
		return 0
	}
	return v
}

// dropButton removes from a message's keyboard the buttons whose callback
// data starts with prefix.
func (b *Bot) dropButton(ctx context.Context, m *models.Message, prefix string) {
	if m.ReplyMarkup == nil {
		return
	}
	var rows [][]models.InlineKeyboardButton
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		var kept []models.InlineKeyboardButton
		for _, btn := range row {
			if !strings.HasPrefix(btn.CallbackData, prefix) {
				kept = append(kept, btn)
			}
		}
		if len(kept) > 0 {
			rows = append(rows, kept)
		}
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: rows}
	if _, err := b.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: m.Chat.ID, MessageID: m.ID, ReplyMarkup: strict(kb)}); err != nil {
		b.log.Warn("button not removed", "chat", b.hash.id(m.Chat.ID), "error", redact(err.Error(), b.cfg.Token))
	}
}
