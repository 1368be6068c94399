package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/rag"
)

// slowChat is a language model that answers only when released.
type slowChat struct {
	started chan struct{}
	release chan struct{}
}

func (s slowChat) Chat(ctx context.Context, _, _ string) (string, error) {
	s.started <- struct{}{}
	select {
	case <-s.release:
		return "Бокаева арестовали на 15 суток [1].", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// TestAStopAnswersInFlightOfflineAndTakesNoNewUpdates stops the bot while a
// model's answer is in flight, from a model that would never answer: the
// question gets the offline answer at once, well inside the grace, and an
// update that comes after the stop is not taken.
func TestAStopAnswersInFlightOfflineAndTakesNoNewUpdates(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.New(testToken)
	defer srv.Close()
	chat := slowChat{started: make(chan struct{}, 4), release: make(chan struct{})}
	b, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, ShutdownGrace: time.Minute, MaxConcurrent: 1},
		rag.NewEngine(ix, rag.WithChat(chat), rag.WithAnswerTimeout(30*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()

	srv.Push(srv.PrivateText(1601, "Что случилось с Максом Бокаевым?", "ru"))
	select {
	case <-chat.started:
	case <-time.After(5 * time.Second):
		t.Fatal("the answer never started")
	}
	// A backlog behind the answer in flight (one handled at a time).
	const backlog = 5
	for i := range backlog {
		srv.Push(srv.PrivateText(int64(1610+i), "Что случилось с Максом Бокаевым?", "ru"))
	}
	time.Sleep(100 * time.Millisecond)
	stop() // SIGTERM: the answer is in flight, the backlog waits
	time.Sleep(100 * time.Millisecond)
	srv.Push(srv.PrivateText(1602, "Что случилось с Максом Бокаевым?", "ru"))

	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run waited for the model: the stop would overrun the platform's kill timeout")
	}
	got := srv.Sent(1601)
	if len(got) != 1 || strings.HasPrefix(got[0].Params["text"], "Бокаева арестовали") || !strings.Contains(got[0].Params["text"], "Бокаев") {
		t.Errorf("the answer in flight was not given offline: %v", got)
	}
	if n := len(srv.Sent(1602)); n != 0 {
		t.Errorf("an update that came after the stop was answered (%d messages)", n)
	}
	// Every update of the backlog was answered or left unconfirmed, for
	// Telegram to send again to the next process: none acknowledged and
	// lost.
	answered := 0
	for i := range backlog {
		if len(srv.Sent(int64(1610+i))) > 0 {
			answered++
		}
	}
	if pending := srv.Pending(); answered+pending < backlog+1 {
		t.Errorf("of a backlog of %d, %d answered and %d left for Telegram to resend (with the one after the stop): some were lost", backlog, answered, pending)
	}
}
