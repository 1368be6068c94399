package rag

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"reportbot/ingest"
	"reportbot/question"
)

// Extractive answer settings.
const (
	// maxSentences is how many sentences an extractive answer quotes, and
	// maxStorySentences how many when it tells a person's story or sums up
	// a theme over several paragraphs: enough for the whole story, short
	// enough to read on a phone.
	maxSentences      = 3
	maxStorySentences = 6
	// overviewPenalty is what a sentence of the report's overview loses
	// against one of its sections: a little more than a rank.
	overviewPenalty = 0.1
	// maxFactSentences is how many sentences answer a question that asks
	// for one fact of a person ("how long did Kozlov serve?").
	maxFactSentences = 2
	// maxCited is how many of the top passages an answer to a narrow
	// question may quote from, and maxBroad how many a broad one ("what
	// about religion?") may: one key sentence from each.
	maxCited = 3
	maxBroad = 4
	// maxStory is how many paragraphs a name may be in and still be a
	// person or a case whose every paragraph an answer quotes; a name in
	// more is a topic ("UN", "EU").
	maxStory = 4
	// fullCoverage is the share of a question a passage beyond the top few
	// must hold to be quoted too, and fullTerms how many terms the question
	// must have for that to mean anything: two words ("journalists
	// detained") are in many paragraphs that do not answer it.
	fullCoverage = 0.8
	fullTerms    = 3
	// broadTerms is how many terms a question may have and still be
	// broad: a theme named in a word or two.
	broadTerms = 2
	// sentenceKeep is how close to the best sentence's score another must
	// come to be quoted too, so that an answer is never padded with a
	// sentence that barely touches the question.
	sentenceKeep = 0.6
	// maxOverlap is the share of terms two quoted sentences may have in
	// common before the second counts as a repeat of the first.
	maxOverlap = 0.8
)

// overlap is the share of the shorter term list's distinct terms that the
// other has.
func overlap(a, b []string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	have := termSet(b)
	seen := map[string]bool{}
	shared := 0
	for _, t := range a {
		if !seen[t] {
			seen[t] = true
			if have[t] {
				shared++
			}
		}
	}
	if len(seen) == 0 {
		return 0
	}
	return float64(shared) / float64(len(seen))
}

// quote is a sentence chosen for an answer.
type quote struct {
	passage int // index of the passage in ix.passages
	hit     Hit
	pos     int // the sentence's position in its passage
	text    string
	terms   []string
	score   float64
}

// extract builds an answer from the best sentences of the passages that
// answer q, in q's language, each marked with the number of the passage it
// quotes. hits must already be judged relevant.
//
// Which passages: the top hits that cover the question; for a question
// about a person or a case (a name in at most maxStory paragraphs), every
// paragraph that names them, so that "what happened to Bokaev" tells the
// trial as well as the arrest; for a broad question, up to maxBroad
// relevant paragraphs, one key sentence each. The names a question asks
// about anchor the answer: every quoted passage must name one, so that
// "how long were the Mataevs sentenced" is not padded with other people's
// sentences.
//
// The best sentence comes first, so that the answer's first sentence
// answers the question; the rest follow in the report's order, the video
// transcript last. A sentence that starts with a pronoun brings the
// sentence before it, which says who it is about.
func (ix *Index) extract(q question.Question, hits []Hit) (text string, cited []Hit) {
	persons := q.Persons()
	if len(persons) > 0 {
		// A question about a person is answered from their paragraphs
		// only: the legal words of another's ("convicted", «посадили»)
		// must not outrank the name.
		hits = ix.subjectHits(q, hits)
	}
	passages, story := ix.answerPassages(q, hits)
	specific := q.AsksSpecific()
	if len(passages) == 0 {
		return "", nil
	}
	var cands []quote
	for rank, h := range passages {
		i := ix.lookup(h.Passage.ID, h.Passage.Lang)
		about := ix.aboutSentences(q, i)
		summary := ix.inOverview(i)
		for si, s := range ix.sentencesOf(i) {
			if len(persons) > 0 && !slices.Contains(about, si) {
				// Never a sentence about someone else.
				continue
			}
			// A sentence is judged by its own terms and, less, by its
			// passage's: a sentence that continues its paragraph's topic
			// ("They said…") still counts. The one that says what is
			// asked, and for a quantity has a number, comes first.
			share, _ := q.Coverage(s.terms)
			if len(persons) > 0 && len(q.AskTerms()) > 0 {
				// Every sentence left is about the person: what
				// tells them apart is what they say of the ask.
				share, _ = askShare(q, s)
			}
			score := share + 0.3*h.Coverage - 0.05*float64(min(rank, maxCited)) + askBonus(q, s)
			if summary {
				// The overview sums up the sections: the section's own
				// sentence says the same with its details (the date, the
				// sentence), so it goes first.
				score -= overviewPenalty
			}
			cands = append(cands, quote{passage: i, hit: h, pos: si, text: s.text, terms: s.terms, score: score})
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	// A story or a theme is told from every passage, one key sentence
	// each at least.
	spread := story != nil && !specific || broad(q) || len(passages) > maxCited && !specific
	limit := maxSentences
	switch {
	case spread:
		limit = maxStorySentences
	case specific && q.OneFact:
		// One fact: one or two sentences.
		limit = maxFactSentences
	}
	chosen := choose(cands, passages, spread, limit)
	if story != nil {
		// "How long did Kozlov serve?" asks one thing of his story: of
		// the rest, the sentences that say it ("He served…"), not all.
		says := func(s sentence) bool {
			share, _ := askShare(q, s)
			return !specific || share > 0
		}
		chosen = ix.wholeStory(chosen, passages, story, limit, says)
	}
	chosen = ix.withAntecedents(chosen)
	lead := chosen[0]
	rest := chosen[1:]
	sort.SliceStable(rest, func(i, j int) bool {
		a, b := rest[i], rest[j]
		if a.passage != b.passage {
			// The lead's paragraph goes on first: "He served…" must
			// follow Kozlov's release, not Bokaev's arrest.
			if a.passage == lead.passage || b.passage == lead.passage {
				return a.passage == lead.passage
			}
			return reportOrder(ix, a.passage) < reportOrder(ix, b.passage)
		}
		return a.pos < b.pos
	})
	// The lead's antecedent stays before it: "Kozlov was released… He
	// served…", not "He served…".
	ordered := []quote{lead}
	for {
		i := slices.IndexFunc(rest, func(c quote) bool { return c.passage == ordered[0].passage && c.pos == ordered[0].pos-1 })
		if i < 0 {
			break
		}
		ordered = append([]quote{rest[i]}, ordered...)
		rest = slices.Delete(rest, i, i+1)
	}
	ordered = append(ordered, rest...)
	return numbered(ordered)
}

// numbered writes quotes in order, each followed by the number of its
// passage, numbered in order of first use, and returns the passages so
// numbered.
func numbered(quotes []quote) (text string, cited []Hit) {
	num := map[string]int{}
	var b strings.Builder
	for i, c := range quotes {
		n, ok := num[c.hit.Passage.ID]
		if !ok {
			n = len(num) + 1
			num[c.hit.Passage.ID] = n
			cited = append(cited, c.hit)
			if who := speaker(c.hit.Passage); who != "" && !strings.HasPrefix(c.text, who) {
				// A transcript's sentence says who said it: "who called
				// Kazakhstan a country of quiet repression?"
				c.text = who + ": " + c.text
			}
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s [%d]", c.text, n)
	}
	return b.String(), cited
}

// answerPassages returns the passages an answer quotes from, best first,
// and, when they tell a person's or a case's story, the names they tell it
// of.
func (ix *Index) answerPassages(q question.Question, hits []Hit) (out []Hit, story []question.Term) {
	var anchors []question.Term
	persons := q.Persons()
	for i, h := range hits {
		d := ix.lookup(h.Passage.ID, h.Passage.Lang)
		// The question passed the relevance gate on its best passage; the
		// others need the coverage and an anchor, not two shared terms:
		// "Authorities brought charges against Bokaev" answers "What
		// happened to Maks Bokaev?" without "Maks". A paragraph that names
		// the person asked about needs nothing more: the legal words of the
		// question may be other than its own ("jailed" for "guilty").
		if h.Coverage < minCoverage && !ix.holdsAny(persons, d) {
			continue
		}
		have := termSet(ix.terms[d])
		switch {
		case len(out) == 0 && len(persons) > 0:
			// Every person asked about anchors the answer ("what
			// happened to Bokaev and Kozlov?"); the places and bodies
			// named with them do not ("the US on the Mataevs").
			anchors = persons
		case len(out) == 0:
			for _, g := range q.Names() {
				if g.In(have) {
					anchors = append(anchors, g)
				}
			}
		}
		if len(out) > 0 && len(anchors) > 0 && !anyIn(anchors, have) {
			continue
		}
		if i >= maxCited && !broad(q) && (h.Coverage < fullCoverage || len(q.Terms) < fullTerms) {
			// Past the top few, only a passage that holds nearly all of
			// the question is part of its answer: the other paragraphs of
			// a story that names no one ("the land reform protests").
			continue
		}
		out = append(out, h)
		if len(out) == maxBroad {
			break
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	if len(out) > maxCited && len(anchors) == 0 && !broad(q) && (out[maxCited].Coverage < fullCoverage || len(q.Terms) < fullTerms) {
		out = out[:maxCited]
	}
	if broad(q) {
		out = ix.themeFirst(q, out)
	}
	// Every paragraph about the person or case the question names.
	for _, g := range anchors {
		docs := ix.docsWith(g, q)
		if len(docs) > maxStory {
			continue
		}
		story = append(story, g)
		own := slices.ContainsFunc(docs, func(d int) bool { return !ix.inOverview(d) })
		for _, d := range docs {
			p := ix.passages[d]
			if own && ix.inOverview(d) {
				// The overview's mention repeats the story's own
				// paragraph, which has its details.
				continue
			}
			if !slices.ContainsFunc(out, func(h Hit) bool { return h.Passage.ID == p.ID }) {
				h := Hit{Passage: p}
				h.Coverage, h.Matched = q.Coverage(ix.terms[d])
				out = append(out, h)
			}
		}
	}
	return out, story
}

// themeFirst puts first, when a broad question names a section of the
// report ("freedom of expression": "Media Restrictions and Freedom of
// Expression"), that section's paragraphs in the report's order: a theme is
// what its section says. The other passages follow, maxBroad in all.
func (ix *Index) themeFirst(q question.Question, hits []Hit) []Hit {
	var out []Hit
	for i, p := range ix.passages {
		if p.Lang != q.Lang || !q.InDocs(p.Doc) || len(out) == maxBroad || !q.AllIn(ix.titles[i]) {
			continue
		}
		h := Hit{Passage: p}
		h.Coverage, h.Matched = q.Coverage(ix.terms[i])
		out = append(out, h)
	}
	for _, h := range hits {
		if len(out) < maxBroad && !slices.ContainsFunc(out, func(o Hit) bool { return o.Passage.ID == h.Passage.ID }) {
			out = append(out, h)
		}
	}
	return out
}

// broad reports whether a question names a theme rather than asks a
// particular: a word or two and no name ("religion", "свобода слова").
func broad(q question.Question) bool {
	return !q.Particular && len(q.Terms) <= broadTerms && len(q.Names()) == 0
}

// docsWith returns the passages in language l that hold one of a group's
// terms, in the report's order.
func (ix *Index) docsWith(g question.Term, q question.Question) []int {
	var out []int
	for _, t := range g.Alts {
		for _, p := range ix.bm25.postings[t] {
			d := int(p.doc)
			if ix.passages[d].Lang == q.Lang && q.InDocs(ix.passages[d].Doc) && !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	slices.Sort(out)
	return out
}

// choose picks the sentences to quote: the best of all, then when spread
// (a story or a theme) the best sentence of every passage, then any
// sentence close enough to the best, up to limit, never one that repeats a
// chosen one.
func choose(cands []quote, passages []Hit, spread bool, limit int) []quote {
	chosen := []quote{cands[0]}
	repeats := func(c quote) bool {
		for _, d := range chosen {
			// The report's overview repeats its sections; quoting a fact
			// twice adds nothing.
			if (d.passage == c.passage && d.pos == c.pos) || overlap(c.terms, d.terms) >= maxOverlap {
				return true
			}
		}
		return false
	}
	if spread {
		for _, p := range passages {
			for _, c := range cands {
				if c.hit.Passage.ID == p.Passage.ID {
					if len(chosen) < limit && !repeats(c) {
						chosen = append(chosen, c)
					}
					break
				}
			}
		}
	}
	for _, c := range cands[1:] {
		if len(chosen) >= limit || c.score < sentenceKeep*cands[0].score {
			break
		}
		if !repeats(c) {
			chosen = append(chosen, c)
		}
	}
	return chosen
}

// wholeStory adds to the chosen sentences, in each passage of a story, the
// sentences that name its person or case and those that go on about them
// ("At time of writing they were on trial"), those that keep allows, up to
// limit: the reader must not conclude that a case ended where the quote
// did.
func (ix *Index) wholeStory(chosen []quote, passages []Hit, names []question.Term, limit int, keep func(sentence) bool) []quote {
	for _, h := range passages {
		i := ix.lookup(h.Passage.ID, h.Passage.Lang)
		telling := false
		for si, s := range ix.sentencesOf(i) {
			about := anyIn(names, termSet(s.terms))
			telling = about || telling && s.refers
			if !telling || len(chosen) >= limit || !keep(s) {
				continue
			}
			if !slices.ContainsFunc(chosen, func(d quote) bool {
				return d.passage == i && d.pos == si || overlap(s.terms, d.terms) >= maxOverlap
			}) {
				chosen = append(chosen, quote{passage: i, hit: h, pos: si, text: s.text, terms: s.terms})
			}
		}
	}
	return chosen
}

// withAntecedents adds, before each chosen sentence that starts with a
// pronoun ("In July, she was released"), the sentence before it in its
// passage, which names who the pronoun is: an answer must not lose its
// subject.
func (ix *Index) withAntecedents(chosen []quote) []quote {
	out := slices.Clone(chosen)
	// A sentence added as an antecedent may need its own («Осы мәтін
	// жазылып жатқан уақытта оларды…» before «Екеуі де…»), so the list is
	// walked as it grows.
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c.pos == 0 || !ix.sentencesOf(c.passage)[c.pos].opens {
			continue
		}
		if slices.ContainsFunc(out, func(d quote) bool { return d.passage == c.passage && d.pos == c.pos-1 }) {
			continue
		}
		prev := ix.sentencesOf(c.passage)[c.pos-1]
		out = append(out, quote{passage: c.passage, hit: c.hit, pos: c.pos - 1, text: prev.text, terms: prev.terms, score: c.score})
	}
	return out
}

// speaker returns who says a transcript's paragraph (the label before its
// first colon), or "" for the report's own text.
func speaker(p ingest.Passage) string {
	if !p.Spoken {
		return ""
	}
	who, _, ok := strings.Cut(p.Text, ": ")
	if !ok {
		return ""
	}
	return who
}

// reportOrder sorts passages by their place in the report, what a
// transcript's speakers said after the report's own text.
func reportOrder(ix *Index, i int) int {
	if ix.passages[i].Spoken {
		return len(ix.passages) + i
	}
	return i
}
