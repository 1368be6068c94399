package bot

import (
	"testing"
	"time"

	"reportbot/bot/telegramtest"
)

// TestTheBotsOwnCallsAreJudgedAsTheLibrarysAre: an inline answer, which
// the bot sends itself, is not sent again when Telegram refuses it (a 400
// will not pass), and after a 429 it waits the retry_after Telegram gave.
func TestTheBotsOwnCallsAreJudgedAsTheLibrarysAre(t *testing.T) {
	h := start(t, Config{})
	answers := func() int { return len(h.srv.Calls("answerInlineQuery")) }

	n := answers()
	h.srv.FailNext("answerInlineQuery", telegramtest.Fault{Code: 400, Description: "Bad Request: RESULT_ID_INVALID"})
	h.srv.Push(h.srv.InlineQuery(4301, "torture"))
	if _, err := h.srv.WaitFor("answerInlineQuery", n+1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if got := answers() - n; got != 1 {
		t.Errorf("a refused inline answer was sent %d times, want once", got)
	}

	n = answers()
	h.srv.FailNext("answerInlineQuery", telegramtest.Fault{Code: 429, Description: "Too Many Requests: retry after 2", RetryAfter: 2})
	h.srv.Push(h.srv.InlineQuery(4302, "torture"))
	calls, err := h.srv.WaitFor("answerInlineQuery", n+2, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if gap := calls[n+1].Time.Sub(calls[n].Time); gap < 2*time.Second || !calls[n+1].OK() {
		t.Errorf("after a 429 with retry_after 2 the answer came %v later (ok %v)", gap, calls[n+1].OK())
	}
}
