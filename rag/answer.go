package rag

import (
	"strings"

	"reportbot/ingest"
)

// Answer is what the bot replies to a question. Its JSON form is the
// contract of `reportbot ask --json`, which other tools depend on: change
// field names or meanings only with every consumer.
type Answer struct {
	Question string `json:"question"`
	Language string `json:"language"`
	// Detected is true when Language was read from the question itself,
	// false when the question did not tell and the fallback was used: a
	// chat learns its language only from questions that tell.
	Detected bool `json:"detected"`
	// Found is false when the report has nothing relevant enough; the
	// answer then says so and cites nothing.
	Found bool `json:"found"`
	// Mode is "extractive" (sentences quoted from the report) or "llm".
	Mode string `json:"mode"`
	// Answer is the reply text, each claim followed by [n] markers that
	// number its citations.
	Answer    string     `json:"answer"`
	Citations []Citation `json:"citations"`
	// Related are, when the report covers the question's subject but not
	// what it asks (Found is false), the passages the answer quotes on the
	// subject under a heading that says they do not answer it: context to
	// check, never sources of a claim. Empty otherwise.
	Related []Citation `json:"related"`
	// Passages are the retrieved passages, best first, whether cited or not.
	Passages []PassageRef `json:"passages"`
	// SmallTalk is true when the message asked nothing of the report
	// (thanks, a greeting) and the answer only acknowledges it: in a group
	// the bot may stay silent.
	SmallTalk bool `json:"small_talk,omitempty"`
}

// Citation is a numbered source of an answer.
type Citation struct {
	N  int    `json:"n"`
	ID string `json:"id"`
	// Doc is the report's id, Report its name in Lang ("Human Rights
	// Watch, World Report 2017: Kazakhstan: Events of 2016").
	Doc    string `json:"doc"`
	Report string `json:"report"`
	// Short names the report where a line has little room: its title
	// ("World Report 2017"), else its chapter.
	Short   string `json:"-"`
	Section string `json:"section"`
	Lang    string `json:"lang"`
	// Text is the passage as quoted, in Lang.
	Text string `json:"text"`
	// Original is the passage in the report's own language (English).
	Original string `json:"original"`
	// URL opens the source page scrolled to the paragraph.
	URL string `json:"url"`
	// Unofficial marks a translation made for the bot, not by the
	// publisher.
	Unofficial bool `json:"unofficial,omitempty"`
}

// PassageRef is a retrieved passage with its fused retrieval score.
type PassageRef struct {
	ID       string  `json:"id"`
	Score    float64 `json:"score"`
	Section  string  `json:"section"`
	Lang     string  `json:"lang"`
	Text     string  `json:"text"`
	Original string  `json:"original"`
}

// Modes of an answer.
const (
	ModeExtractive = "extractive"
	ModeLLM        = "llm"
)

func refs(hits []Hit) []PassageRef {
	out := make([]PassageRef, 0, len(hits))
	for _, h := range hits {
		out = append(out, PassageRef{
			ID: h.Passage.ID, Score: h.Score, Section: h.Passage.SectionTitle,
			Lang: string(h.Passage.Lang), Text: h.Passage.Text, Original: h.Passage.Original,
		})
	}
	return out
}

func citation(n int, h Hit) Citation { return CitationOf(n, h.Passage) }

// CitationOf is passage p as the n-th source of an answer. It is the one
// place a passage becomes a citation, for answers, /source and the digest
// alike, so that every source is shown the same way.
func CitationOf(n int, p ingest.Passage) Citation {
	return Citation{
		N: n, ID: p.ID, Doc: p.Doc, Report: NameOf(p).String(), Short: or(p.Report, p.Title), Section: p.SectionTitle, Lang: string(p.Lang),
		Text: p.Text, Original: p.Original, URL: p.URL, Unofficial: p.Unofficial,
	}
}

// NameOf is the name of a passage's report in the passage's language.
func NameOf(p ingest.Passage) ingest.Name {
	return ingest.Name{Publisher: p.Publisher, Title: p.Report, Chapter: p.Title}
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// or returns s, or else def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
