package bot

import (
	"testing"
	"unicode/utf8"

	"reportbot/bot/telegramtest"
	"reportbot/lang"
	"reportbot/locale"
	"reportbot/rag"
)

// FuzzRenderAnswerIsAlwaysAMessageTelegramTakes renders answers from any
// answer and passage text, section and link: every part must be HTML
// Telegram parses, within its length, and so must its plain fallback.
func FuzzRenderAnswerIsAlwaysAMessageTelegramTakes(f *testing.F) {
	f.Add("Bokaev was jailed [1].", "Freedom of Assembly", "In advance of protests, authorities jailed <people> & more.", "https://example.org/?a=1&b=2#:~:text=In%20advance")
	f.Add("Ответ [1].\n\nВторой [2].", "Раздел <b>", "Предложение. Ещё одно; «цитата» & <i>тег</i>.", "https://hrw.org/\"x\"")
	f.Add("", "", "", "")
	f.Add("a&amp;b <a href=x>", "x", string(make([]byte, 5000)), "javascript:alert(1)")
	m, err := locale.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, answer, section, passage, url string) {
		if !utf8.ValidString(answer) || !utf8.ValidString(section) || !utf8.ValidString(passage) || !utf8.ValidString(url) {
			t.Skip("Telegram messages are UTF-8; the bot never renders other bytes")
		}
		for _, l := range lang.All {
			a := rag.Answer{Answer: answer + " [1]", Found: true, Citations: []rag.Citation{
				{N: 1, ID: "kz2016-x-1", Section: section, Lang: "ru", Text: passage, Original: passage, URL: url},
				{N: 2, ID: "kz2016-x-2", Section: section, Lang: "en", Text: passage + passage, URL: url},
			}}
			r := renderAnswer(a, m, l, false)
			for i := range r.html {
				if err := telegramtest.CheckMessage(r.html[i], "HTML"); err != nil {
					t.Fatalf("part %d refused as HTML: %v\n%q", i, err, r.html[i])
				}
				if err := telegramtest.CheckMessage(r.plain[i], ""); err != nil {
					t.Fatalf("part %d refused as plain text: %v", i, err)
				}
			}
		}
	})
}
