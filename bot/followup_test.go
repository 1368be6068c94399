package bot

import (
	"strings"
	"testing"

	"reportbot/lang"
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

// TestAPronounAfterForgetAsksWhomItMeans: after a question about Kozlov
// «а за что его судили?» is about him; after /forget it stands for nobody
// and is asked whom it means, not answered with someone else's trial.
func TestAPronounAfterForgetAsksWhomItMeans(t *testing.T) {
	h := start(t, Config{})
	const chat = 2201
	n := 0
	ask := func(text string) string {
		h.srv.Push(h.srv.PrivateText(chat, text, "ru"))
		n++
		h.sent(t, chat, n)
		msgs := h.srv.Messages(chat)
		return msgs[len(msgs)-1].Text
	}
	ask("Что случилось с Владимиром Козловым?")
	if got := ask("А за что его судили?"); !strings.Contains(got, "Козлов") || strings.Contains(got, "Уласик") {
		t.Errorf("the follow-up about Kozlov got:\n%s", got)
	}
	ask("/forget")
	got := ask("А за что его судили?")
	if want := h.bot.msgs.T(lang.Russian, "NoSubject", nil); !strings.HasPrefix(got, want) {
		t.Errorf("after /forget the pronoun got:\n%s", got)
	}
}
