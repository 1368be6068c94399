package bot

import (
	"strings"
	"testing"
)

// TestGroupFollowUpsArePerPersonAndReadAgainstTheRepliedAnswer walks a
// group of activists: one asks about Bokaev, another about journalists;
// the first replies to the Bokaev answer with a follow-up, which must be
// about Bokaev and Ayan, not the journalists; thanks in reply get silence,
// not a public "not covered".
func TestGroupFollowUpsArePerPersonAndReadAgainstTheRepliedAnswer(t *testing.T) {
	h := start(t, Config{})
	const group, alice, bob = -1002100, 2101, 2102
	h.srv.Push(h.srv.GroupText(group, alice, "@ReportBot What happened to Maks Bokaev?"))
	h.sent(t, group, 1)
	bokaev := h.srv.Messages(group)[0]
	h.srv.Push(h.srv.GroupText(group, bob, "@ReportBot How many journalists were detained?"))
	h.sent(t, group, 2)

	h.srv.Push(h.srv.ReplyTo(bokaev, alice, "And what were they charged with?"))
	got := h.sent(t, group, 3)[2].Params["text"]
	if !strings.Contains(got, "on trial") || strings.Contains(got, "journalists reporting") {
		t.Errorf("the follow-up in reply to the Bokaev answer got:\n%s", got)
	}

	h.srv.Push(h.srv.ReplyTo(bokaev, alice, "Thanks!"))
	h.srv.Push(h.srv.GroupText(group, bob, "@ReportBot Who is Natalya Ulasik?"))
	msgs := h.sent(t, group, 4)
	if len(msgs) != 4 || !strings.Contains(msgs[3].Params["text"], "Ulasik") {
		for _, m := range msgs[3:] {
			t.Errorf("after thanks and a question the bot sent: %s", m.Params["text"])
		}
	}
}
