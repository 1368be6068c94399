package question

import (
	"slices"
	"strings"

	"reportbot/ingest"
	"reportbot/lang"
)

// Read reads a message, in its language, as a question: what it asks,
// and its terms, each resolved against the vocabulary of that language.
func (x *Lexicon) Read(m lang.Message) Question {
	text, l := m.Text, m.Lang
	q := Question{Message: m, Text: text, Lang: l, Now: m.AsksAboutNow(), Years: m.Years(), Particular: m.AsksParticular(), WhoWhere: m.AsksWhoOrWhere(), OneFact: m.AsksOneFact(),
		AsksName: m.AsksName(), AsksNumber: m.AsksQuantity(), Unit: m.Unit(), AsksWhen: m.AsksWhen(), AsksWho: m.AsksWho(), Age: m.AsksAge()}
	counted, which := m.Counted(), m.Which()
	v := x.Vocabulary(l)
	seen := map[string]bool{}
	measures := m.Measures()
	// A particular asked for is in the question, not in the story told
	// before it ("my brother is in a union… are union leaders watched?").
	var asking map[string]bool
	if part, ok := Asked(m); ok {
		asking = map[string]bool{}
		for _, w := range part.Words {
			asking[w] = true
		}
	}
	own := m.Own()
	located := m.Located()
	var tokens []lang.Token
	for _, tok := range lang.Tokens(text, l) {
		if measures[tok.Word] || lang.IsPronoun(tok.Word, l) {
			// A pronoun stands for someone named elsewhere (see
			// understand); as a word it would match any paragraph that
			// uses it («оны»).
			continue
		}
		gloss, ok := lang.Gloss(tok, l)
		if !ok {
			tokens = append(tokens, tok)
			continue
		}
		glossed := lang.Tokens(gloss, l)
		if len(glossed) == 0 {
			tokens = append(tokens, tok)
			continue
		}
		if len(v.Resolve(tok, l)) == 0 && len(glossed) > 1 {
			if tok.Word == which {
				for _, g := range glossed {
					q.Which = append(q.Which, g.Term)
				}
			}
			// A word the report does not use stands for the report's
			// words, each of which must then be found ("ilo": the
			// International Labour Organization, not anything
			// international).
			tokens = append(tokens, glossed...)
			continue
		}
		// Otherwise the report's word counts as this one; of a phrase
		// ("США": «Соединенные Штаты»), its rarest word.
		best := glossed[0]
		for _, g := range glossed[1:] {
			if x.idf(g.Term) > x.idf(best.Term) {
				best = g
			}
		}
		tok.Gloss = best.Term
		tokens = append(tokens, tok)
	}
	tokens = x.withThemes(tokens, l)
	for _, tok := range tokens {
		t := tok.Term
		if seen[t] {
			continue
		}
		seen[t] = true
		alts := v.Resolve(tok, l)
		if tok.Gloss != "" {
			// A word the report uses, with the report's other word for it
			// ("jailed", "prison").
			alts = union(alts, v.Resolve(lang.Token{Word: tok.Gloss, Term: tok.Gloss}, l))
		}
		if tok.Word == counted {
			q.Counted = t
		}
		if tok.Word == which {
			q.Which = append(q.Which, t)
		}
		g := Term{
			Key: t, Alts: alts, Place: lang.IsForeignPlace(tok.Word), Where: located[tok.Word],
			Detail: detailOf(tok, l, asking, own),
			// «турмеде», typed without Kazakh letters, is «түрме» of the
			// report, a prison; but «үкімет» is no «үкім», though they
			// are of one family.
			Punish: lang.IsPunishment(t, l) || tok.Gloss != "" && lang.IsPunishment(tok.Gloss, l) ||
				v.df[t] == 0 && slices.ContainsFunc(alts, func(a string) bool { return lang.IsPunishment(a, l) }),
		}
		switch {
		case v.df[t] > 0:
			// A name typed in lower case is still a name.
			g.Name = v.IsName(t)
		case len(alts) > 0:
			// Another spelling of a name. (A known word is judged by its
			// own term, not its family's: "count" is no "Council".)
			g.Name = slices.ContainsFunc(alts, v.IsName)
		default:
			g.Name = tok.Name
		}
		if g.Name && !g.Place && len(alts) > 0 {
			df := 0
			for _, a := range alts {
				df = max(df, v.df[a])
			}
			// A person's name is transliterated in the other editions;
			// a capitalised word of a name is translated: "Life" of the
			// New Life church does not make "the meaning of life" a
			// question about someone.
			g.Person = df <= MaxPersonParagraphs && (l != lang.English || x.NamedElsewhere(alts, v)) && !lang.IsPlace(tok.Word)
		}
		g.Weight = x.idf(t)
		if len(g.Alts) == 0 {
			g.Weight *= OOVWeight
		}
		if v.df[t] == 0 && len(g.Alts) > 0 {
			// Another spelling of a known word weighs what the word does.
			g.Weight = 0
			for _, a := range g.Alts {
				g.Weight = max(g.Weight, x.idf(a))
			}
		}
		q.Terms = append(q.Terms, g)
	}
	return q
}

// detailOf is the particular a token asks for (see lang.Detail), when it is
// one of the asking words of its message (all, when asking is nil) and not
// one of the asker's own (see lang.Message.Own).
func detailOf(tok lang.Token, l lang.Language, asking, own map[string]bool) int {
	if asking != nil && !asking[tok.Word] || own[tok.Word] {
		return 0
	}
	return lang.Detail(tok.Word, l)
}

// Asked returns the sentences of a message of several that ask
// something (those ending in a question mark, else the last one), read as
// the message was; ok is false for a message of one sentence or of
// questions only.
func Asked(m lang.Message) (lang.Message, bool) {
	sentences := ingest.Sentences(m.Text)
	if len(sentences) < 2 {
		return m, false
	}
	var asks []string
	for _, s := range sentences {
		if isQuestion(s) {
			asks = append(asks, s)
		}
	}
	switch len(asks) {
	case len(sentences):
		// Every sentence asks: there is no story to leave out.
		return m, false
	case 0:
		asks = sentences[len(sentences)-1:]
	}
	return lang.Read(strings.Join(asks, " "), m.Lang).In(m.Lang), true
}

// isQuestion reports whether a sentence ends in a question mark of any
// script ("?", "？", "؟"), closing brackets and quotes aside.
func isQuestion(s string) bool {
	s = strings.TrimRight(s, " \t)]»\"'”")
	return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？") || strings.HasSuffix(s, "؟")
}
