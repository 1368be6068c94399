package rag

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"reportbot/lang"
)

// MaxQuestionRunes is the longest question the bot answers. Report
// questions are short; a longer text is a pasted document, not a question.
const MaxQuestionRunes = 1000

// PassagesShown is how many retrieved passages an answer lists.
const PassagesShown = 8

// minCoverage is the relevance threshold: a question is answered only when a
// top passage holds at least this idf-weighted share of its terms, and at
// least two of its informative terms when it has two or more (one shared
// word, "США" in "Кто президент США?", is no evidence that a passage
// answers). Calibrated with `reportbot eval -v` on the eval set: its
// out-of-scope questions share at most a quarter of their weight with any
// passage, or a single term; in-scope questions share 0.45 to 1, and a
// question worded unlike the report ("Сколько лет дали Матаеву?" against
// "к шести годам") needs the margin below that.
const minCoverage = 0.4

// ErrEmptyQuestion is returned for an empty or all-blank question.
var ErrEmptyQuestion = errors.New("empty question")

// Engine answers questions from an index.
type Engine struct {
	index *Index
}

// NewEngine returns an engine over an index.
func NewEngine(ix *Index) *Engine { return &Engine{index: ix} }

// Index returns the index the engine answers from.
func (e *Engine) Index() *Index { return e.index }

// Ask answers a question in its own language with an extractive, cited
// answer, or says that the report does not cover it. fallback is the
// language used when the question has no letters to tell its language by.
func (e *Engine) Ask(ctx context.Context, question string, fallback lang.Language) (Answer, error) {
	question = strings.TrimSpace(question)
	l, ok := lang.Detect(question)
	if !ok {
		l = fallback
	}
	a := Answer{
		Question: question, Language: string(l), Mode: ModeExtractive,
		Citations: []Citation{}, Passages: []PassageRef{},
	}
	if question == "" {
		return a, ErrEmptyQuestion
	}
	if len(lang.Words(question)) == 0 {
		a.Answer = noWords[l]
		return a, nil
	}
	if utf8.RuneCountInString(question) > MaxQuestionRunes {
		a.Answer = tooLong[l]
		return a, nil
	}
	hits, err := e.index.Search(ctx, question, l, PassagesShown)
	if err != nil {
		return a, err
	}
	a.Passages = refs(hits)
	need := min(2, informative(e.index.termWeights(lang.Terms(question, l))))
	if !relevant(hits, need) {
		a.Answer = notFound[l]
		return a, nil
	}
	text, cited := e.index.extract(question, l, hits)
	if len(cited) == 0 {
		a.Answer = notFound[l]
		return a, nil
	}
	a.Found = true
	for i, h := range cited {
		a.Citations = append(a.Citations, citation(i+1, h))
	}
	note := ""
	for _, h := range cited {
		if h.Passage.Unofficial {
			note = unofficialNote[l]
		}
	}
	a.Answer = joinNonEmpty("\n\n", text, note)
	return a, nil
}

// relevant reports whether the report answers the question at all: one of
// the top passages must be relevant.
func relevant(hits []Hit, need int) bool {
	for _, h := range hits[:min(maxCited, len(hits))] {
		if h.relevant(need) {
			return true
		}
	}
	return false
}

// relevant reports whether a passage covers enough of the question, with at
// least need informative terms.
func (h Hit) relevant(need int) bool {
	return h.Coverage >= minCoverage && h.Matched >= need
}
