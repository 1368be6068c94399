package bot

import (
	"context"
	"errors"
	"html"
	"strings"
	"testing"
	"time"

	"reportbot/digest"
	"reportbot/lang"
)

// TestForgetDeletesEverythingKeptAboutTheChat sets everything the bot
// keeps about a chat (a language, a digest subscription, a delivery record,
// a conversation), sends /forget, and checks that all of it is gone and
// that the reply says so.
func TestForgetDeletesEverythingKeptAboutTheChat(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	ctx := context.Background()
	const chat = 4501
	h.say(t, chat, "/lang ru")
	h.say(t, chat, "/digest on")
	if _, err := st.Claim(ctx, chat, "2026-11-27", "kz2016-torture-1", "torture", nil); err != nil {
		t.Fatal(err)
	}
	h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "ru"))
	h.settled(t, chat)

	got := html.UnescapeString(h.say(t, chat, "/forget").Params["text"])
	for _, want := range []string{"(1)", "бесед: 1"} {
		if !strings.Contains(got, want) {
			t.Errorf("/forget said %q, want it to mention %q", got, want)
		}
	}
	if strings.Contains(got, "не было") {
		t.Errorf("/forget says something was not there: %q", got)
	}
	if _, ok, _ := st.ChatLang(ctx, chat); ok {
		t.Error("the chat's language is still stored")
	}
	if _, ok, _ := st.Subscription(ctx, chat); ok {
		t.Error("the subscription is still stored")
	}
	if days, _ := st.DeliveredOn(ctx, "2026-11-27"); len(days[chat]) > 0 {
		t.Error("the delivery record is still stored")
	}
	if _, ok := h.bot.learned.get(chat); ok {
		t.Error("the learned language is still kept")
	}
	// Nothing is left to delete the second time, and the reply says so.
	again := html.UnescapeString(h.say(t, chat, "/forget").Params["text"])
	if !strings.Contains(again, "его не было") || !strings.Contains(again, "(0)") {
		t.Errorf("a second /forget said %q", again)
	}
}

// TestForgetWinsOverADigestOnItsWay sends /forget while a digest excerpt is
// on its way to the chat, on a slow path: the excerpt is called back, the
// confirmation is the last message the chat gets, and no excerpt starts
// for the chat after it.
func TestForgetWinsOverADigestOnItsWay(t *testing.T) {
	h := start(t, Config{})
	const chat = 4502
	excerpt := h.excerpt(t, lang.English)
	h.srv.SlowChat(chat, time.Second)
	sent := make(chan error, 1)
	go func() { _, err := h.bot.SendExcerpt(context.Background(), chat, excerpt); sent <- err }()
	time.Sleep(200 * time.Millisecond) // the excerpt is at Telegram, waiting
	h.srv.SlowChat(chat, 0)
	h.srv.Push(h.srv.PrivateText(chat, "/forget", "en"))
	<-sent
	time.Sleep(1200 * time.Millisecond) // past when the excerpt would have arrived
	msgs := h.srv.Messages(chat)
	if len(msgs) == 0 || !strings.Contains(msgs[len(msgs)-1].Text, "deleted") {
		var texts []string
		for _, m := range msgs {
			texts = append(texts, m.Text[:min(30, len(m.Text))])
		}
		t.Fatalf("the chat's messages, last last: %q", texts)
	}
	if _, err := h.bot.SendExcerpt(context.Background(), chat, excerpt); !errors.Is(err, digest.ErrBlocked) {
		t.Errorf("an excerpt after /forget: %v", err)
	}
}

// TestTheOriginalUnderADigestExcerptIsShownOnce taps «Түпнұсқа (EN)» under
// a Kazakh digest excerpt through the strict Bot API: the original is
// posted and the button removed with a keyboard Telegram takes.
func TestTheOriginalUnderADigestExcerptIsShownOnce(t *testing.T) {
	h := start(t, Config{})
	const chat = 4503
	if _, err := h.bot.SendExcerpt(context.Background(), chat, h.excerpt(t, lang.Kazakh)); err != nil {
		t.Fatal(err)
	}
	msgs := h.srv.Messages(chat)
	on := msgs[len(msgs)-1]
	if on.ReplyMarkup == nil || len(on.ReplyMarkup.InlineKeyboard) == 0 {
		t.Fatal("the excerpt has no button")
	}
	h.srv.Push(h.srv.CallbackQuery(chat, on, on.ReplyMarkup.InlineKeyboard[0][0].CallbackData))
	if !eventually(5*time.Second, func() bool { return len(h.srv.Sent(chat)) > 1 }) {
		t.Fatal("the original was not posted")
	}
	if !eventually(5*time.Second, func() bool {
		for _, c := range h.srv.Calls("editMessageReplyMarkup") {
			if c.OK() {
				return true
			}
		}
		return false
	}) {
		t.Errorf("the button was not removed: %v", h.srv.Calls("editMessageReplyMarkup"))
	}
}

// excerpt is a digest excerpt of the torture paragraph in language l.
func (h *harness) excerpt(t *testing.T, l lang.Language) digest.Excerpt {
	t.Helper()
	p, ok := h.bot.report.Passage("kz2016-torture-1", l)
	if !ok {
		t.Fatalf("no %s passage", l)
	}
	return digest.Excerpt{Lang: l, Theme: "Torture", Passage: p, Day: "2026-12-02"}
}
