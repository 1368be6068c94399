package bot

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/lang"
	"reportbot/rag"
)

// TestAnswersArriveWhateverTelegramRefuses makes Telegram refuse what it
// may refuse, and checks what the user gets: the answer without buttons
// when the buttons are refused, the answer as plain text with its links
// written out when the HTML is, the answer after a 5xx, and a short notice
// rather than silence when nothing goes.
func TestAnswersArriveWhateverTelegramRefuses(t *testing.T) {
	h := start(t, Config{})

	t.Run("buttons refused", func(t *testing.T) {
		const chat = 4601
		h.srv.RefuseEmptyCopyText(true)
		defer h.srv.RefuseEmptyCopyText(false)
		h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		got := h.sent(t, chat, 1)[0]
		if !strings.Contains(got.Params["text"], "15 days") || got.Params["reply_markup"] != "" {
			t.Errorf("with its buttons refused, the answer came as %v", got.Params)
		}
		if !strings.Contains(h.logs.String(), "sending it without") {
			t.Error("the refused buttons are not logged")
		}
	})
	t.Run("HTML refused keeps the links", func(t *testing.T) {
		const chat = 4602
		h.srv.FailNext("sendMessage", telegramtest.CantParseEntities())
		h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		got := h.sent(t, chat, 1)[0].Params["text"]
		if !strings.Contains(got, "https://www.hrw.org/") || !strings.Contains(got, "https://t.me/ReportBot?start=kz2016-assembly-2") {
			t.Errorf("the plain-text answer lost its links:\n%s", got)
		}
	})
	t.Run("a 5xx is retried", func(t *testing.T) {
		const chat = 4603
		h.srv.FailNext("sendMessage", telegramtest.InternalServerError())
		h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		if got := h.sent(t, chat, 1)[0].Params["text"]; !strings.Contains(got, "15 days") {
			t.Errorf("after a 5xx the answer came as %q", got)
		}
	})
	t.Run("nothing goes: a notice, not silence", func(t *testing.T) {
		const chat = 4604
		refused := telegramtest.Fault{Code: 400, Description: "Bad Request: MESSAGE_EMPTY"}
		// Refused with its buttons and without them.
		for range 2 {
			h.srv.FailNext("sendMessage", refused)
		}
		h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		got := html.UnescapeString(h.sent(t, chat, 1)[0].Params["text"])
		if want := h.bot.msgs.T(lang.English, "Failed", nil); got != want {
			t.Errorf("after every attempt was refused the user got %q, want %q", got, want)
		}
	})
}

// TestAnUpdateTheLibraryCannotDecodeDoesNotStallPolling queues a message
// whose chat field has a shape go-telegram/bot cannot decode, between two
// questions: both questions are answered at once, and the bad update is
// logged by id and skipped.
func TestAnUpdateTheLibraryCannotDecodeDoesNotStallPolling(t *testing.T) {
	h := start(t, Config{})
	const before, after = 4611, 4612
	h.srv.Push(h.srv.PrivateText(before, "What happened to Maks Bokaev?", "en"))
	bad := h.srv.PushRaw("message", `{"message_id":9,"date":1,"chat":{"id":"not a number","type":"private"},"text":"hi"}`)
	h.srv.Push(h.srv.PrivateText(after, "Was Kozlov released?", "en"))
	h.sent(t, before, 1)
	if got := h.sent(t, after, 1)[0].Params["text"]; !strings.Contains(got, "parole") {
		t.Errorf("the question after the bad update got %q", got)
	}
	if !h.srv.WaitConfirmed(bad, 5*time.Second) {
		t.Error("the bad update was never confirmed")
	}
	if !strings.Contains(h.logs.String(), "update skipped") {
		t.Error("the skipped update is not logged")
	}
}

// TestStartWaitsOutABriefOutageAndARevokedTokenStopsTheBot starts the bot
// while the Bot API fails once, which it must wait out, then revokes the
// token while it polls: Run must end with an error that says so, not log
// warnings forever.
func TestStartWaitsOutABriefOutageAndARevokedTokenStopsTheBot(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.New(testToken)
	defer srv.Close()
	srv.FailNext("getMe", telegramtest.InternalServerError())
	b, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL}, rag.NewEngine(ix))
	if err != nil {
		t.Fatalf("a getMe that failed once stopped the start: %v", err)
	}
	for range 20 {
		srv.FailNext("getUpdates", telegramtest.Fault{Code: 401, Description: "Unauthorized"})
	}
	done := make(chan error, 1)
	go func() { done <- b.Run(context.Background()) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") || strings.Contains(err.Error(), testToken) {
			t.Errorf("Run ended with %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a revoked token did not stop the bot")
	}
}
