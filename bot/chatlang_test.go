package bot

import (
	"context"
	"html"
	"testing"
	"time"

	"reportbot/lang"
)

// TestTheChatsLanguageHolds sends what users send: commands whose words are
// Latin in a Russian chat, a /source in a Kazakh chat, a refusal for a
// group member whose Telegram is in English in a group that asks in
// Kazakh. The bot's replies, and the digest it subscribes, stay in the
// chat's language.
func TestTheChatsLanguageHolds(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	ctx := context.Background()

	const russian = 3101
	h.srv.Push(h.srv.PrivateText(russian, "/digest on", "ru"))
	if got := h.sent(t, russian, 1)[0].Params["text"]; !containsText(got, "09:00") || !containsText(got, "Ежедневная рассылка") {
		t.Errorf("/digest on from a Russian user got: %s", got)
	}
	if sub, ok, _ := st.Subscription(ctx, russian); !ok || sub.Lang != "ru" {
		t.Errorf("/digest on subscribed %+v, want the Russian digest", sub)
	}
	h.srv.Push(h.srv.PrivateText(russian, "/digest hour 7", "ru"))
	if got := html.UnescapeString(h.sent(t, russian, 2)[1].Params["text"]); !containsText(got, "07:00") || containsText(got, "Subscribed") || containsText(got, "Daily digest") {
		t.Errorf("/digest hour 7 from a Russian user got: %s", got)
	}

	const kazakh = 3102
	h.srv.Push(h.srv.PrivateText(kazakh, "Азаптау туралы не айтылған?", "en"))
	h.settled(t, kazakh)
	n := len(h.srv.Sent(kazakh))
	h.srv.Push(h.srv.PrivateText(kazakh, "/source kz2016-torture-1", "en"))
	if got := h.sent(t, kazakh, n+1)[n].Params["text"]; !containsText(got, "Қазақстанның Бас прокуроры") {
		t.Errorf("/source in a chat that asks in Kazakh showed: %s", got)
	}

	const group, member = -1003100, 3103
	h.srv.Push(h.srv.GroupText(group, 3104, "@ReportBot Азаптау туралы не айтылған?"))
	h.settled(t, group)
	n = len(h.srv.Sent(group))
	h.srv.Push(h.srv.GroupText(group, member, "/lang@ReportBot ru"))
	want := h.bot.msgs.T(lang.Kazakh, "GroupAdminsOnly", nil)
	if got := html.UnescapeString(h.sent(t, group, n+1)[n].Params["text"]); got != want {
		t.Errorf("a member's refusal in a Kazakh group: %q, want %q", got, want)
	}
}

// settled waits until the bot has answered in a chat and sent nothing more
// for a moment: an answer may take several messages.
func (h *harness) settled(t *testing.T, chatID int64) {
	t.Helper()
	h.sent(t, chatID, 1)
	for last := -1; ; {
		n := len(h.srv.Sent(chatID))
		if n == last {
			return
		}
		last = n
		time.Sleep(150 * time.Millisecond)
	}
}

func containsText(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || indexOf(html.UnescapeString(s), sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestOneEnglishQuestionDoesNotMakeADigestEnglish has a Russian reader ask
// one question in English, then subscribe: the digest is in Russian, the
// reader's Telegram language.
func TestOneEnglishQuestionDoesNotMakeADigestEnglish(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	const reader = 3110
	h.srv.Push(h.srv.PrivateText(reader, "What happened to Maks Bokaev?", "ru"))
	h.settled(t, reader)
	n := len(h.srv.Sent(reader))
	h.srv.Push(h.srv.PrivateText(reader, "/digest on", "ru"))
	h.sent(t, reader, n+1)
	if sub, ok, _ := st.Subscription(context.Background(), reader); !ok || sub.Lang != "ru" {
		t.Errorf("subscribed after one English question: %+v, want the Russian digest", sub)
	}
}
