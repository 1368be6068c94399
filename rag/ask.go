package rag

import (
	"slices"

	"reportbot/lang"
	"reportbot/question"
)

// A question has a subject and an ask. The subject is what it names: the
// people, cases and places of the report. The ask is what it wants to know
// of them. A passage about the subject answers the question only if it
// also carries what the ask needs stated in words: the particular it asks
// for (a wife, a home, a winner; see lang.Detail) and, for a question about
// a person's conviction or prison, a word of either. When none does, the
// report covers the subject but not the question, and the bot says so
// rather than quote the subject as if it answered.

// answeredBy reports whether a passage's sentences about the subject, as
// their words and terms, carry the ask: every particular the question asks
// for, and a conviction, sentence or prison when it asks about a person's.
func answeredBy(q question.Question, words, terms map[string]bool) bool {
	if q.Age != 0 && !states(words, q.Lang, q.Age) {
		return false
	}
	for _, g := range q.Terms {
		if g.Detail != 0 && !states(words, q.Lang, g.Detail) {
			return false
		}
	}
	if slices.ContainsFunc(q.Terms, func(g question.Term) bool { return g.Punish }) && len(q.Persons()) > 0 {
		return punishmentIn(terms, q.Lang)
	}
	if len(q.Persons()) == 0 && len(q.Places()) > 0 {
		// What is said of a country must be all that is asked of it:
		// the Russian extradition request does not answer whether
		// journalists were tried in Russia, though «суд» of the court
		// that judged it is «суд» of «судили».
		share, _ := askShareOf(q, terms)
		return share >= 1
	}
	return true
}

// states reports whether a set of words states the particular n.
func states(words map[string]bool, l lang.Language, n int) bool {
	for w := range words {
		if lang.States(w, l, n) {
			return true
		}
	}
	return false
}

// holdsAny reports whether passage d holds a term of any of the groups, by
// the index's postings rather than a set of the passage's terms.
func (ix *Index) holdsAny(groups []question.Term, d int) bool {
	for _, g := range groups {
		for _, a := range g.Alts {
			if ix.bm25.has(a, d) {
				return true
			}
		}
	}
	return false
}

// punishmentIn reports whether a set of terms speaks of a conviction, a
// sentence or a prison.
func punishmentIn(have map[string]bool, l lang.Language) bool {
	for t := range have {
		if lang.IsPunishment(t, l) {
			return true
		}
	}
	return false
}

// aboutSentences returns the positions of passage i's sentences that are
// about the person the question asks about: those that name them, and those
// that go on about them with a pronoun ("He served…" after "Kozlov was
// released"); for a question about no person but a foreign country, those
// that name it ("were journalists tried in Russia?" is not answered by a
// paragraph's other sentences). A question about neither is about every
// sentence.
func (ix *Index) aboutSentences(q question.Question, i int) []int {
	subjects := q.Persons()
	if len(subjects) == 0 {
		subjects = q.Places()
	}
	var out []int
	telling := false
	for si, s := range ix.sentencesOf(i) {
		names := len(subjects) == 0 || anyIn(subjects, termSet(s.terms))
		// What a speaker of the video says is all theirs: the label
		// before the first sentence names them once.
		speaking := ix.passages[i].Spoken && si > 0 && telling && len(out) == si
		telling = names || telling && (s.refers || speaking)
		if telling {
			out = append(out, si)
		}
	}
	return out
}

// aboutText returns the words and the terms of passage i's sentences about
// the subject, the terms with the passage's section title: "Torture" says
// what its paragraphs are about without each sentence saying it.
func (ix *Index) aboutText(q question.Question, i int) (words, terms map[string]bool) {
	words, terms = map[string]bool{}, map[string]bool{}
	for t := range ix.titles[i] {
		terms[t] = true
	}
	sentences := ix.sentencesOf(i)
	for _, si := range ix.aboutSentences(q, i) {
		for _, w := range sentences[si].words {
			words[w] = true
		}
		for _, t := range sentences[si].terms {
			terms[t] = true
		}
	}
	return words, terms
}

// unanswered reports whether the report covers the question's subject but
// not what it asks: no passage among hits (already judged relevant) has
// sentences about the subject that carry the ask. A question about the
// present that asks who or where, of no person ("who is president now?"),
// is never answered by a report on a past year.
func (ix *Index) unanswered(q question.Question, hits []Hit) bool {
	if q.Now && q.WhoWhere && len(q.Persons()) == 0 {
		// "Who is president now?"; but "where is she now?" of a person
		// is answered by where the report leaves her.
		return true
	}
	var answering []int
	for _, h := range ix.subjectHits(q, hits) {
		i := ix.lookup(h.Passage.ID, h.Passage.Lang)
		if words, terms := ix.aboutText(q, i); answeredBy(q, words, terms) {
			answering = append(answering, i)
		}
	}
	return len(answering) == 0 || !ix.hasAnswerOfType(q, answering)
}

// hasAnswerOfType reports whether the passages have, in a sentence about
// the subject that says most of what is asked, an answer of the kind asked
// for: a number for "how many" («сколько», «қанша»), in the unit asked for
// ("how many years" is not answered by 15 days), a name the question does
// not give for "what's the name of…". "The prison official convicted of
// rape" is the one convicted, not the UN subcommittee of the next sentence
// or the journalists of another paragraph, which share only "prison".
func (ix *Index) hasAnswerOfType(q question.Question, passages []int) bool {
	// "Who brought the case?" asks for a name as "what's the name of…"
	// does; "who is Kozlov?" asks nothing more of him than his story.
	asksName := q.AsksName || q.AsksWho && len(q.Persons()) == 0 && slices.ContainsFunc(q.AskTerms(), func(g question.Term) bool {
		return g.Detail == 0 && len(g.Alts) > 0
	})
	if !asksName && !q.AsksNumber && !q.AsksWhen && len(q.Which) == 0 {
		return true
	}
	type at struct{ passage, pos int }
	var about []at
	best, bestCover := 0.0, 0.0
	for _, i := range passages {
		for _, si := range ix.aboutSentences(q, i) {
			about = append(about, at{i, si})
			share, _ := askShare(q, ix.sentencesOf(i)[si])
			best = max(best, share)
			cover, _ := q.Coverage(ix.sentencesOf(i)[si].terms)
			bestCover = max(bestCover, cover)
		}
	}
	// The particulars asked for are judged by answeredBy; here, the
	// words of the ask. When no sentence says any of them in the
	// question's words, any sentence about the subject may hold the
	// answer ("скока дали" of a paragraph that says «приговорил… к трем
	// годам»).
	number, name, when, which := !q.AsksNumber, !asksName, !q.AsksWhen, len(q.Which) == 0
	kind := q.TermsWhere(func(g question.Term) bool { return slices.Contains(q.Which, g.Key) })
	personAsk := len(q.Persons()) > 0 && slices.ContainsFunc(q.AskTerms(), func(g question.Term) bool { return len(g.Alts) > 0 || g.Punish })
	// A thing counted in a word the report does not use ("journos") may
	// be its word in another ("journalists"): only a known one is asked.
	counted := q.TermsWhere(func(g question.Term) bool { return q.Counted != "" && g.Key == q.Counted && len(g.Alts) > 0 })
	for _, a := range about {
		s := ix.sentencesOf(a.passage)[a.pos]
		share, _ := askShare(q, s)
		if share == 0 && best > 0 {
			continue
		}
		// A number in the unit asked is answer enough wherever it says
		// some of the ask ("when was Kozlov released and how many years
		// did he serve?"); a name must be in the sentence that says most
		// of it, for names are in every paragraph.
		number = number || lang.HasNumber(s.text, q.Lang) && (q.Unit == 0 || lang.HasUnit(s.text, q.Lang, q.Unit)) &&
			(len(counted) == 0 || anyIn(counted, termSet(s.terms)))
		name = name || share >= best && ix.namesSomeoneAt(q, a.passage, a.pos)
		// A time must be in a sentence that says much of the question:
		// "December 2012" of Kuramshin's conviction does not say when he
		// gets out.
		// Of a person, every sentence about them is as near: the one that
		// dates the answer must also say something of what is asked
		// ("when was Kuramshin released?" is not dated by his 2012
		// conviction).
		cover, _ := q.Coverage(s.terms)
		when = when || cover >= bestCover*dateShare && (share > 0 || !personAsk) && lang.HasDate(s.text, q.Lang)
		which = which || share >= best && ix.namesOneOf(q, s, kind)
	}
	return number && name && when && which
}

// dateShare is the least share of the question's words, against the
// sentence that holds most of them, that a sentence dating the answer must
// hold: the overview says Kazakhstan "took a rotating seat on the United
// Nations Security Council", undated, and the paragraph that dates it
// says fewer of the question's words.
const dateShare = 0.5

// namesOneOf reports whether a sentence names one of the kind a question
// asks which one of: a capitalised word the question does not have, not a
// month or Kazakhstan, near a word of the kind ("an Astana court", «партии
// «Алга!»»), or a foreign country anywhere in it («Қай елдерде?»:
// «Америка Құрама Штаттары мен Австралия соттарына… бұл елдердің»). A kind
// the sentence has no word for is named, if at all, by any such name but a
// place ("an Astana court" names no publication).
func (ix *Index) namesOneOf(q question.Question, s sentence, kind []question.Term) bool {
	const near = 3
	tokens, names := unaskedNames(q, s.text)
	var at []int
	for n, tok := range tokens {
		if anyIn(kind, map[string]bool{tok.Term: true}) {
			at = append(at, n)
		}
	}
	known := len(at) > 0
	for _, n := range names {
		word := tokens[n].Word
		if lang.IsHome(word) {
			continue
		}
		if known && lang.IsForeignPlace(word) || !known && !lang.IsPlace(word) {
			return true
		}
		for _, k := range at {
			if n != k && n >= k-near && n <= k+near {
				return true
			}
		}
	}
	return false
}

// namesSomeoneAt reports whether sentence si of passage i names someone the
// question does not (see namesSomeoneNew), itself or, when it speaks of
// them by a pronoun or in their own words in the video, in a sentence
// before it: "In July, she was released on parole" answers who was.
func (ix *Index) namesSomeoneAt(q question.Question, i, si int) bool {
	sentences := ix.sentencesOf(i)
	if ix.namesSomeoneNew(q, sentences[si]) {
		return true
	}
	if !sentences[si].refers && !ix.passages[i].Spoken {
		return false
	}
	for _, s := range sentences[:si] {
		if ix.namesSomeoneNew(q, s) {
			return true
		}
	}
	return false
}

// namesSomeoneNew reports whether a sentence names a person the question
// does not: a name in at most question.MaxPersonParagraphs paragraphs (in English,
// one the other editions spell alike, as they do people's and not bodies'
// names), not a place or a month.
func (ix *Index) namesSomeoneNew(q question.Question, s sentence) bool {
	tokens, names := unaskedNames(q, s.text)
	for _, n := range names {
		tok := tokens[n]
		if lang.IsPlace(tok.Word) {
			continue
		}
		if ix.lexicon().IsPerson(tok.Term, q.Lang) {
			return true
		}
	}
	return false
}

// unaskedNames returns a sentence's tokens and the positions of those that
// may name someone or something the question does not: capitalised, not
// the sentence's first word, not a word of the question or next to one
// ("Vadim" of "Vadim Kuramshin"), not a month ("In September…").
func unaskedNames(q question.Question, text string) (tokens []lang.Token, names []int) {
	asked := map[string]bool{}
	for _, g := range q.Terms {
		for _, a := range g.Alts {
			asked[a] = true
		}
		asked[g.Key] = true
	}
	tokens = lang.Tokens(text, q.Lang)
	for n, tok := range tokens {
		if n == 0 && startsWith(text, tok.Word) || !tok.Name || asked[tok.Term] || partOfAsked(tokens, n, asked) ||
			lang.IsMonth(tok.Word, q.Lang) {
			continue
		}
		names = append(names, n)
	}
	return tokens, names
}

// subjectHits returns the passages that may answer a question: for a
// question naming people, every paragraph that names one of them, best
// ranked first (the legal words of another person's paragraph must not
// outrank the name); otherwise the relevant hits.
func (ix *Index) subjectHits(q question.Question, hits []Hit) []Hit {
	persons := q.Persons()
	if len(persons) == 0 {
		var out []Hit
		for _, h := range hits {
			if h.Coverage >= minCoverage {
				out = append(out, h)
			}
		}
		return out
	}
	var out []Hit
	for _, h := range hits {
		if ix.holdsAny(persons, ix.lookup(h.Passage.ID, h.Passage.Lang)) {
			out = append(out, h)
		}
	}
	for _, g := range persons {
		for _, d := range ix.docsWith(g, q) {
			p := ix.passages[d]
			if !slices.ContainsFunc(out, func(h Hit) bool { return h.Passage.ID == p.ID }) {
				h := Hit{Passage: p}
				h.Coverage, h.Matched = q.Coverage(ix.terms[d])
				out = append(out, h)
			}
		}
	}
	// The overview sums up the sections: a person it names has a
	// paragraph of their own, which tells the same with its details.
	told := slices.DeleteFunc(slices.Clone(out), func(h Hit) bool {
		return ix.inOverview(ix.lookup(h.Passage.ID, h.Passage.Lang))
	})
	if len(told) > 0 {
		return told
	}
	return out
}

// askBonus lifts a sentence that says what the question asks of its
// subject: that holds its ask words (a conviction or a prison for any
// word of either), and, for a question that asks for a quantity or a
// punishment, a number.
func askBonus(q question.Question, s sentence) float64 {
	found, quantity := askShare(q, s)
	bonus := 0.5 * found
	if quantity && found > 0 && lang.HasNumber(s.text, q.Lang) {
		bonus += 0.2
	}
	return bonus
}

// askShare returns the weighted share of the question's ask that a
// sentence holds, and whether the question asks for a quantity: a number
// (how many, how long) or a punishment, which a number says.
func askShare(q question.Question, s sentence) (share float64, quantity bool) {
	return askShareOf(q, termSet(s.terms))
}

// askShareOf is askShare for a set of terms.
func askShareOf(q question.Question, have map[string]bool) (share float64, quantity bool) {
	asks := q.AskTerms()
	if len(asks) == 0 {
		return 0, false
	}
	punished := punishmentIn(have, q.Lang)
	var total, found float64
	quantity = q.OneFact
	for _, g := range asks {
		w := max(g.Weight, question.InformativeIDF)
		total += w
		if g.In(have) || g.Punish && punished {
			found += w
		}
		quantity = quantity || g.Punish
	}
	return found / total, quantity
}

// partOfAsked reports whether token n is a capitalised word next to a name
// the question gives: "Vadim" of "Vadim Kuramshin" names no one new.
func partOfAsked(tokens []lang.Token, n int, asked map[string]bool) bool {
	for _, k := range []int{n - 1, n + 1} {
		if k >= 0 && k < len(tokens) && tokens[k].Name && asked[tokens[k].Term] {
			return true
		}
	}
	return false
}

// naming keeps the hits that name one of the question's names, when it has
// any the report uses.
func (ix *Index) naming(q question.Question, hits []Hit) []Hit {
	names := q.Names()
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

// termSet returns terms as a set.
func termSet(terms []string) map[string]bool {
	have := make(map[string]bool, len(terms))
	for _, t := range terms {
		have[t] = true
	}
	return have
}

// anyIn reports whether have holds a term of any of the groups.
func anyIn(groups []question.Term, have map[string]bool) bool {
	for _, g := range groups {
		if g.In(have) {
			return true
		}
	}
	return false
}
