package ingest

import (
	"fmt"

	"reportbot/lang"
)

// Passage is the unit the bot retrieves and cites: a paragraph of a document,
// or a part of one when the paragraph is long.
type Passage struct {
	// ID is the citation id, shared by an original passage and its
	// translations, such as "kz2016-assembly-2" or "kz2016-civil-society-7.2"
	// for the second part of a split paragraph.
	ID string
	// Doc is the document id from the front matter (doc), such as "kz2016".
	Doc string
	// Lang is the language of Text.
	Lang lang.Language
	// Title is the document's title in Lang ("Kazakhstan: Events of
	// 2016").
	Title string
	// Report and Publisher name the report the document belongs to in
	// Lang ("World Report 2017", "Human Rights Watch"); either may be
	// empty. Year is its year of publication, Events the years whose
	// events it covers (see Report, which gathers them).
	Report, Publisher string
	Year              int
	Events            []int
	// Section is the section id, the same in every language ("assembly").
	Section string
	// SectionTitle is the section heading in Lang.
	SectionTitle string
	// SectionWords are the names people use in Lang for the section's
	// theme, as its corpus file declares them: a question in those words
	// finds the section as it would by its title.
	SectionWords []string
	// Paragraph is the paragraph's 1-based position in its section.
	Paragraph int
	// Text is the passage in Lang.
	Text string
	// Original is the passage in the language of the original document.
	Original string
	// OriginalLang is the language of the original document.
	OriginalLang lang.Language
	// URL links to the paragraph in the original source: the source page
	// with a text fragment that scrolls a browser to it.
	URL string
	// Unofficial marks a translation made for the bot, not by the publisher.
	Unofficial bool
	// Spoken marks a paragraph of a transcript, said by its speaker (a
	// video's), rather than written by the publisher: an answer quotes the
	// report's own text first.
	Spoken bool
	// File is the corpus file the passage comes from.
	File string
}

// Error is a problem with one corpus file, at a line when there is one.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("corpus file %s, line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("corpus file %s: %s", e.File, e.Msg)
}

func errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}
