package bot

import (
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"reportbot/lang"
	"reportbot/rag"
)

// MaxMessage is Telegram's limit on a message's length.
const MaxMessage = 4096

// block is one unit of a message that is never split between two messages
// unless it is longer than a message by itself: a paragraph of the answer,
// or one source.
type block struct {
	open, close string // HTML tags around the block, "" for none
	text        string // plain text, not yet escaped
	after       string // trusted HTML after the text (a link), may be ""
}

func (b block) html() string {
	return b.open + html.EscapeString(b.text) + b.after + b.close
}

func (b block) plain() string {
	return b.text
}

// rendered is a reply in HTML, with the same reply in plain text for when
// Telegram refuses the HTML.
type rendered struct {
	html, plain []string
}

// renderAnswer lays out an answer: the answer's paragraphs, then each source
// as an expandable blockquote with its section, whether it is an unofficial
// translation, the quoted passage and a link to the paragraph in the report.
func renderAnswer(a rag.Answer, m *Messages, l lang.Language) rendered {
	var blocks []block
	for _, p := range strings.Split(a.Answer, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			blocks = append(blocks, block{text: p})
		}
	}
	if len(a.Citations) > 0 {
		blocks = append(blocks, block{open: "<b>", close: "</b>", text: m.T(l, "SourcesHeading", nil)})
	}
	for _, c := range a.Citations {
		head := "[" + strconv.Itoa(c.N) + "] " + c.Section
		if c.Lang != "en" {
			head += " · " + m.T(l, "Unofficial", nil)
		}
		blocks = append(blocks, block{
			open:  "<blockquote expandable>",
			close: "</blockquote>",
			text:  head + "\n" + c.Text + "\n",
			after: `<a href="` + html.EscapeString(c.URL) + `">` + html.EscapeString(m.T(l, "OpenInReport", nil)) + "</a>",
		})
	}
	return pack(blocks)
}

// renderText lays out a plain message (a command's reply) as paragraphs.
func renderText(text string) rendered {
	var blocks []block
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			blocks = append(blocks, block{text: p})
		}
	}
	return pack(blocks)
}

// pack puts blocks into as few messages as fit, each within MaxMessage,
// breaking only between blocks; a block too long for one message is cut at
// sentence or word boundaries into blocks of its own, each with its tags.
func pack(blocks []block) rendered {
	var out rendered
	var cur, curPlain []string
	size := 0
	flush := func() {
		if len(cur) > 0 {
			out.html = append(out.html, strings.Join(cur, "\n\n"))
			out.plain = append(out.plain, strings.Join(curPlain, "\n\n"))
			cur, curPlain, size = nil, nil, 0
		}
	}
	for _, b := range blocks {
		for _, piece := range fit(b) {
			h := piece.html()
			n := utf16Len(h)
			if size > 0 && size+2+n > MaxMessage {
				flush()
			}
			cur = append(cur, h)
			curPlain = append(curPlain, piece.plain())
			size += n + 2
		}
	}
	flush()
	return out
}

// fit cuts a block whose HTML is longer than a message into pieces that fit.
func fit(b block) []block {
	if utf16Len(b.html()) <= MaxMessage {
		return []block{b}
	}
	room := MaxMessage - utf16Len(b.open+b.close+b.after) - 16
	var out []block
	rest := b.text
	for rest != "" {
		cut := cutAt(rest, room)
		piece := block{open: b.open, close: b.close, text: strings.TrimSpace(rest[:cut])}
		rest = strings.TrimSpace(rest[cut:])
		if rest == "" {
			piece.after = b.after
		}
		out = append(out, piece)
	}
	return out
}

// cutAt returns a byte offset at which to cut s so that the escaped head is
// at most room UTF-16 units: after the last sentence end that fits when it
// keeps at least half the room, else at the last space, else mid-word.
func cutAt(s string, room int) int {
	fits, sentence, space, n := 0, 0, 0, 0
	prev := rune(0)
	for i, r := range s {
		n += utf16Len(html.EscapeString(string(r)))
		if n > room {
			break
		}
		fits = i + utf8.RuneLen(r)
		if unicode.IsSpace(r) {
			space = i
			if strings.ContainsRune(".!?…", prev) {
				sentence = i
			}
		}
		prev = r
	}
	switch {
	case fits >= len(s):
		return len(s)
	case sentence > 0 && 2*sentence >= fits:
		return sentence
	case space > 0:
		return space
	}
	return max(fits, 1)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
