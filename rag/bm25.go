package rag

import (
	"math"
	"sort"

	"reportbot/question"
)

// BM25 parameters: the usual k1 and b.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// bm25 is an inverted index of term frequencies with BM25 scoring.
type bm25 struct {
	postings map[string][]posting
	docLen   []float32
	avgLen   float64
}

type posting struct {
	doc int32
	tf  float32
}

func newBM25(docs [][]string) *bm25 {
	ix := &bm25{postings: map[string][]posting{}, docLen: make([]float32, len(docs))}
	var total float64
	for d, terms := range docs {
		ix.docLen[d] = float32(len(terms))
		total += float64(len(terms))
		// Documents come in order, so a term's last posting is this
		// document's when the term was already seen in it.
		for _, t := range terms {
			ps := ix.postings[t]
			if n := len(ps); n > 0 && ps[n-1].doc == int32(d) {
				ps[n-1].tf++
				continue
			}
			ix.postings[t] = append(ps, posting{doc: int32(d), tf: 1})
		}
	}
	if len(docs) > 0 {
		ix.avgLen = total / float64(len(docs))
	}
	return ix
}

// idf is the inverse document frequency of a term; a term no document has
// gets the highest idf there is, so it weighs most in a coverage measure.
func (ix *bm25) idf(term string) float64 {
	n := float64(len(ix.docLen))
	df := float64(len(ix.postings[term]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// has reports whether document d holds term t.
func (ix *bm25) has(t string, d int) bool {
	ps := ix.postings[t]
	i := sort.Search(len(ps), func(i int) bool { return int(ps[i].doc) >= d })
	return i < len(ps) && int(ps[i].doc) == d
}

type scored struct {
	doc   int
	score float64
}

// search returns up to k documents by descending BM25 score for the
// query's term groups; documents without any query term are left out. A
// group adds the score of its best term in a document, so that a word
// matched to several spellings counts once.
func (ix *bm25) search(groups []question.Term, k int) []scored {
	acc := map[int32]float64{}
	best := map[int32]float64{}
	for _, g := range groups {
		clear(best)
		for _, t := range g.Alts {
			idf := ix.idf(t)
			for _, p := range ix.postings[t] {
				norm := 1 - bm25B + bm25B*float64(ix.docLen[p.doc])/ix.avgLen
				tf := float64(p.tf)
				best[p.doc] = max(best[p.doc], idf*tf*(bm25K1+1)/(tf+bm25K1*norm))
			}
		}
		for d, s := range best {
			acc[d] += s
		}
	}
	out := make([]scored, 0, len(acc))
	for d, s := range acc {
		out = append(out, scored{doc: int(d), score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].doc < out[j].doc
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}
