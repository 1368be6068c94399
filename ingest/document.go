package ingest

import (
	"strings"
	"unicode"
)

// document is one corpus file parsed into sections and paragraphs, before it
// is cut into passages.
type document struct {
	file     string
	meta     map[string]string
	metaLine map[string]int
	title    string
	sections []section
}

type section struct {
	id    string // explicit anchor ({#id} or id=""), or "" to derive one
	title string
	// words are the names people use for the section's theme, from the
	// heading's words attribute.
	words []string
	line  int
	paras []paragraph
}

type paragraph struct {
	// lead is a speaker label ("Mihra Rittmann, Researcher, Human Rights
	// Watch") that the source page shows apart from the spoken text.
	lead string
	body string
	line int
}

// text is the paragraph as the bot quotes it, speaker first.
func (p paragraph) text() string {
	if p.lead == "" {
		return p.body
	}
	return p.lead + ": " + p.body
}

// addParagraph appends a paragraph to the current section, opening an
// untitled first section when the document has text before any heading.
func (d *document) addParagraph(p paragraph) {
	p.body = collapseSpace(p.body)
	if p.body == "" {
		return
	}
	if len(d.sections) == 0 {
		d.sections = append(d.sections, section{line: p.line})
	}
	s := &d.sections[len(d.sections)-1]
	s.paras = append(s.paras, p)
}

func (d *document) addSection(title, id string, words []string, line int) {
	d.sections = append(d.sections, section{id: id, title: collapseSpace(title), words: words, line: line})
}

// dropEmptySections removes headings with no paragraphs under them, such as
// a heading that only introduces its subheadings.
func (d *document) dropEmptySections() {
	kept := d.sections[:0]
	for _, s := range d.sections {
		if len(s.paras) > 0 {
			kept = append(kept, s)
		}
	}
	d.sections = kept
}

func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// slug makes a section id from a heading: lower-case ASCII letters and digits
// joined by hyphens. It returns "" for a heading with no ASCII letters, so that
// a non-Latin heading falls back to a positional id.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}
