package bot

import (
	"html"
	"strings"
	"testing"

	"reportbot/bot/telegramtest"
	"reportbot/lang"
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
