package bot

import (
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"reportbot/digest"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/locale"
	"reportbot/rag"
)

// MaxMessage is Telegram's limit on a message's length.
const MaxMessage = 4096

// block is one unit of a message that is never split between two messages
// unless it is longer than a message by itself: a paragraph of the answer,
// or one source.
type block struct {
	open, close string // HTML tags around the block, "" for none
	// before is trusted HTML before the text (a source's line with its
	// links), beforePlain the same as plain text, links written out.
	before, beforePlain string
	text                string // plain text, not yet escaped
	after               string // trusted HTML after the text, may be ""
}

func (b block) html() string {
	return b.open + b.before + html.EscapeString(b.text) + b.after + b.close
}

// plain is the block as plain text for when Telegram refuses the HTML: the
// links stay, written out as URLs.
func (b block) plain() string {
	return b.beforePlain + b.text
}

// rendered is a reply in HTML, with the same reply in plain text for when
// Telegram refuses the HTML.
type rendered struct {
	html, plain []string
}

// Lead settings: the bold lead is the answer's first claim, with the
// second when the first is short, so that it says something whole.
const (
	shortClaim = 160 // runes: a first claim this short takes the next
	maxLead    = 360 // runes: two claims together stay within this
)

// claimEnd matches the citation markers that end a claim: "… 2016. [1]",
// or a model's "… 2016 [1]."
var claimEnd = regexp.MustCompile(`(?:\s*\[\d+\])+[.!?…]?`)

// marker is one citation marker with the space before it.
var marker = regexp.MustCompile(`\s*\[\d+\]`)

// renderAnswer lays out an answer as a phone shows it first (issue 18):
// the direct answer in bold, the rest of it folded in an expandable
// blockquote, then one line per source with a link into the report, then
// whatever of the cited passages the answer did not quote, folded. A
// partial answer opens with what the report does not say, and its quotes
// on the subject come folded under a line that says they do not answer.
// named is true when the corpus has several reports: each source then
// names its own.
func renderAnswer(a rag.Answer, m *locale.Messages, l lang.Language, named bool) rendered {
	note := m.T(l, "UnofficialNote", nil)
	related := m.T(l, "RelatedHeading", nil)
	var paras []string
	relatedLine := false
	for p := range strings.SplitSeq(a.Answer, "\n\n") {
		switch p = strings.TrimSpace(p); {
		case p == "":
		case p == note:
			// Said once, on the sources' heading.
		case len(a.Related) > 0 && p == related:
			relatedLine = true
		default:
			paras = append(paras, p)
		}
	}
	if len(paras) == 0 || a.SmallTalk {
		return renderText(a.Answer)
	}
	var blocks []block
	parts := byReportHeading(paras)
	comparison := named && len(a.Related) == 0 && len(parts) > 1
	if comparison {
		// A comparison: each report's lead shows, under its name.
		for _, part := range parts {
			blocks = append(blocks, block{open: "<i>", close: "</i>", text: part[0]})
			blocks = append(blocks, leadBlocks(strings.Join(part[1:], "\n\n"))...)
		}
	} else {
		lead, rest := paras[0], strings.Join(paras[1:], "\n\n")
		if len(a.Related) == 0 {
			lead, rest = leadOf(strings.Join(paras, "\n\n"))
		}
		blocks = append(blocks, block{open: "<b>", close: "</b>", text: lead})
		if relatedLine {
			blocks = append(blocks, block{open: "<i>", close: "</i>", text: related})
		}
		if rest != "" {
			blocks = append(blocks, block{open: "<blockquote expandable>", close: "</blockquote>", text: rest})
		}
	}
	cits, heading := a.Citations, m.T(l, "SourcesHeading", nil)
	if len(a.Related) > 0 {
		cits, heading = a.Related, m.T(l, "RelatedSourcesHeading", nil)
	}
	if len(cits) == 0 {
		return pack(blocks)
	}
	if slices.ContainsFunc(cits, func(c rag.Citation) bool { return c.Unofficial }) {
		heading += " · " + m.T(l, "Unofficial", nil)
	}
	blocks = append(blocks, sourceLines(cits, heading, m, l, named))
	var context []string
	for _, c := range cits {
		if r := unquoted(c.Text, a.Answer); r != "" {
			context = append(context, "["+strconv.Itoa(c.N)+"] "+r)
		}
	}
	if comparison {
		// Two leads fill the first screen; the rest of each paragraph
		// is one tap away in the report.
		context = nil
	}
	if len(context) > 0 {
		blocks = append(blocks, block{open: "<blockquote expandable>", close: "</blockquote>", text: strings.Join(context, "\n\n")})
	}
	return pack(blocks)
}

// byReportHeading splits a comparison's paragraphs at each report's
// heading ("From … (events of 2016):", a paragraph that cites nothing and
// ends with a colon). Fewer than two parts is no comparison.
func byReportHeading(paras []string) [][]string {
	var parts [][]string
	for _, p := range paras {
		switch {
		case !marker.MatchString(p) && strings.HasSuffix(p, ":"):
			parts = append(parts, []string{p})
		case len(parts) > 0:
			parts[len(parts)-1] = append(parts[len(parts)-1], p)
		default:
			return nil
		}
	}
	return parts
}

// leadBlocks is an answer's lead in bold and the rest folded.
func leadBlocks(text string) []block {
	lead, rest := leadOf(text)
	out := []block{{open: "<b>", close: "</b>", text: lead}}
	if rest != "" {
		out = append(out, block{open: "<blockquote expandable>", close: "</blockquote>", text: rest})
	}
	return out
}

// leadOf splits an answer into its lead, the first claim (with the next
// when the first is short, within one paragraph), and the rest.
func leadOf(answer string) (lead, rest string) {
	ends := claimEnd.FindAllStringIndex(answer, 3)
	if len(ends) == 0 {
		para, after, _ := strings.Cut(answer, "\n\n")
		return para, strings.TrimSpace(after)
	}
	cut := ends[0][1]
	if len(ends) > 1 && utf8.RuneCountInString(answer[:cut]) < shortClaim {
		next := ends[1][1]
		if two := answer[:next]; !strings.Contains(two, "\n\n") && utf8.RuneCountInString(two) <= maxLead {
			cut = next
		}
	}
	return strings.TrimSpace(answer[:cut]), strings.TrimSpace(answer[cut:])
}

// sourceLines is the sources of an answer under their heading, one line
// each: number, section (after the report's name, when named) and a link
// to the paragraph in the report.
func sourceLines(cits []rag.Citation, heading string, m *locale.Messages, l lang.Language, named bool) block {
	open := m.T(l, "Open", nil) + " ↗"
	h := "<b>" + html.EscapeString(heading) + "</b>"
	p := heading
	for _, c := range cits {
		line := "[" + strconv.Itoa(c.N) + "] " + c.Section
		if named {
			line = "[" + strconv.Itoa(c.N) + "] " + c.Short + " · " + c.Section
		}
		h += "\n" + html.EscapeString(line)
		p += "\n" + line
		if u, ok := webLink(c.URL); ok {
			h += ` · <a href="` + html.EscapeString(u) + `">` + html.EscapeString(open) + `</a>`
			p += " · " + u
		}
	}
	return block{before: h, beforePlain: p}
}

// renderPassage lays out one paragraph of the report opened by itself (a
// shared link, a "more from this section" button): where it is from, in
// bold, the paragraph itself, its source line, and under a translation the
// English original, folded.
func renderPassage(p ingest.Passage, m *locale.Messages, l lang.Language, named bool) rendered {
	c := rag.CitationOf(1, p)
	heading := m.T(l, "SourcesHeading", nil)
	if p.Unofficial {
		heading += " · " + m.T(l, "Unofficial", nil)
	}
	blocks := []block{
		{open: "<b>", close: "</b>", text: m.T(l, "SourceLead", map[string]any{"Section": p.SectionTitle})},
		{text: p.Text + " [1]"},
		sourceLines([]rag.Citation{c}, heading, m, l, named),
	}
	if p.Original != "" && p.Original != p.Text {
		blocks = append(blocks, block{open: "<blockquote expandable>", close: "</blockquote>", text: m.T(l, "OriginalOne", nil) + "\n" + p.Original})
	}
	return pack(blocks)
}

// sourceBlock is one source: an expandable blockquote whose first line
// carries the citation's number, section, a link to the paragraph in the
// report and a deep link into the bot to share it, then whatever of the
// passage the answer a did not already quote.
func sourceBlock(c rag.Citation, a rag.Answer, m *locale.Messages, l lang.Language, bot string, named bool) block {
	open, share := m.T(l, "OpenInReport", nil)+" ↗", m.T(l, "Share", nil)
	head := "[" + strconv.Itoa(c.N) + "] " + c.Section
	if named {
		head = "[" + strconv.Itoa(c.N) + "] " + c.Report + " · " + c.Section
	}
	link := "https://t.me/" + bot + "?start=" + c.ID
	rest := unquoted(c.Text, a.Answer)
	if rest != "" {
		rest = "\n" + rest
	}
	before, beforePlain := html.EscapeString(head), head
	if u, ok := webLink(c.URL); ok {
		before += ` — <a href="` + html.EscapeString(u) + `">` + html.EscapeString(open) + `</a>`
		beforePlain += " — " + u
	}
	return block{
		open: "<blockquote expandable>", close: "</blockquote>",
		before:      before + ` · <a href="` + html.EscapeString(link) + `">` + html.EscapeString(share) + "</a>",
		beforePlain: beforePlain + "\n" + share + ": " + link,
		text:        rest,
	}
}

// webLink returns a link as it may go into a message: an http or https
// URL without control characters; ok is false for anything else, which is
// then left out rather than break the message.
func webLink(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// unquoted returns the sentences of a passage that the answer does not
// quote already, so that a source is not a verbatim repeat of the answer
// above it.
func unquoted(passage, answer string) string {
	var rest []string
	for _, s := range ingest.Sentences(passage) {
		if !strings.Contains(answer, s) {
			rest = append(rest, s)
		}
	}
	return strings.Join(rest, " ")
}

// renderText lays out a plain message (a command's reply) as paragraphs.
func renderText(text string) rendered {
	var blocks []block
	for p := range strings.SplitSeq(text, "\n\n") {
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
	room := MaxMessage - utf16Len(b.open+b.close+b.before+b.after) - 16
	var out []block
	rest := b.text
	for rest != "" {
		cut := cutAt(rest, room)
		piece := block{open: b.open, close: b.close, text: strings.TrimSpace(rest[:cut])}
		if len(out) == 0 {
			piece.before, piece.beforePlain = b.before, b.beforePlain
		}
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

// renderExcerpt lays out a day's digest excerpt: its heading, then the
// passage with its citation line (section, link, share link) as a source is
// shown under an answer.
func renderExcerpt(e digest.Excerpt, m *locale.Messages, bot string, named bool) rendered {
	p := e.Passage
	c := rag.CitationOf(1, p)
	a := rag.Answer{Citations: []rag.Citation{c}}
	blocks := []block{{open: "<b>", close: "</b>", text: m.T(e.Lang, "DigestHeading", map[string]any{"Theme": e.Theme})}}
	src := sourceBlock(c, a, m, e.Lang, bot, named)
	src.open, src.close = "<blockquote>", "</blockquote>"
	if p.Unofficial {
		src.text += "\n" + m.T(e.Lang, "Unofficial", nil)
	}
	return pack(append(blocks, src))
}

// renderCard is the message an inline evidence card posts: the quote, its
// citation, and a link to the paragraph in the report. A passage is far
// shorter than a message, so it is one.
func renderCard(p ingest.Passage, m *locale.Messages, l lang.Language) string {
	cite := "— " + p.SectionTitle + ", " + rag.NameOf(p).String() + " [" + p.ID + "]"
	if p.Unofficial {
		cite += " (" + m.T(l, "Unofficial", nil) + ")"
	}
	b := block{text: "«" + p.Text + "»\n" + cite}
	if u, ok := webLink(p.URL); ok {
		b.after = "\n" + `<a href="` + html.EscapeString(u) + `">` + html.EscapeString(m.T(l, "OpenInReport", nil)) + "</a>"
	}
	return pack([]block{b}).html[0]
}
