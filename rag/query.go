package rag

import (
	"slices"
	"strings"

	"reportbot/lang"
)

// query is a question analysed once, for retrieval, the relevance gate and
// the extractive answer alike: its language and its terms, each resolved
// against the index vocabulary of that language.
type query struct {
	// text is what was analysed: the question without chat wrappers, and
	// in Cyrillic when it was typed in Latin-script Kazakh or Russian.
	text   string
	lang   lang.Language
	groups []termGroup
	// now is true when the question asks about the present ("still",
	// "до сих пор"), which a report on a past year cannot speak to.
	now bool
	// years are the years the question names.
	years []int
	// docs, when set, are the only reports to search (see byReport).
	docs map[string]bool
	// message is what the question was read from.
	message lang.Message
	// particular is true for a question that asks for one fact (how
	// many, when, who), which is never a theme however short.
	particular bool
	// whoWhere is true for a question that asks for a person or a place.
	whoWhere bool
	// oneFact is true for a question that asks for a single fact, not
	// an account (see lang.Message.AsksOneFact).
	oneFact bool
	// asksName and asksNumber are true for a question whose answer is a
	// name ("what's the name of…") or a number ("how many", «қанша»).
	asksName, asksNumber bool
	// unit is the measure a question for a number asks in (see
	// lang.Message.Unit), 0 for none.
	unit int
	// counted is the term of the thing a question for a number counts
	// (see lang.Message.Counted), "" for none.
	counted string
	// asksWhen is true for a question that asks for a time (see
	// lang.Message.AsksWhen).
	asksWhen bool
	// which are the terms of the kind a question asks which one of (see
	// lang.Message.Which): one, or the report's words for it («колонии»:
	// «лишения свободы»); none for a question that asks no such thing.
	which []string
	// age is the particular of age when the question asks how old
	// someone is (see lang.Message.AsksAge), else 0.
	age int
	// asksWho is true for a question that asks for a person (see
	// lang.Message.AsksWho).
	asksWho bool
}

// termGroup is one term of a question with the index terms that count as
// it in the passages of the question's language.
type termGroup struct {
	term string
	// alts are the index terms that match: the term and its word family,
	// or the spellings it was matched to; empty when nothing matches.
	alts []string
	// weight is the term's BM25 idf: rare terms count most.
	weight float64
	// name is true for a capitalised word: what a question is about.
	name bool
	// place is true for a country other than Kazakhstan: a passage that
	// does not name it does not answer the question.
	place bool
	// where is true for a country named as where something happened
	// ("in Russia"; see lang.Message.Located).
	where bool
	// person is true for a name in at most maxPersonParagraphs paragraphs
	// of the question's language: a person or a case, not a city or the UN.
	person bool
	// detail is the particular a word asks for that a paragraph must
	// state in so many words (a wife, a winner; see lang.Detail), 0 for
	// none.
	detail int
	// punish is true for a word of a conviction, a sentence or a prison,
	// any of which a paragraph may say it with (see lang.IsPunishment).
	punish bool
}

// oovWeight scales the weight of a word the report does not use at all.
// Such a word is as often chat the stop lists do not know ("ppl", "deal")
// as the subject of a question the report cannot answer ("weather",
// "tenge"): it counts against a passage, half as much as it would by its
// rarity. Measured with `reportbot eval` on the realistic and held-out
// sets: at 1.0, 12% of held-out questions were wrongly refused; at 0.5, 5%
// (see minCoverage).
const oovWeight = 0.5

// maxPersonParagraphs is how many paragraphs of one language a name may be
// in and still single out a person or case: the report tells of each
// person in one or two ("Kozlov": a section and the overview), of cities
// and organisations in more ("Almaty", "UN").
const maxPersonParagraphs = 2

// informative reports whether a group is rare enough to count as evidence
// that a passage answers the question.
func (g termGroup) informative() bool { return g.weight >= informativeIDF }

// analyse turns a question read in its language into a query.
func (ix *Index) analyse(m lang.Message) query {
	text, l := m.Text, m.Lang
	q := query{message: m, text: text, lang: l, now: m.AsksAboutNow(), years: m.Years(), particular: m.AsksParticular(), whoWhere: m.AsksWhoOrWhere(), oneFact: m.AsksOneFact(),
		asksName: m.AsksName(), asksNumber: m.AsksQuantity(), unit: m.Unit(), asksWhen: m.AsksWhen(), asksWho: m.AsksWho(), age: m.AsksAge()}
	counted, which := m.Counted(), m.Which()
	v := ix.vocab(l)
	seen := map[string]bool{}
	measures := m.Measures()
	// A particular asked for is in the question, not in the story told
	// before it ("my brother is in a union… are union leaders watched?").
	var asking map[string]bool
	if part, ok := questionPart(m); ok {
		asking = termSet(part.Words)
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
		if len(v.resolve(tok, l)) == 0 && len(glossed) > 1 {
			if tok.Word == which {
				for _, g := range glossed {
					q.which = append(q.which, g.Term)
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
			if ix.bm25.idf(g.Term) > ix.bm25.idf(best.Term) {
				best = g
			}
		}
		tok.Gloss = best.Term
		tokens = append(tokens, tok)
	}
	tokens = ix.withThemes(tokens, l)
	for _, tok := range tokens {
		t := tok.Term
		if seen[t] {
			continue
		}
		seen[t] = true
		alts := v.resolve(tok, l)
		if tok.Gloss != "" {
			// A word the report uses, with the report's other word for it
			// ("jailed", "prison").
			alts = union(alts, v.resolve(lang.Token{Word: tok.Gloss, Term: tok.Gloss}, l))
		}
		if tok.Word == counted {
			q.counted = t
		}
		if tok.Word == which {
			q.which = append(q.which, t)
		}
		g := termGroup{
			term: t, alts: alts, place: lang.IsForeignPlace(tok.Word), where: located[tok.Word],
			detail: detailOf(tok, l, asking, own),
			// «турмеде», typed without Kazakh letters, is «түрме» of the
			// report, a prison; but «үкімет» is no «үкім», though they
			// are of one family.
			punish: lang.IsPunishment(t, l) || tok.Gloss != "" && lang.IsPunishment(tok.Gloss, l) ||
				v.df[t] == 0 && slices.ContainsFunc(alts, func(a string) bool { return lang.IsPunishment(a, l) }),
		}
		switch {
		case v.df[t] > 0:
			// A name typed in lower case is still a name.
			g.name = v.isName(t)
		case len(alts) > 0:
			// Another spelling of a name. (A known word is judged by its
			// own term, not its family's: "count" is no "Council".)
			g.name = slices.ContainsFunc(alts, v.isName)
		default:
			g.name = tok.Name
		}
		if g.name && !g.place && len(alts) > 0 {
			df := 0
			for _, a := range alts {
				df = max(df, v.df[a])
			}
			// A person's name is transliterated in the other editions;
			// a capitalised word of a name is translated: "Life" of the
			// New Life church does not make "the meaning of life" a
			// question about someone.
			g.person = df <= maxPersonParagraphs && (l != lang.English || ix.namedElsewhere(alts, v)) && !lang.IsPlace(tok.Word)
		}
		g.weight = ix.bm25.idf(t)
		if len(g.alts) == 0 {
			g.weight *= oovWeight
		}
		if v.df[t] == 0 && len(g.alts) > 0 {
			// Another spelling of a known word weighs what the word does.
			g.weight = 0
			for _, a := range g.alts {
				g.weight = max(g.weight, ix.bm25.idf(a))
			}
		}
		q.groups = append(q.groups, g)
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

// withContext returns q with the terms of the whole message that the report
// uses and q lacks: the story around a question may name what its pronouns
// stand for, while the story's other words are about the asker.
func (q query) withContext(whole query) query {
	q.groups = slices.Clone(q.groups)
	for _, g := range whole.groups {
		if len(g.alts) > 0 && !slices.ContainsFunc(q.groups, func(h termGroup) bool { return h.term == g.term }) {
			q.groups = append(q.groups, g)
		}
	}
	return q
}

// hasTopic reports whether the question names anything the report could
// be searched for: an informative term ("the gist of the 2016 chapter" has
// only the year, which every paragraph shares).
func (q query) hasTopic() bool {
	return slices.ContainsFunc(q.groups, termGroup.informative)
}

// asksOnly reports whether a question asks something of no subject of its
// own: it names no one and its words the report uses only ask (a
// particular, a conviction or a prison, which one of a kind): "kazir kaida
// turady?", "which prison?", «посадили?». After another question it asks
// of that one's subject. What it counts is a subject: "how many
// journalists were detained?".
func (q query) asksOnly() bool {
	asks := slices.ContainsFunc(q.groups, func(g termGroup) bool {
		return g.detail != 0 || g.punish || slices.Contains(q.which, g.term)
	})
	if !asks || len(q.nameGroups()) > 0 {
		return false
	}
	return !slices.ContainsFunc(q.groups, func(g termGroup) bool {
		return g.informative() && len(g.alts) > 0 && g.detail == 0 && !g.punish && !slices.Contains(q.which, g.term)
	})
}

// orphanPronoun reports whether a question read alone refers with a
// pronoun to someone it does not name, and has no more than one term of
// its own to say who: «а за что его судили?», "when was he freed?". Its
// one word may match anyone's paragraph; the pronoun stands for nobody the
// bot knows. A question with a subject of its own ("the NGO law, when was
// it adopted?") has two.
func (q query) orphanPronoun(m lang.Message) bool {
	if !m.Refers() || len(q.nameGroups()) > 0 {
		return false
	}
	n := 0
	for _, g := range q.groups {
		if g.informative() {
			n++
		}
	}
	return n <= 1
}

// need is how many informative terms a passage must share with the
// question to answer it: two when the question has two, so that one shared
// word ("France" in "What is the capital of France?") is no evidence. A
// name the report uses counts as two (see coverage).
func (q query) need() int {
	n := 0
	for _, g := range q.groups {
		if g.informative() {
			n++
		}
	}
	return min(2, n)
}

// coverage returns the weighted share of the query's terms that terms
// hold, and how many informative ones they hold.
func (q query) coverage(terms []string) (share float64, matched int) {
	have := make(map[string]bool, len(terms))
	for _, t := range terms {
		have[t] = true
	}
	return q.coverageBy(func(t string) bool { return have[t] })
}

// coverageBy is coverage with the passage's terms known by has.
func (q query) coverageBy(has func(term string) bool) (share float64, matched int) {
	var total, found float64
	for _, g := range q.groups {
		total += g.weight
		if slices.ContainsFunc(g.alts, has) {
			found += g.weight
			switch {
			case g.person && g.informative():
				// The name of a person or case is evidence enough:
				// "курамшину сколько лет дали" shares only "Курамшин"
				// with its paragraph, and no other paragraph has him.
				// A city or an organisation is not ("weather in Almaty").
				matched += 2
			case g.informative():
				matched++
			}
		}
	}
	if total == 0 {
		return 0, 0
	}
	return found / total, matched
}

// in reports whether a set of terms holds one of the group's.
func (g termGroup) in(have map[string]bool) bool {
	for _, a := range g.alts {
		if have[a] {
			return true
		}
	}
	return false
}

// nameGroups returns the groups of the names the question asks about.
func (q query) nameGroups() []termGroup {
	return q.groupsWhere(func(g termGroup) bool { return g.name && len(g.alts) > 0 })
}

// groupsWhere returns the question's groups for which keep is true.
func (q query) groupsWhere(keep func(termGroup) bool) []termGroup {
	var out []termGroup
	for _, g := range q.groups {
		if keep(g) {
			out = append(out, g)
		}
	}
	return out
}

// termSet returns terms as a set.
func termSet(terms []string) map[string]bool {
	have := make(map[string]bool, len(terms))
	for _, t := range terms {
		have[t] = true
	}
	return have
}

// anyIn reports whether have holds a term of any of the groups.
func anyIn(groups []termGroup, have map[string]bool) bool {
	for _, g := range groups {
		if g.in(have) {
			return true
		}
	}
	return false
}

// allIn reports whether terms hold every term of the question that the
// report uses.
func (q query) allIn(have map[string]bool) bool {
	n := 0
	for _, g := range q.groups {
		if len(g.alts) == 0 {
			continue
		}
		if !g.in(have) {
			return false
		}
		n++
	}
	return n > 0
}

// placesIn reports whether terms name every foreign country the question
// names; a country the report never names is in no passage.
func (q query) placesIn(have map[string]bool) bool {
	for _, g := range q.groups {
		if g.place && !g.in(have) {
			return false
		}
	}
	return true
}

// language settles a question's language where its letters cannot, by the
// editions that have its words: a Cyrillic question with no Kazakh letter
// and no word only one language has ("азаптау" typed alone), or a Latin one
// with no English word ("azaptau", "pytki"), is in the language whose
// edition has its words. A function word says more than any vocabulary: a
// question with one is left as Detect read it.
func (ix *Index) language(m lang.Message) lang.Language {
	switch {
	case m.Lang == lang.Russian && !slices.ContainsFunc(m.Words, lang.HasKazakhLetters):
		if ix.editionVotes(m.Words, nil) > 0 {
			return lang.Kazakh
		}
	case m.Lang == lang.Kazakh && !m.Detected && len(m.Words) > 0:
		// Cyrillic with nothing of either language, read as the
		// reader's Kazakh: an edition that has only its Russian words
		// («пытки») says otherwise.
		if ix.editionVotes(m.Words, nil) < 0 {
			return lang.Russian
		}
	case m.Lang == lang.English && m.Detected:
		switch votes := ix.editionVotes(m.Words, ix.vocab(lang.English)); {
		case votes > 0:
			return lang.Kazakh
		case votes < 0:
			return lang.Russian
		}
	}
	return m.Lang
}

// editionVotes counts the words only the Kazakh edition has less those only
// the Russian one has, leaving out names, which both editions have, each
// spelled its own way. It is 0 when any word is a function word. For a
// message in Latin letters english is the English vocabulary, and a word
// it holds also makes it 0 ("torture" is English whatever Kazakh or Russian
// word shares its skeleton); for a Cyrillic one english is nil.
func (ix *Index) editionVotes(words []string, english *vocab) int {
	ru, kk := ix.vocab(lang.Russian), ix.vocab(lang.Kazakh)
	latin := english != nil
	votes := 0
	for _, w := range words {
		switch {
		case latin && lang.IsEnglishFunctionWord(w):
			return 0
		case latin && (lang.IsStopWord(w) || strings.ContainsAny(w, "0123456789")):
			// Neither a number nor "kazakhstan" tells English from a
			// transliteration.
			continue
		case lang.IsStopWord(w):
			return 0
		}
		s := lang.Skeleton(w)
		if slices.ContainsFunc(kk.bySkel[s], kk.isName) || slices.ContainsFunc(ru.bySkel[s], ru.isName) {
			continue
		}
		if latin && len(english.bySkel[s]) > 0 {
			return 0
		}
		inRu, inKk := len(ru.bySkel[s]) > 0, len(kk.bySkel[s]) > 0
		switch {
		case inKk && !inRu:
			votes++
		case inRu && !inKk:
			votes--
		}
	}
	return votes
}

// namedElsewhere reports whether the words of terms (of the English
// vocabulary v) are names in another edition too, spelled alike in its
// script, or whether there is no other edition to tell by.
func (ix *Index) namedElsewhere(terms []string, v *vocab) bool {
	others := 0
	for _, l := range []lang.Language{lang.Russian, lang.Kazakh} {
		o := ix.vocab(l)
		if len(o.df) == 0 {
			continue
		}
		others++
		for _, t := range terms {
			for _, w := range v.words[t] {
				if slices.ContainsFunc(o.bySkel[lang.Skeleton(w)], o.isName) {
					return true
				}
			}
		}
	}
	return others == 0
}

// names returns the names an earlier answer speaks of, as its words: the
// people and cases a follow-up's pronoun may refer to.
func (ix *Index) names(text string, l lang.Language) []string {
	v := ix.vocab(l)
	var out []string
	for _, tok := range lang.Tokens(text, l) {
		if tok.Name && v.isName(tok.Term) && !slices.Contains(out, tok.Word) {
			out = append(out, tok.Word)
		}
	}
	return out
}

// nameWords returns the words of a text that are names the report uses,
// however they are typed ("козлова", "bokayev"): what a pronoun after it
// may stand for.
func (ix *Index) nameWords(text string, l lang.Language) []string {
	v := ix.vocab(l)
	m := lang.Read(text, l).In(l)
	var out []string
	for _, tok := range lang.Tokens(m.Text, l) {
		if slices.ContainsFunc(v.resolve(tok, l), v.isName) && !slices.Contains(out, tok.Word) {
			out = append(out, tok.Word)
		}
	}
	return out
}

// naming keeps the hits that name one of the question's names, when it has
// any the report uses.
func (ix *Index) naming(q query, hits []Hit) []Hit {
	names := q.nameGroups()
	if len(names) == 0 {
		return hits
	}
	var out []Hit
	for _, h := range hits {
		if anyIn(names, termSet(ix.terms[ix.lookup(h.Passage.ID, h.Passage.Lang)])) {
			out = append(out, h)
		}
	}
	return out
}
