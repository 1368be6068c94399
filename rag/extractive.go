package rag

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Extractive answer settings.
const (
	// maxSentences is how many sentences an extractive answer quotes.
	maxSentences = 3
	// maxCited is how many of the top passages an answer may quote from.
	maxCited = 3
	// sentenceKeep is how close to the best sentence's score another must
	// come to be quoted too, so that an answer is never padded with a
	// sentence that barely touches the question.
	sentenceKeep = 0.6
	// maxOverlap is the share of terms two quoted sentences may have in
	// common before the second counts as a repeat of the first.
	maxOverlap = 0.8
)

// shared returns the terms of a that b has.
func shared(a, b []string) []string {
	out := []string{}
	for _, t := range a {
		if slices.Contains(b, t) {
			out = append(out, t)
		}
	}
	return out
}

// overlap is the share of the shorter term list's distinct terms that the
// other has.
func overlap(a, b []string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	have := make(map[string]bool, len(b))
	for _, t := range b {
		have[t] = true
	}
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

// extract builds an answer from the best sentences of the top hits, in the
// hits' language, each marked with the number of the passage it quotes.
// hits must already be judged relevant.
//
// The names a question asks about anchor the answer: when the first quoted
// passage has some of them, every other quoted passage must have one too, so
// that "how long were the Mataevs sentenced" is not padded with other
// people's sentences that share only "years" and "sentenced".
func (ix *Index) extract(q query, hits []Hit) (text string, cited []Hit) {
	type cand struct {
		hit, pos int
		text     string
		terms    []string
		score    float64
	}
	top := hits[:min(maxCited, len(hits))]
	var anchors []termGroup
	anchored := false
	var cands []cand
	for hi, h := range top {
		// The question passed the relevance gate on its best passage; the
		// others need the coverage and an anchor, not two shared terms:
		// "Authorities brought charges against Bokaev" answers "What
		// happened to Maks Bokaev?" without "Maks".
		if h.Coverage < minCoverage {
			continue
		}
		i := ix.lookup(h.Passage.ID, h.Passage.Lang)
		terms := ix.terms[i]
		have := termSet(terms)
		if !anchored {
			anchored = true
			for _, g := range q.nameGroups() {
				if g.in(have) {
					anchors = append(anchors, g)
				}
			}
		} else if len(anchors) > 0 && !anyIn(anchors, have) {
			continue
		}
		for si, s := range ix.sentencesOf(i) {
			// A sentence is judged by its own terms and, less, by its
			// passage's: a sentence that continues its paragraph's topic
			// ("They said…") still counts.
			share, _ := q.coverage(s.terms)
			score := share + 0.3*h.Coverage - 0.05*float64(hi)
			cands = append(cands, cand{hit: hi, pos: si, text: s.text, terms: s.terms, score: score})
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	chosen := cands[:1]
next:
	for _, c := range cands[1:] {
		if len(chosen) == maxSentences || c.score < sentenceKeep*cands[0].score {
			break
		}
		for _, d := range chosen {
			// The report's overview repeats its sections; quoting a fact
			// twice adds nothing.
			if overlap(c.terms, d.terms) >= maxOverlap {
				continue next
			}
		}
		chosen = append(chosen, c)
	}
	sort.Slice(chosen, func(i, j int) bool {
		if chosen[i].hit != chosen[j].hit {
			return chosen[i].hit < chosen[j].hit
		}
		return chosen[i].pos < chosen[j].pos
	})
	num := map[int]int{}
	var b strings.Builder
	for i, c := range chosen {
		n, ok := num[c.hit]
		if !ok {
			n = len(num) + 1
			num[c.hit] = n
			cited = append(cited, hits[c.hit])
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s [%d]", c.text, n)
	}
	return b.String(), cited
}
