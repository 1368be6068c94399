package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/lang"
)

// TestOneVotePerPersonPerAnswerChangeableAndShown taps 👍 and 👎 under an
// answer as two people would, over and over: each person counts once,
// can change or take back their vote, and the buttons show the counts.
func TestOneVotePerPersonPerAnswerChangeableAndShown(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	ctx := context.Background()
	const group, alice, bob = -1004700, 4701, 4702
	h.srv.Push(h.srv.GroupText(group, alice, "@ReportBot What happened to Maks Bokaev?"))
	h.settled(t, group)
	msgs := h.srv.Messages(group)
	answer := msgs[len(msgs)-1]
	data := keyboardData(t, h.srv.Sent(group)[len(h.srv.Sent(group))-1])
	var up, down string
	for _, d := range data {
		switch {
		case strings.HasPrefix(d, "u:"):
			up = d
		case strings.HasPrefix(d, "d:"):
			down = d
		}
	}
	taps := []struct {
		user           int64
		data           string
		upN, downN     int
		labelUp, label string
	}{
		{alice, up, 1, 0, "👍 1", "👎"},
		{alice, up, 0, 0, "👍", "👎"}, // taken back
		{alice, up, 1, 0, "👍 1", "👎"},
		{alice, up, 0, 0, "👍", "👎"},
		{alice, down, 0, 1, "👍", "👎 1"},
		{bob, up, 1, 1, "👍 1", "👎 1"},
		{alice, up, 2, 0, "👍 2", "👎"}, // changed
		{bob, up, 1, 0, "👍 1", "👎"},
	}
	for i, tap := range taps {
		h.srv.Push(h.srv.CallbackQuery(tap.user, answer, tap.data))
		if _, err := h.srv.WaitFor("answerCallbackQuery", i+1, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		if gotUp, gotDown, _ := st.Votes(ctx, "kz2016-assembly-2"); gotUp != tap.upN || gotDown != tap.downN {
			t.Errorf("tap %d: stored %d up %d down, want %d and %d", i+1, gotUp, gotDown, tap.upN, tap.downN)
		}
		msgs := h.srv.Messages(group)
		for _, m := range msgs {
			if m.ID != answer.ID {
				continue
			}
			answer = m
			kb := m.ReplyMarkup
			if kb == nil {
				t.Fatalf("tap %d: the answer lost its buttons", i+1)
			}
			labels := ""
			for _, row := range kb.InlineKeyboard {
				for _, b := range row {
					labels += b.Text + "|"
				}
			}
			if !strings.Contains(labels, tap.labelUp+"|") || !strings.Contains(labels, tap.label+"|") {
				t.Errorf("tap %d: buttons %q, want %q and %q", i+1, labels, tap.labelUp, tap.label)
			}
		}
	}
}

// TestTwoTapsAtOnceCountTwo has two people tap 👍 under one answer at the
// same moment: the button shows 👍 2, for a chat's taps are handled in
// order, one after the other.
func TestTwoTapsAtOnceCountTwo(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{MaxConcurrent: 8}, []Option{WithStore(st)})
	const group, alice, bob = -1004710, 4711, 4712
	h.srv.Push(h.srv.GroupText(group, alice, "@ReportBot What happened to Maks Bokaev?"))
	h.settled(t, group)
	msgs := h.srv.Messages(group)
	answer := msgs[len(msgs)-1]
	up := ""
	for _, d := range keyboardData(t, h.srv.Sent(group)[len(h.srv.Sent(group))-1]) {
		if strings.HasPrefix(d, "u:") {
			up = d
		}
	}
	h.srv.Push(h.srv.CallbackQuery(alice, answer, up))
	h.srv.Push(h.srv.CallbackQuery(bob, answer, up))
	if _, err := h.srv.WaitFor("answerCallbackQuery", 2, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if !eventually(5*time.Second, func() bool {
		for _, m := range h.srv.Messages(group) {
			if m.ID == answer.ID && m.ReplyMarkup != nil {
				for _, row := range m.ReplyMarkup.InlineKeyboard {
					for _, b := range row {
						if b.Text == "👍 2" {
							return true
						}
					}
				}
			}
		}
		return false
	}) {
		t.Error("two taps at once do not show 👍 2")
	}
}

// TestAVoteAfterTheQuestionIsEditedCounts votes 👍, then edits the
// question, whose answer is edited with fresh buttons: the next 👍 is a
// vote, not "your vote is taken back".
func TestAVoteAfterTheQuestionIsEditedCounts(t *testing.T) {
	h := start(t, Config{})
	const chat = 4720
	first := h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en")
	h.srv.Push(first)
	h.settled(t, chat)
	upOf := func(c telegramtest.Call) string {
		for _, d := range keyboardData(t, c) {
			if strings.HasPrefix(d, "u:") {
				return d
			}
		}
		return ""
	}
	answer := h.srv.Messages(chat)[len(h.srv.Messages(chat))-1]
	h.srv.Push(h.srv.CallbackQuery(chat, answer, upOf(h.srv.Sent(chat)[0])))
	if _, err := h.srv.WaitFor("answerCallbackQuery", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	h.editQuestion(first, "Was Kozlov released?")
	edits, err := h.srv.WaitFor("editMessageText", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range h.srv.Messages(chat) {
		if m.ID == answer.ID {
			answer = m
		}
	}
	h.srv.Push(h.srv.CallbackQuery(chat, answer, upOf(edits[0])))
	taps, err := h.srv.WaitFor("answerCallbackQuery", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if said := taps[1].Params["text"]; said == h.bot.msgs.T(lang.English, "FeedbackTakenBack", nil) {
		t.Errorf("a 👍 on the edited answer took back the vote on the old one: %q", said)
	}
}

// TestForgetDropsAChatsVotesFromMemory: after /forget, a person's earlier
// vote on the chat's answers is gone, and a tap votes anew.
func TestForgetDropsAChatsVotesFromMemory(t *testing.T) {
	var bs ballots
	bs.cast(5, 10, "voter", true)
	bs.cast(6, 10, "voter", true)
	bs.forgetChat(5)
	if before, _ := bs.cast(5, 10, "voter", true); before != 0 {
		t.Errorf("a forgotten chat's vote was kept: before %d", before)
	}
	if before, _ := bs.cast(6, 10, "voter", true); before != 1 {
		t.Errorf("another chat's vote was dropped: before %d", before)
	}
}
