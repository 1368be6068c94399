package lang

import (
	"strings"
	"sync"
)

// People write about the report in the words of the street and of the
// newsroom, not in its own: abbreviations ("нко", "ilo", "совбез"),
// colloquial words ("психушка", "посадили") and near synonyms ("freed" for
// "released"). The glossary rewrites such a word of a question into the
// words the report's editions use. It is a list of the domain's common
// vocabulary in each language, not of any particular question. The names
// people use for a report's themes ("gay rights", «свобода слова») are not
// here but in the corpus, beside the section they name (see
// ingest.Passage.SectionWords).
var glossary = byLanguage(func(p *profile) map[string]string { return p.glossary })

// glossaryOf parses "word=replacement" entries.
func glossaryOf(entries ...string) map[string]string {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		w, r, _ := strings.Cut(e, "=")
		m[w] = r
	}
	return m
}

// glossaryTerms maps each glossary word's term to its replacement, so that
// the word's other forms ("евросоюза", "евросоюзу") are rewritten too.
var glossaryTerms = sync.OnceValue(func() map[Language]map[string]string {
	out := map[Language]map[string]string{}
	for l, entries := range glossary {
		out[l] = map[string]string{}
		for w, r := range entries {
			if t := Term(w, l); t != "" {
				out[l][t] = r
			}
		}
	}
	return out
})

// Gloss returns the words the report uses for a token of a question in
// language l, and false when the glossary has none.
func Gloss(tok Token, l Language) (string, bool) {
	if r, ok := glossary[l][tok.Word]; ok {
		return r, true
	}
	r, ok := glossaryTerms()[l][tok.Term]
	return r, ok
}
