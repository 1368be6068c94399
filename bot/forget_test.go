package bot

import (
	"context"
	"html"
	"strings"
	"testing"
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
