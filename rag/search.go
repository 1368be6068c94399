package rag

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"

	chromem "github.com/philippgille/chromem-go"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/question"
)

// rrfK is the constant of reciprocal rank fusion: a passage at rank r of a
// ranking adds 1/(rrfK+r) to its fused score. 60 is the value of the paper
// that introduced it, and it keeps one ranking's top hit from outvoting
// agreement between both.
const rrfK = 60

// coverageBoost re-ranks the fused results by how much of the question each
// passage covers: a passage that holds all the question's rare words is
// lifted over one that two rankings merely agree on. Neighbouring places of
// one ranking differ by about 0.0003 in fused score, so a boost of at most
// 0.003 moves a passage a few places, not across the list. On the eval set
// any value from
// 0.002 to 0.005 gives the same ranking (hit@1 0.78 → 0.89); 0.003 is in the
// middle of that range.
const coverageBoost = 0.003

// candidates is how deep each ranking is read before fusion, per result
// wanted: a citation id appears once per language in the vector ranking.
const candidates = 8

// Hit is one retrieved passage, once per citation id.
type Hit struct {
	// Passage is in the question's language when the corpus has it in that
	// language, else in its original language.
	Passage ingest.Passage
	// Score is the fused reciprocal-rank score: higher is better.
	Score float64
	// Coverage is the share of the question's terms, weighted by their
	// rarity, that the passage contains in the question's language: 1 when
	// it has them all. It says how relevant the passage is, where Score only
	// says how it ranks.
	Coverage float64
	// Matched counts the informative question terms the passage contains.
	Matched int
	// Similarity is the cosine similarity of the passage to the question in
	// the vector ranking (its best language), 0 when it was not ranked there.
	Similarity float64
}

// Search returns up to k passages that best answer question, asked in
// language l, best first, each citation id once.
func (ix *Index) Search(ctx context.Context, question string, l lang.Language, k int) ([]Hit, error) {
	q := ix.analyse(lang.Read(question, l).In(l))
	qv, err := ix.EmbedQuestion(ctx, q.Text)
	if err != nil {
		return nil, err
	}
	return ix.search(ctx, q, qv, k)
}

// EmbedQuestion embeds a question with the embedder the index was built by.
func (ix *Index) EmbedQuestion(ctx context.Context, question string) ([]float32, error) {
	qv, err := ix.embedder.Embed(ctx, []string{question})
	if err != nil {
		return nil, fmt.Errorf("embed question: %w", err)
	}
	return qv[0], nil
}

// search retrieves up to k passages for an analysed question.
func (ix *Index) search(ctx context.Context, q question.Question, qv []float32, k int) ([]Hit, error) {
	if k <= 0 {
		return nil, nil
	}
	var docs []string
	count := 0
	for doc, c := range ix.collections {
		if q.InDocs(doc) {
			docs = append(docs, doc)
			count += c.Count()
		}
	}
	depth := min(k*candidates, count)
	vres, err := ix.vectorSearch(ctx, qv, depth, docs)
	if err != nil {
		return nil, err
	}
	bdepth := depth
	if q.Docs != nil {
		// BM25 ranks every report's passages: deep enough to find
		// those of the reports asked.
		bdepth = len(ix.passages)
	}
	bres := ix.bm25.search(q.Terms, bdepth)
	if q.Docs != nil {
		bres = slices.DeleteFunc(bres, func(r scored) bool { return !q.Docs[ix.passages[r.doc].Doc] })
		bres = bres[:min(depth, len(bres))]
	}

	type fused struct {
		score, sim float64
		bestRank   int
		// Ties of score and best rank come from mirrored ranks; they go
		// to the passage with more of the question's words (the evidence
		// a reader can check in the quote), then to the earlier passage.
		lexRank int
		first   int
	}
	byID := map[string]*fused{}
	get := func(doc int) *fused {
		id := ix.passages[doc].ID
		f, ok := byID[id]
		if !ok {
			f = &fused{bestRank: 1 << 30, lexRank: 1 << 30, first: doc}
			byID[id] = f
		}
		f.first = min(f.first, doc)
		return f
	}
	rank := 0
	seen := map[string]bool{}
	for _, r := range vres {
		id := ix.passages[r.doc].ID
		if seen[id] {
			continue
		}
		seen[id] = true
		rank++
		f := get(r.doc)
		f.score += 1.0 / float64(rrfK+rank)
		f.sim = r.score
		f.bestRank = min(f.bestRank, rank)
	}
	rank = 0
	clear(seen)
	for _, r := range bres {
		id := ix.passages[r.doc].ID
		if seen[id] {
			continue
		}
		seen[id] = true
		rank++
		f := get(r.doc)
		f.score += 1.0 / float64(rrfK+rank)
		f.bestRank = min(f.bestRank, rank)
		f.lexRank = rank
	}

	// Every candidate is judged by how much of the question it holds
	// before the list is cut to k: a passage one ranking puts first must
	// not be cut for ones both rankings merely agree on.
	hits := make([]Hit, 0, len(byID))
	for id, f := range byID {
		i := ix.lookup(id, q.Lang)
		if i < 0 {
			// A passage with no edition in the question's language.
			continue
		}
		h := Hit{Passage: ix.passages[i], Similarity: f.sim}
		h.Coverage, h.Matched = q.CoverageBy(func(t string) bool { return ix.bm25.has(t, i) })
		h.Score = f.score + coverageBoost*h.Coverage
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := byID[hits[i].Passage.ID], byID[hits[j].Passage.ID]
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		if a.bestRank != b.bestRank {
			return a.bestRank < b.bestRank
		}
		if a.lexRank != b.lexRank {
			return a.lexRank < b.lexRank
		}
		return a.first < b.first
	})
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits, nil
}

// tieSlack is how many more vector results than needed are first asked of
// chromem-go, which orders equal similarities by map and goroutine order.
const tieSlack = 16

// vectorSearch returns the depth passages of reports docs most similar
// to qv, most similar first and equal ones in passage order, so that the
// same question always ranks the same way. A nil qv returns nothing.
func (ix *Index) vectorSearch(ctx context.Context, qv []float32, depth int, docs []string) ([]scored, error) {
	if qv == nil || depth <= 0 {
		return nil, nil
	}
	var out []scored
	for _, doc := range docs {
		coll := ix.collections[doc]
		res, err := ix.queryCollection(ctx, coll, qv, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	slices.SortFunc(out, byScoreThenDoc)
	return out[:min(depth, len(out))], nil
}

// queryCollection is vectorSearch in one collection.
func (ix *Index) queryCollection(ctx context.Context, coll *chromem.Collection, qv []float32, depth int) ([]scored, error) {
	count := coll.Count()
	for n := min(depth+tieSlack, count); ; n = min(2*n, count) {
		res, err := coll.QueryEmbedding(ctx, qv, n, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("vector search: %w", err)
		}
		out := make([]scored, 0, len(res))
		for _, r := range res {
			doc, err := strconv.Atoi(r.ID)
			if err != nil || doc < 0 || doc >= len(ix.passages) {
				return nil, fmt.Errorf("vector search: unknown document %q", r.ID)
			}
			out = append(out, scored{doc: doc, score: float64(r.Similarity)})
		}
		slices.SortFunc(out, byScoreThenDoc)
		// When the last result ties with the one at the cut, chromem-go
		// may have left out tied passages that come earlier in the
		// report: ask for more until the cut falls between two scores.
		if len(out) <= depth || n == count || out[len(out)-1].score != out[depth-1].score {
			return out[:min(depth, len(out))], nil
		}
	}
}

func byScoreThenDoc(a, b scored) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return cmp.Compare(a.doc, b.doc)
}
