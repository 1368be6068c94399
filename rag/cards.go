package rag

import (
	"context"

	"reportbot/ingest"
	"reportbot/lang"
)

// Cards returns up to k passages to offer as evidence for query, as inline
// mode shows them, and the language they are in: the query's as its letters
// and the report's editions tell it (see Engine.Ask), or fallback when
// nothing does. Each card shares at least a word with the
// query, so that a card is never a guess. An empty query, or one asking for
// the report as a whole ("summary"), gives the report's overview, its first
// section. As for a question, a remote embedder that
// fails leaves BM25 to find the cards.
func (e *Engine) Cards(ctx context.Context, query string, fallback lang.Language, k int) ([]ingest.Passage, lang.Language, error) {
	m := lang.Read(query, fallback)
	m = m.In(e.index.lexicon().Language(m))
	l := m.Lang
	var out []ingest.Passage
	q := e.index.analyse(m)
	if len(m.Words) == 0 || !q.HasTopic() && m.AsksForOverview() {
		out = e.index.overview("", l)
		return out[:max(0, min(k, len(out)))], l, nil
	}
	hits, err := e.searchK(ctx, q, k)
	for _, h := range hits {
		if h.Coverage > 0 {
			out = append(out, h.Passage)
		}
	}
	return out, l, err
}
