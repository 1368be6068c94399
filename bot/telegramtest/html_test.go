package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestHTMLAccepted(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	for _, tc := range []struct {
		html, text string
		ents       []models.MessageEntity
	}{
		{`<b>bold</b> <i>it</i> &lt;tag&gt; &amp; &quot;q&quot; &#128512; &#x41; a > b`, `bold it <tag> & "q" 😀 A a > b`, []models.MessageEntity{
			{Type: "bold", Offset: 0, Length: 4}, {Type: "italic", Offset: 5, Length: 2},
		}},
		{`<a href="https://example.org/?a=1&b=2">link</a>`, "link", []models.MessageEntity{
			{Type: "text_link", Offset: 0, Length: 4, URL: "https://example.org/?a=1&b=2"},
		}},
		{`<pre><code class="language-go">x := 1</code></pre>`, "x := 1", []models.MessageEntity{
			{Type: "pre", Offset: 0, Length: 6, Language: "go"},
		}},
		{"<blockquote expandable>quote</blockquote>", "quote", []models.MessageEntity{
			{Type: "expandable_blockquote", Offset: 0, Length: 5},
		}},
		{`<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler><u>u</u><s>x</s><code>c</code>`, "stuxc", []models.MessageEntity{
			{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}, {Type: "underline", Offset: 2, Length: 1},
			{Type: "strikethrough", Offset: 3, Length: 1}, {Type: "code", Offset: 4, Length: 1},
		}},
		{`😀<b><i>😀x</i></b>`, "😀😀x", []models.MessageEntity{
			{Type: "italic", Offset: 2, Length: 3}, {Type: "bold", Offset: 2, Length: 3},
		}},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", []models.MessageEntity{
			{Type: "custom_emoji", Offset: 0, Length: 2, CustomEmojiID: "5368324170671202286"},
		}},
		{"  \n<b> padded </b>\n ", "padded", []models.MessageEntity{{Type: "bold", Offset: 0, Length: 6}}},
	} {
		m, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 42, Text: tc.html, ParseMode: models.ParseModeHTML})
		if err != nil {
			t.Errorf("%s: %v", tc.html, err)
			continue
		}
		if m.Text != tc.text || jsonOf(m.Entities) != jsonOf(tc.ents) {
			t.Errorf("%s:\n got %q %s\nwant %q %s", tc.html, m.Text, jsonOf(m.Entities), tc.text, jsonOf(tc.ents))
		}
	}
}

func TestHTMLRefused(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	for _, tc := range []struct{ html, want string }{
		{"<x>hi</x>", `Unsupported start tag "x" at byte offset 0`},
		{"1 < 2", `Unsupported start tag "" at byte offset 2`},
		{"<b>unclosed", `Can't find end tag corresponding to start tag "b"`},
		{"<b>x</i>", `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"x</b>", "Unexpected end tag at byte offset 1"},
		{"<span>s</span>", `Tag "span" must have class "tg-spoiler"`},
		{`<a href="https://e.org"`, "Unclosed start tag at byte offset 0"},
		{"text <b", "Unclosed start tag at byte offset 5"},
		{"AT&T", `Unescaped "&" at byte offset 2`},
		{"&nbsp;", `Unescaped "&" at byte offset 0`},
		{`<tg-emoji emoji-id="x">👍</tg-emoji>`, "Invalid custom emoji identifier specified"},
		{"<b foo>x</b>", `Expected equal sign in declaration of an attribute of the tag "b"`},
	} {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 42, Text: tc.html, ParseMode: models.ParseModeHTML})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "Bad Request: can't parse entities: "+tc.want) {
			t.Errorf("%s: %v, want can't parse entities: %s", tc.html, err, tc.want)
		}
	}
	// The same texts are fine without a parse mode.
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 42, Text: "1 < 2 & <x>"}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Sent(42)); n != 1 {
		t.Fatalf("%d messages sent, want only the plain one", n)
	}
}

func TestTextLimits(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	for _, tc := range []struct {
		text      string
		parseMode models.ParseMode
		want      string // "" when accepted
	}{
		{"<b>" + strings.Repeat("a", 4096) + "</b>", models.ParseModeHTML, ""},
		{strings.Repeat("&lt;", 4096), models.ParseModeHTML, ""},
		{strings.Repeat("&lt;", 4097), models.ParseModeHTML, "message is too long"},
		{strings.Repeat("я", 4096), "", ""},
		{strings.Repeat("😀", 2048), "", ""},
		{strings.Repeat("😀", 2049), "", "message is too long"},
		{"", "", "message text is empty"},
		{" \n\t", "", "message text is empty"},
		{"<b> </b>", models.ParseModeHTML, "message text is empty"},
		{"*hi*", "Markdown", ""},
		{"hi", "BBCode", "unsupported parse_mode"},
	} {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: tc.text, ParseMode: tc.parseMode})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%.20s… (%d bytes): %v", tc.text, len(tc.text), err)
		case tc.want != "" && (!errors.Is(err, bot.ErrorBadRequest) || !strings.HasSuffix(err.Error(), "Bad Request: "+tc.want)):
			t.Errorf("%.20s… (%d bytes): %v, want %s", tc.text, len(tc.text), err, tc.want)
		}
	}
}

func TestEntities(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []models.MessageEntity
	}{
		{"/ask@ReportBot why?", []models.MessageEntity{{Type: "bot_command", Offset: 0, Length: 14}}},
		{"/start", []models.MessageEntity{{Type: "bot_command", Offset: 0, Length: 6}}},
		{"@ReportBot what is it", []models.MessageEntity{{Type: "mention", Offset: 0, Length: 10}}},
		{"😀 привет @ReportBot, /help", []models.MessageEntity{
			{Type: "mention", Offset: 10, Length: 10}, {Type: "bot_command", Offset: 22, Length: 5},
		}},
		{"mail a@ReportBot or 1/2 or @abc", nil},
	} {
		if got := Entities(tc.text); jsonOf(got) != jsonOf(tc.want) {
			t.Errorf("Entities(%q) = %s, want %s", tc.text, jsonOf(got), jsonOf(tc.want))
		}
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
