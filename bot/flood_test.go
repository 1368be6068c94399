package bot

import (
	"strings"
	"testing"
	"time"
)

// TestAFloodHoldsUpOnlyTheFlooder has one user send a hundred commands and
// a hundred button taps: they get at most actionsPerMinute of each kind
// handled and one notice, and another user's command and question are
// answered meanwhile.
func TestAFloodHoldsUpOnlyTheFlooder(t *testing.T) {
	h := start(t, Config{RateLimit: 100})
	const flooder, other = 801, 802
	for range 100 {
		h.srv.Push(h.srv.PrivateText(flooder, "/help", "en"))
	}
	if !eventually(20*time.Second, func() bool { return okCount(h.srv.Sent(flooder)) >= actionsPerMinute+1 }) {
		t.Fatalf("%d replies to the flood", okCount(h.srv.Sent(flooder)))
	}
	h.srv.Push(h.srv.PrivateText(other, "/help", "en"))
	h.srv.Push(h.srv.PrivateText(other, "What happened to Maks Bokaev?", "en"))
	if !eventually(20*time.Second, func() bool { return okCount(h.srv.Sent(other)) >= 2 }) {
		t.Fatalf("the other user got %d replies", okCount(h.srv.Sent(other)))
	}
	sent := h.srv.Sent(flooder)
	if len(sent) != actionsPerMinute+1 {
		t.Errorf("the flooder got %d messages for 100 commands, want %d and one notice", len(sent), actionsPerMinute)
	}
	notices := 0
	for _, c := range sent {
		if strings.Contains(c.Params["text"], "Too many at once") {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("%d notices for one burst", notices)
	}

	// Taps on the reply's buttons, from a third user.
	const tapper = 803
	h.say(t, tapper, "What happened to Maks Bokaev?")
	on := h.srv.Messages(tapper)[0]
	before := len(h.srv.Calls("answerCallbackQuery"))
	for range 100 {
		h.srv.Push(h.srv.CallbackQuery(tapper, on, cbThemes))
	}
	time.Sleep(2 * time.Second)
	if n := len(h.srv.Calls("answerCallbackQuery")) - before; n > actionsPerMinute+1 {
		t.Errorf("100 taps were answered %d times, want at most %d", n, actionsPerMinute+1)
	}
}

// TestARepeatedPassageInAButtonCountsOnce taps a forged button that names
// one passage thirty times: its original is posted once.
func TestARepeatedPassageInAButtonCountsOnce(t *testing.T) {
	h := start(t, Config{})
	const chat = 804
	h.say(t, chat, "Что случилось с Максом Бокаевым?")
	on := h.srv.Messages(chat)[0]
	ord := ordinals([]int{h.bot.report.Ordinal("kz2016-assembly-2")})
	h.srv.Push(h.srv.CallbackQuery(chat, on, cbOriginal+strings.Repeat(ord+".", 29)+ord))
	if !eventually(10*time.Second, func() bool { return len(h.srv.Sent(chat)) > 1 }) {
		t.Fatal("the originals were not posted")
	}
	time.Sleep(200 * time.Millisecond)
	posted := ""
	for _, c := range h.srv.Sent(chat)[1:] {
		posted += c.Params["text"]
	}
	if n := strings.Count(posted, "In advance of countrywide protests"); n != 1 {
		t.Errorf("the passage was posted %d times", n)
	}
}

// TestLangWithoutAnArgumentOffersButtons sends /lang alone, taps Қазақша,
// and gets the confirmation in Kazakh in place of the buttons; /help then
// comes in Kazakh.
func TestLangWithoutAnArgumentOffersButtons(t *testing.T) {
	h := start(t, Config{})
	const chat = 805
	got := h.say(t, chat, "/lang")
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := got.Decode("reply_markup", &kb); err != nil || len(kb.InlineKeyboard) != 1 || len(kb.InlineKeyboard[0]) != 3 {
		t.Fatalf("/lang offered %q: %v", got.Params["reply_markup"], err)
	}
	on := h.srv.Messages(chat)[0]
	kazakh := ""
	for _, b := range kb.InlineKeyboard[0] {
		if b.Text == "Қазақша" {
			kazakh = b.CallbackData
		}
	}
	h.srv.Push(h.srv.CallbackQuery(chat, on, kazakh))
	if !eventually(5*time.Second, func() bool {
		msgs := h.srv.Messages(chat)
		return len(msgs) > 0 && strings.Contains(msgs[0].Text, "қазақ")
	}) {
		t.Fatalf("the buttons were not replaced by the Kazakh confirmation: %q", h.srv.Messages(chat)[0].Text)
	}
	if help := h.say(t, chat, "/help").Params["text"]; !strings.Contains(help, "сұра") {
		t.Errorf("/help after choosing Kazakh: %q", help)
	}
}

// TestAnOpenedLinkSaysWhereThePassageIsFrom opens a shared passage link
// (/start ID) in a Russian chat: the first line names the section, not
// the bare id.
func TestAnOpenedLinkSaysWhereThePassageIsFrom(t *testing.T) {
	h := start(t, Config{})
	got := h.say(t, 806, "/start kz2016-torture-1").Params["text"]
	first, _, _ := strings.Cut(got, "\n")
	if strings.Contains(first, "kz2016-torture-1") || !strings.Contains(first, "Пытки") {
		t.Errorf("the passage opens with %q", first)
	}
}
