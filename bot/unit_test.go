package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"reportbot/bot/telegramtest"
	"reportbot/lang"
	"reportbot/locale"
	"reportbot/rag"
)

func messages(t *testing.T) *locale.Messages {
	t.Helper()
	m, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMessagesExistInEveryLanguage(t *testing.T) {
	m := messages(t)
	keys := []string{"Start", "Help", "Example", "LangUsage", "LangSet", "ThemesHeading", "SourceUsage",
		"SourceUnknown", "Privacy", "RateLimited", "NotText", "AskUsage", "MentionUsage", "Failed",
		"ButtonOriginal", "OriginalHeading", "FeedbackThanks", "FeedbackExpired", "SourcesHeading", "Unofficial",
		"OpenInReport", "CmdStart", "CmdAsk", "CmdHelp", "CmdLang", "CmdThemes", "CmdSource", "CmdPrivacy"}
	for _, k := range keys {
		en := m.T(lang.English, k, map[string]any{"Example": "E", "Bot": "B", "ID": "I", "Minutes": 3, "Report": "R"})
		if en == k || en == "" {
			t.Errorf("%s missing in English", k)
		}
		for _, l := range []lang.Language{lang.Russian, lang.Kazakh} {
			got := m.T(l, k, map[string]any{"Example": "E", "Bot": "B", "ID": "I", "Minutes": 3, "Report": "R"})
			if got == k || (got == en && k != "Example" && !strings.HasPrefix(k, "Button")) {
				t.Errorf("%s not translated into %s: %q", k, l, got)
			}
			if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
				t.Errorf("%s in %s has an unfilled placeholder: %q", k, l, got)
			}
		}
	}
	if got, _ := lang.Detect(m.T(lang.Kazakh, "Start", map[string]any{"Example": "Макс Боқаевқа не болды?"})); got != lang.Kazakh {
		t.Errorf("the Kazakh welcome reads as %s", got)
	}
}

func TestLongAnswersAreSplitBetweenBlocksAndNeverInsideATag(t *testing.T) {
	m := messages(t)
	var cits []rag.Citation
	for i := 1; i <= 5; i++ {
		cits = append(cits, rag.Citation{
			N: i, ID: "kz2016-x-1", Section: "Section <" + strings.Repeat("s", i) + ">", Lang: "ru",
			Text: strings.Repeat("Предложение с символами <, > и &. ", 40), URL: "https://example.org/?a=1&b=2", Unofficial: true,
		})
	}
	a := rag.Answer{Answer: strings.Repeat("Ответ [1]. ", 300) + "\n\nВторой абзац [2].", Citations: cits, Found: true}
	r := renderAnswer(a, m, lang.Russian, true)
	if len(r.html) < 2 || len(r.html) != len(r.plain) {
		t.Fatalf("%d HTML parts, %d plain parts; want several of each", len(r.html), len(r.plain))
	}
	for i, part := range r.html {
		if n := utf16Len(part); n > MaxMessage {
			t.Errorf("part %d has %d UTF-16 units", i, n)
		}
		if strings.Count(part, "<blockquote expandable>") != strings.Count(part, "</blockquote>") {
			t.Errorf("part %d opens and closes blockquotes unevenly", i)
		}
		if strings.Contains(part, "Section <s") || strings.Contains(part, "<, >") {
			t.Errorf("part %d has unescaped text", i)
		}
	}
	all := strings.Join(r.html, "\n")
	for _, want := range []string{"Источники", `href="https://example.org/?a=1&amp;b=2"`, "Второй абзац [2]."} {
		if !strings.Contains(all, want) {
			t.Errorf("reply lacks %q", want)
		}
	}
	if n := strings.Count(all, "неофициальный перевод"); n != 1 {
		// Once, on the sources' heading, however many sources.
		t.Errorf("the unofficial-translation note is said %d times", n)
	}
	plain := strings.Join(r.plain, "")
	if strings.Contains(plain, "<b>") || !strings.Contains(plain, "https://example.org/?a=1&b=2") {
		t.Error("the plain version has tags or lost the links")
	}
}

func TestAVeryLongBlockIsCutAtSentences(t *testing.T) {
	text := strings.Repeat("Это одно предложение доклада. ", 400)
	r := renderText(text)
	if len(r.html) < 3 {
		t.Fatalf("%d parts for %d characters", len(r.html), len(text))
	}
	for i, p := range r.html {
		if utf16Len(p) > MaxMessage || !strings.HasSuffix(p, ".") {
			t.Errorf("part %d: %d units, ends %q", i, utf16Len(p), p[len(p)-10:])
		}
	}
}

func TestRedactAndHash(t *testing.T) {
	token := "123456:ABCdefGHIjklMNOpqr"
	msg := `Post "https://api.telegram.org/bot123456:ABCdefGHIjklMNOpqr/getUpdates": EOF; also ABCdefGHIjklMNOpqr`
	if got := redact(msg, token); strings.Contains(got, "ABCdefGHI") {
		t.Errorf("token left in %q", got)
	}
	h := hasher{salt: []byte("salt")}
	again := hasher{salt: []byte("salt")}
	if again.id(42) != h.id(42) || h.id(42) == h.id(43) || strings.Contains(h.id(42), "42") {
		t.Error("hashes are not stable, distinct and opaque")
	}
	if (hasher{salt: []byte("other")}).id(42) == h.id(42) {
		t.Error("the salt does not change the hash")
	}
}

func TestCommandAndMentionParsing(t *testing.T) {
	b := &Bot{poster: poster{username: "ReportBot"}}
	tests := []struct {
		text, cmd, args string
		ok              bool
	}{
		{"/ask What happened?", "ask", "What happened?", true},
		{"/ask@ReportBot Что случилось?", "ask", "Что случилось?", true},
		{"/ASK@reportbot x", "ask", "x", true},
		{"/ask@OtherBot x", "", "", false},
		{"/start", "start", "", true},
		{"hello /ask", "", "", false},
	}
	for _, tt := range tests {
		cmd, args, ok := b.command(&models.Message{Text: tt.text})
		if cmd != tt.cmd || args != tt.args || ok != tt.ok {
			t.Errorf("%q: %q %q %v", tt.text, cmd, args, ok)
		}
	}
	// Offsets are in UTF-16 units: the emoji before the mention takes two.
	text := "😀 @ReportBot что с Бокаевым?"
	m := &models.Message{Text: text, Entities: []models.MessageEntity{{Type: models.MessageEntityTypeMention, Offset: 3, Length: 10}}}
	q, ok := b.mentioned(m)
	if !ok || q != "😀 что с Бокаевым?" {
		t.Errorf("mention: %q %v", q, ok)
	}
}

// TestAMissingTokenIsSaidBeforeAnyCall: the bot and the digest's sender
// both refuse a blank token with the variable to set, before they call the
// Bot API.
func TestAMissingTokenIsSaidBeforeAnyCall(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.New(testToken)
	defer srv.Close()
	cfg := Config{Token: "  ", APIURL: srv.URL}
	if _, err := New(context.Background(), cfg, rag.NewEngine(ix)); err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("New: %v", err)
	}
	if _, err := NewSender(context.Background(), cfg, ix, nil, nil); err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("NewSender: %v", err)
	}
	if n := len(srv.Calls("getMe")); n > 0 {
		t.Errorf("getMe was called %d times", n)
	}
}
