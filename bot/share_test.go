package bot

import (
	"net/url"
	"strings"
	"testing"

	"reportbot/lang"
)

// TestAnAnswerCanBePassedOn taps what a person would: the share button
// under an answer proposes its lead with a link, and that link opens the
// cited paragraph in the bot for whoever gets it.
func TestAnAnswerCanBePassedOn(t *testing.T) {
	h := start(t, Config{})
	for i, tt := range []struct {
		code, question, lead, passage string
	}{
		{"en", "What happened to Maks Bokaev?", "In advance of countrywide protests", "In advance of countrywide protests"},
		{"ru", "Что случилось с Максом Бокаевым?", "В преддверии запланированных", "В преддверии запланированных"},
		{"kk", "Макс Боқаевқа не болды?", "Жер кодексіне", "Жер кодексіне"},
	} {
		user := int64(18_100 + i)
		h.srv.Push(h.srv.PrivateText(user, tt.question, tt.code))
		answer := h.sent(t, user, 1)[0]
		var share string
		for _, b := range buttons(t, answer) {
			if b.URL != "" && b.Text == h.bot.msgs.T(lang.Language(tt.code), "ButtonShare", nil) {
				share = b.URL
			}
		}
		u, err := url.Parse(share)
		if err != nil || !strings.HasPrefix(share, "https://t.me/share/url?") {
			t.Fatalf("%s: no share button: %s", tt.code, answer.Params["reply_markup"])
		}
		text, link := u.Query().Get("text"), u.Query().Get("url")
		if !strings.Contains(text, tt.lead) || strings.Contains(text, "[1]") {
			t.Errorf("%s: shared text %q, want the lead without citation numbers", tt.code, text)
		}
		id, ok := strings.CutPrefix(link, "https://t.me/ReportBot?start=")
		if !ok {
			t.Fatalf("%s: shared link %q does not open the bot", tt.code, link)
		}
		// Someone else opens the link.
		other := user + 50
		h.srv.Push(h.srv.PrivateText(other, "/start "+id, tt.code))
		if got := h.sent(t, other, 1)[0].Params["text"]; !strings.Contains(got, tt.passage) {
			t.Errorf("%s: the shared link opens %q", tt.code, got)
		}
	}
}
