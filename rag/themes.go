package rag

import (
	"slices"

	"reportbot/lang"
)

// themeWord is a name people use for a section's theme, as the corpus
// declares it beside the section's heading (ingest.Passage.SectionWords):
// «свобода слова» for «Ограничения для СМИ и свобода выражения мнений».
type themeWord struct {
	// terms are the name's terms, all of which a question must have.
	terms []string
	// title is the section title's rarest term, which the name stands
	// for in a question: every paragraph of the section is indexed under
	// its title.
	title string
}

// themeWords returns the theme names of language l's sections, longest
// first, made once per index.
func (ix *Index) themeWords(l lang.Language) []themeWord {
	ix.vocab(l)
	return ix.themes[l]
}

// buildThemes collects every section's theme names per language. Called
// once, with the vocabularies.
func (ix *Index) buildThemes() map[lang.Language][]themeWord {
	out := map[lang.Language][]themeWord{}
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
				out[p.Lang] = append(out[p.Lang], themeWord{terms: terms, title: title})
			}
		}
	}
	for l := range out {
		slices.SortStableFunc(out[l], func(a, b themeWord) int { return len(b.terms) - len(a.terms) })
	}
	return out
}

// withThemes marks the words of a question that name a section's theme
// the way people do ("gay rights", «свобода слова», «профсоюз»): the last
// word of the name counts as the section's title as well as itself, so
// that every paragraph of the section holds it. The report's own words for
// its themes are seldom the asker's.
func (ix *Index) withThemes(tokens []lang.Token, l lang.Language) []lang.Token {
	tokens = slices.Clone(tokens)
	for _, th := range ix.themeWords(l) {
		last := -1
		for _, t := range th.terms {
			i := slices.IndexFunc(tokens, func(tok lang.Token) bool { return tok.Term == t })
			if i < 0 {
				last = -1
				break
			}
			last = max(last, i)
		}
		if last >= 0 && tokens[last].Gloss == "" {
			tokens[last].Gloss = th.title
		}
	}
	return tokens
}
