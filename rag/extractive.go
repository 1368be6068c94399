package rag

import (
	"fmt"
	"sort"
	"strings"

	"reportbot/ingest"
	"reportbot/lang"
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
)

// extract builds an answer from the best sentences of the top hits, in the
// hits' language, each marked with the number of the passage it quotes.
// hits must already be judged relevant.
func (ix *Index) extract(question string, l lang.Language, hits []Hit) (text string, cited []Hit) {
	weights := ix.termWeights(lang.Terms(question, l))
	need := min(2, informative(weights))
	type cand struct {
		hit, pos int
		text     string
		score    float64
	}
	var cands []cand
	for hi, h := range hits[:min(maxCited, len(hits))] {
		if !h.relevant(need) {
			continue
		}
		for si, s := range ingest.Sentences(h.Passage.Text) {
			// A sentence is judged by its own terms and, less, by its
			// passage's: a sentence that continues its paragraph's topic
			// ("They said…") still counts.
			share, _ := coverage(weights, lang.Terms(s, h.Passage.Lang))
			score := share + 0.3*h.Coverage - 0.05*float64(hi)
			cands = append(cands, cand{hit: hi, pos: si, text: s, score: score})
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	best := cands[0].score
	chosen := cands[:1]
	for _, c := range cands[1:] {
		if len(chosen) == maxSentences || c.score < sentenceKeep*best {
			break
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
