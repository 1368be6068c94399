package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
		h.srv.FailNext("sendMessage", telegramtest.Fault{Code: 400, Description: "Bad Request: BUTTON_DATA_INVALID"})
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
		if strings.Count(got, "https://www.hrw.org/") != 2 {
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

// TestAWebhookUpdateIsAcknowledgedOnlyOnceHandled posts a backlog of
// updates to the webhook while a slow model answers, and stops the bot in
// the middle: every update answered 200 was answered in its chat, and every
// other one got a status that makes Telegram send it again. None is lost.
func TestAWebhookUpdateIsAcknowledgedOnlyOnceHandled(t *testing.T) {
	ix, _ := testIndex()
	srv := telegramtest.New(testToken)
	defer srv.Close()
	slow := chatFunc(func(string) string { time.Sleep(80 * time.Millisecond); return "Bokaev was jailed [1]." })
	b, err := New(context.Background(), Config{
		Token: testToken, APIURL: srv.URL, WebhookURL: "https://bot.example.org/telegram", WebhookSecret: "s",
		MaxConcurrent: 2, ShutdownGrace: 5 * time.Second,
	}, rag.NewEngine(ix, rag.WithChat(slow)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); b.Run(ctx) }()
	if _, err := srv.WaitFor("setWebhook", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(b.Handler("/telegram"))
	defer web.Close()

	const n = 20
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body, _ := json.Marshal(srv.PrivateText(int64(6000+i), "What happened to Maks Bokaev?", "en"))
			req, _ := http.NewRequest("POST", web.URL+"/telegram", bytes.NewReader(body))
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	time.Sleep(250 * time.Millisecond)
	stop()
	<-done
	wg.Wait()
	acked, refused := 0, 0
	for i, code := range codes {
		answered := len(srv.Sent(int64(6000+i))) > 0
		switch {
		case code == http.StatusOK && !answered:
			t.Errorf("update %d was acknowledged and never answered", i)
		case code == http.StatusOK:
			acked++
		case code >= 500 && !answered:
			refused++
		default:
			t.Errorf("update %d: status %d, answered %v", i, code, answered)
		}
	}
	if acked == 0 || refused == 0 {
		t.Errorf("%d acknowledged, %d left for Telegram to resend: the stop did not fall in the backlog", acked, refused)
	}
}

// TestAStopInAPollingBacklogLosesNothing queues a backlog of questions for
// a bot that long-polls with a slow model, stops it in the middle, and
// starts a new one on the same Bot API: every question is answered, none
// twice but for the few handled out of order at the moment of the stop.
func TestAStopInAPollingBacklogLosesNothing(t *testing.T) {
	ix, _ := testIndex()
	srv := telegramtest.New(testToken)
	defer srv.Close()
	slow := chatFunc(func(string) string { time.Sleep(40 * time.Millisecond); return "Bokaev was jailed [1]." })
	const n, workers = 30, 2
	for i := range n {
		srv.Push(srv.PrivateText(int64(6100+i), "What happened to Maks Bokaev?", "en"))
	}
	run := func(stopAfter time.Duration) {
		b, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, MaxConcurrent: workers, ShutdownGrace: 5 * time.Second},
			rag.NewEngine(ix, rag.WithChat(slow)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); b.Run(ctx) }()
		time.Sleep(stopAfter)
		stop()
		<-done
	}
	run(300 * time.Millisecond)
	first := 0
	for i := range n {
		if len(srv.Sent(int64(6100+i))) > 0 {
			first++
		}
	}
	if first == 0 || first == n {
		t.Fatalf("the first process answered %d of %d: the stop did not fall in the backlog", first, n)
	}
	run(3 * time.Second)
	for i := range n {
		switch got := len(srv.Sent(int64(6100 + i))); {
		case got == 0:
			t.Errorf("question %d was lost", i)
		case got > 1:
			t.Logf("question %d answered %d times", i, got)
		}
	}
	dups := 0
	for i := range n {
		if len(srv.Sent(int64(6100+i))) > 1 {
			dups++
		}
	}
	if dups > workers {
		t.Errorf("%d questions answered twice, more than the %d handled at once", dups, workers)
	}
}
