package bot

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
)

// TestAnAnswerOffersMoreFromItsSection: under an answer, up to three
// buttons name the other paragraphs of the section it cites, in the
// chat's language, and a tap posts that paragraph with its source.
func TestAnAnswerOffersMoreFromItsSection(t *testing.T) {
	h := start(t, Config{})
	for i, tt := range []struct {
		code, question string
	}{
		{"en", "What happened to Maks Bokaev?"},
		{"ru", "Что случилось с Максом Бокаевым?"},
		{"kk", "Макс Боқаевқа не болды?"},
	} {
		chat := int64(18_200 + i)
		l := lang.Language(tt.code)
		h.srv.Push(h.srv.PrivateText(chat, tt.question, tt.code))
		answer := h.sent(t, chat, 1)[0]
		var next []models.InlineKeyboardButton
		for _, btn := range buttons(t, answer) {
			if strings.HasPrefix(btn.CallbackData, cbNext) {
				next = append(next, btn)
			}
		}
		if len(next) == 0 || len(next) > maxNext {
			t.Fatalf("%s: %d next buttons", tt.code, len(next))
		}
		for _, btn := range next {
			if got, _ := lang.Detect(btn.Text); got != l {
				t.Errorf("%s: a next button in %s: %q", tt.code, got, btn.Text)
			}
		}
		msgs := h.srv.Messages(chat)
		h.srv.Push(h.srv.CallbackQuery(chat, msgs[len(msgs)-1], next[0].CallbackData))
		opened := h.sent(t, chat, 2)[1].Params["text"]
		opening := strings.TrimSuffix(strings.TrimPrefix(next[0].Text, "↳ "), "…")
		if !strings.Contains(opened, h.bot.msgs.T(l, "SourcesHeading", nil)) || !strings.Contains(opened, opening) {
			t.Errorf("%s: the tap on %q opened:\n%s", tt.code, next[0].Text, opened)
		}
		if strings.Contains(answer.Params["text"], opening) {
			t.Errorf("%s: a next button offers what the answer already says: %q", tt.code, next[0].Text)
		}
	}
}
