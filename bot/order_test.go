package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
)

// TestASlowChatHoldsUpOnlyItself answers one chat's reply with 429 until
// another chat, which asks later, has its answer: the second chat does not
// wait for the first, even with one update handled at a time, since a chat
// waiting on retry_after gives its turn away. The first chat's update is
// not confirmed while it is still being handled, though a later one was.
func TestASlowChatHoldsUpOnlyItself(t *testing.T) {
	h := start(t, Config{MaxConcurrent: 1, RateLimit: 100})
	const slow, quick = 701, 702
	h.srv.FailChat(slow, telegramtest.TooManyRequests(1))
	first := h.srv.Push(h.srv.PrivateText(slow, "What happened to Maks Bokaev?", "en"))
	if !eventually(5*time.Second, func() bool { return len(attempts(h.srv, slow)) > 0 }) {
		t.Fatal("the slow chat's reply was never tried")
	}
	second := h.srv.Push(h.srv.PrivateText(quick, "What happened to Vladimir Kozlov?", "en"))
	if !eventually(10*time.Second, func() bool { return answered(h.srv.Sent(quick)) }) {
		t.Fatal("the second chat got no answer")
	}
	if answered(h.srv.Sent(slow)) {
		t.Fatal("the slow chat was answered while Telegram still refused it")
	}
	if h.srv.Confirmed(first) {
		t.Error("the slow chat's update was confirmed before it was handled")
	}
	h.srv.ClearChat(slow)
	if !eventually(10*time.Second, func() bool { return answered(h.srv.Sent(slow)) }) {
		t.Fatal("the slow chat got no answer once Telegram took it")
	}
	if !h.srv.WaitConfirmed(second, 10*time.Second) {
		t.Error("both updates handled, yet not confirmed")
	}
	quickAt, slowAt := lastOK(h.srv.Sent(quick)), lastOK(h.srv.Sent(slow))
	if !quickAt.Before(slowAt) {
		t.Errorf("the second chat was answered at %v, after the slow one at %v", quickAt, slowAt)
	}
}

// TestOneChatIsAnsweredInOrder sends one chat four questions at once, on a
// slow path, with room to handle all four at the same time: the answers
// come in the order of the questions.
func TestOneChatIsAnsweredInOrder(t *testing.T) {
	h := start(t, Config{MaxConcurrent: 8, RateLimit: 100})
	const chat = 703
	h.srv.SlowChat(chat, 30*time.Millisecond)
	names := []string{"Bokaev", "Kozlov", "Ulasik", "Kuramshin"}
	for _, n := range names {
		h.srv.Push(h.srv.PrivateText(chat, "what happened to "+n+"?", "en"))
	}
	if !eventually(20*time.Second, func() bool { return okCount(h.srv.Sent(chat)) >= len(names) }) {
		t.Fatalf("%d of %d answers", okCount(h.srv.Sent(chat)), len(names))
	}
	next := 0
	for _, c := range h.srv.Sent(chat) {
		if c.OK() && next < len(names) && strings.Contains(c.Params["text"], names[next]) {
			next++
		}
	}
	if next != len(names) {
		var got []string
		for _, c := range h.srv.Sent(chat) {
			got = append(got, strconv.Quote(c.Params["text"][:min(40, len(c.Params["text"]))]))
		}
		t.Errorf("answers out of order: %s", strings.Join(got, ", "))
	}
}

// answered reports whether a chat got a message through.
func answered(calls []telegramtest.Call) bool { return okCount(calls) > 0 }

func okCount(calls []telegramtest.Call) int {
	n := 0
	for _, c := range calls {
		if c.OK() {
			n++
		}
	}
	return n
}

// lastOK returns when the last message got through.
func lastOK(calls []telegramtest.Call) time.Time {
	var at time.Time
	for _, c := range calls {
		if c.OK() {
			at = c.Time
		}
	}
	return at
}

// eventually waits until cond holds, at most timeout, and reports whether
// it did.
func eventually(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// attempts returns every sendMessage to a chat, refused or not.
func attempts(srv *telegramtest.Server, chat int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, c := range srv.Calls("sendMessage") {
		if c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
			out = append(out, c)
		}
	}
	return out
}
