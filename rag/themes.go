package rag

import (
	"slices"

	"reportbot/lang"
	"reportbot/question"
)

// buildThemes collects every section's theme names per language. Called
// once, with the vocabularies.
func (ix *Index) buildThemes() map[lang.Language][]question.Theme {
	out := map[lang.Language][]question.Theme{}
	seen := map[string]bool{}
	for _, p := range ix.passages {
		key := string(p.Lang) + "\x00" + p.Doc + "\x00" + p.Section
		if seen[key] || len(p.SectionWords) == 0 {
			continue
		}
		seen[key] = true
		title := ""
		for _, t := range lang.Terms(p.SectionTitle, p.Lang) {
			if title == "" || ix.bm25.idf(t) > ix.bm25.idf(title) {
				title = t
			}
		}
		if title == "" {
			continue
		}
		for _, w := range p.SectionWords {
			if terms := lang.Terms(w, p.Lang); len(terms) > 0 {
				out[p.Lang] = append(out[p.Lang], question.Theme{Terms: terms, Title: title})
			}
		}
	}
	for l := range out {
		slices.SortStableFunc(out[l], func(a, b question.Theme) int { return len(b.Terms) - len(a.Terms) })
	}
	return out
}
