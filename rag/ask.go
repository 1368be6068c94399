package rag

import (
	"slices"

	"reportbot/lang"
)

// A question has a subject and an ask. The subject is what it names: the
// people, cases and places of the report. The ask is what it wants to know
// of them. A passage about the subject answers the question only if it
// also carries what the ask needs stated in words: the particular it asks
// for (a wife, a home, a winner; see lang.Detail) and, for a question about
// a person's conviction or prison, a word of either. When none does, the
// report covers the subject but not the question, and the bot says so
// rather than quote the subject as if it answered.

// persons returns the question's groups that name a person or a case the
// report tells of.
func (q query) persons() []termGroup {
	return q.groupsWhere(func(g termGroup) bool { return g.person && g.informative() && len(g.alts) > 0 })
}

// answeredBy reports whether a passage's sentences about the subject, as
// their words and terms, carry the ask: every particular the question asks
// for, and a conviction, sentence or prison when it asks about a person's.
func (q query) answeredBy(words, terms map[string]bool) bool {
	if q.age != 0 && !states(words, q.lang, q.age) {
		return false
	}
	for _, g := range q.groups {
		if g.detail != 0 && !states(words, q.lang, g.detail) {
			return false
		}
	}
	if slices.ContainsFunc(q.groups, func(g termGroup) bool { return g.punish }) && len(q.persons()) > 0 {
		return punishmentIn(terms, q.lang)
	}
	if len(q.persons()) == 0 && len(q.places()) > 0 {
		// What is said of a country must be all that is asked of it:
		// the Russian extradition request does not answer whether
		// journalists were tried in Russia, though «суд» of the court
		// that judged it is «суд» of «судили».
		share, _ := q.askShareOf(terms)
		return share >= 1
	}
	return true
}

// places returns the question's groups that name a foreign country the
// report names as where something happened ("in Russia").
func (q query) places() []termGroup {
	return q.groupsWhere(func(g termGroup) bool { return g.where && len(g.alts) > 0 })
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
func (ix *Index) holdsAny(groups []termGroup, d int) bool {
	for _, g := range groups {
		for _, a := range g.alts {
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
func (ix *Index) aboutSentences(q query, i int) []int {
	subjects := q.persons()
	if len(subjects) == 0 {
		subjects = q.places()
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
func (ix *Index) aboutText(q query, i int) (words, terms map[string]bool) {
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
func (ix *Index) unanswered(q query, hits []Hit) bool {
	if q.now && q.whoWhere && len(q.persons()) == 0 {
		// "Who is president now?"; but "where is she now?" of a person
		// is answered by where the report leaves her.
		return true
	}
	var answering []int
	for _, h := range ix.subjectHits(q, hits) {
		i := ix.lookup(h.Passage.ID, h.Passage.Lang)
		if q.answeredBy(ix.aboutText(q, i)) {
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
func (ix *Index) hasAnswerOfType(q query, passages []int) bool {
	// "Who brought the case?" asks for a name as "what's the name of…"
	// does; "who is Kozlov?" asks nothing more of him than his story.
	asksName := q.asksName || q.asksWho && len(q.persons()) == 0 && slices.ContainsFunc(q.askGroups(), func(g termGroup) bool {
		return g.detail == 0 && len(g.alts) > 0
	})
	if !asksName && !q.asksNumber && !q.asksWhen && len(q.which) == 0 {
		return true
	}
	type at struct{ passage, pos int }
	var about []at
	best, bestCover := 0.0, 0.0
	for _, i := range passages {
		for _, si := range ix.aboutSentences(q, i) {
			about = append(about, at{i, si})
			share, _ := q.askShare(ix.sentencesOf(i)[si])
			best = max(best, share)
			cover, _ := q.coverage(ix.sentencesOf(i)[si].terms)
			bestCover = max(bestCover, cover)
		}
	}
	// The particulars asked for are judged by answeredBy; here, the
	// words of the ask. When no sentence says any of them in the
	// question's words, any sentence about the subject may hold the
	// answer ("скока дали" of a paragraph that says «приговорил… к трем
	// годам»).
	number, name, when, which := !q.asksNumber, !asksName, !q.asksWhen, len(q.which) == 0
	kind := q.groupsWhere(func(g termGroup) bool { return slices.Contains(q.which, g.term) })
	personAsk := len(q.persons()) > 0 && slices.ContainsFunc(q.askGroups(), func(g termGroup) bool { return len(g.alts) > 0 || g.punish })
	// A thing counted in a word the report does not use ("journos") may
	// be its word in another ("journalists"): only a known one is asked.
	counted := q.groupsWhere(func(g termGroup) bool { return q.counted != "" && g.term == q.counted && len(g.alts) > 0 })
	for _, a := range about {
		s := ix.sentencesOf(a.passage)[a.pos]
		share, _ := q.askShare(s)
		if share == 0 && best > 0 {
			continue
		}
		// A number in the unit asked is answer enough wherever it says
		// some of the ask ("when was Kozlov released and how many years
		// did he serve?"); a name must be in the sentence that says most
		// of it, for names are in every paragraph.
		number = number || lang.HasNumber(s.text, q.lang) && (q.unit == 0 || lang.HasUnit(s.text, q.lang, q.unit)) &&
			(len(counted) == 0 || anyIn(counted, termSet(s.terms)))
		name = name || share >= best && ix.namesSomeoneAt(q, a.passage, a.pos)
		// A time must be in a sentence that says much of the question:
		// "December 2012" of Kuramshin's conviction does not say when he
		// gets out.
		// Of a person, every sentence about them is as near: the one that
		// dates the answer must also say something of what is asked
		// ("when was Kuramshin released?" is not dated by his 2012
		// conviction).
		cover, _ := q.coverage(s.terms)
		when = when || cover >= bestCover*dateShare && (share > 0 || !personAsk) && lang.HasDate(s.text, q.lang)
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
func (ix *Index) namesOneOf(q query, s sentence, kind []termGroup) bool {
	const near = 3
	tokens, names := q.unaskedNames(s.text)
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
func (ix *Index) namesSomeoneAt(q query, i, si int) bool {
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
// does not: a name in at most maxPersonParagraphs paragraphs (in English,
// one the other editions spell alike, as they do people's and not bodies'
// names), not a place or a month.
func (ix *Index) namesSomeoneNew(q query, s sentence) bool {
	v := ix.vocab(q.lang)
	tokens, names := q.unaskedNames(s.text)
	for _, n := range names {
		tok := tokens[n]
		if lang.IsPlace(tok.Word) {
			continue
		}
		if v.isName(tok.Term) && v.df[tok.Term] <= maxPersonParagraphs && (q.lang != lang.English || ix.namedElsewhere([]string{tok.Term}, v)) {
			return true
		}
	}
	return false
}

// unaskedNames returns a sentence's tokens and the positions of those that
// may name someone or something the question does not: capitalised, not
// the sentence's first word, not a word of the question or next to one
// ("Vadim" of "Vadim Kuramshin"), not a month ("In September…").
func (q query) unaskedNames(text string) (tokens []lang.Token, names []int) {
	asked := map[string]bool{}
	for _, g := range q.groups {
		for _, a := range g.alts {
			asked[a] = true
		}
		asked[g.term] = true
	}
	tokens = lang.Tokens(text, q.lang)
	for n, tok := range tokens {
		if n == 0 && startsWith(text, tok.Word) || !tok.Name || asked[tok.Term] || partOfAsked(tokens, n, asked) ||
			lang.IsMonth(tok.Word, q.lang) {
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
func (ix *Index) subjectHits(q query, hits []Hit) []Hit {
	persons := q.persons()
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
				h.Coverage, h.Matched = q.coverage(ix.terms[d])
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

// asksSpecific reports whether a question about a person asks one thing of
// them ("how long did Kozlov serve?", "was Bokaev convicted?") rather than
// for their story ("what happened to Kozlov after the protests?",
// «Бокаев», "who is Ulasik?", "Mataev and his son"): besides their name it
// asks for one fact, or about their conviction or prison.
func (q query) asksSpecific() bool {
	if len(q.persons()) == 0 {
		return false
	}
	asks := slices.ContainsFunc(q.askGroups(), func(g termGroup) bool { return g.detail == 0 })
	return asks && (q.oneFact || slices.ContainsFunc(q.groups, func(g termGroup) bool { return g.punish }))
}

// askGroups returns the groups of a question that say what it asks of its
// subject: the informative words the report uses that name no one, the
// particulars it asks for, and its words of a conviction or a prison,
// which the report may say in other words.
func (q query) askGroups() []termGroup {
	return q.groupsWhere(func(g termGroup) bool {
		return g.detail != 0 || g.punish || g.informative() && len(g.alts) > 0 && !g.name && !g.place
	})
}

// askBonus lifts a sentence that says what the question asks of its
// subject: that holds its ask words (a conviction or a prison for any
// word of either), and, for a question that asks for a quantity or a
// punishment, a number.
func (q query) askBonus(s sentence) float64 {
	found, quantity := q.askShare(s)
	bonus := 0.5 * found
	if quantity && found > 0 && lang.HasNumber(s.text, q.lang) {
		bonus += 0.2
	}
	return bonus
}

// askShare returns the weighted share of the question's ask that a
// sentence holds, and whether the question asks for a quantity: a number
// (how many, how long) or a punishment, which a number says.
func (q query) askShare(s sentence) (share float64, quantity bool) {
	return q.askShareOf(termSet(s.terms))
}

// askShareOf is askShare for a set of terms.
func (q query) askShareOf(have map[string]bool) (share float64, quantity bool) {
	asks := q.askGroups()
	if len(asks) == 0 {
		return 0, false
	}
	punished := punishmentIn(have, q.lang)
	var total, found float64
	quantity = q.oneFact
	for _, g := range asks {
		w := max(g.weight, informativeIDF)
		total += w
		if g.in(have) || g.punish && punished {
			found += w
		}
		quantity = quantity || g.punish
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
