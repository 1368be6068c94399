package question

import (
	"slices"

	"reportbot/lang"
)

// Theme is a name people use for a section's theme, as the corpus
// declares it beside the section's heading (ingest.Passage.SectionWords):
// «свобода слова» for «Ограничения для СМИ и свобода выражения мнений».
type Theme struct {
	// Terms are the name's terms, all of which a question must have.
	Terms []string
	// Title is the section title's rarest term, which the name stands
	// for in a question: every paragraph of the section is indexed under
	// its title.
	Title string
}

// withThemes marks the words of a question that name a section's theme
// the way people do ("gay rights", «свобода слова», «профсоюз»): the last
// word of the name counts as the section's title as well as itself, so
// that every paragraph of the section holds it. The report's own words for
// its themes are seldom the asker's.
func (x *Lexicon) withThemes(tokens []lang.Token, l lang.Language) []lang.Token {
	tokens = slices.Clone(tokens)
	for _, th := range x.themes[l] {
		last := -1
		for _, t := range th.Terms {
			i := slices.IndexFunc(tokens, func(tok lang.Token) bool { return tok.Term == t })
			if i < 0 {
				last = -1
				break
			}
			last = max(last, i)
		}
		if last >= 0 && tokens[last].Gloss == "" {
			tokens[last].Gloss = th.Title
		}
	}
	return tokens
}
