package rag

import (
	"context"

	"reportbot/ingest"
	"reportbot/lang"
)

// Cards returns up to k passages to offer as evidence for query, asked in
// language l, as inline mode shows them: each shares at least a word with
// the query, so that a card is never a guess. An empty query gives the
// report's overview, its first section. A failed search returns what it
// could with the error.
func (e *Engine) Cards(ctx context.Context, query string, l lang.Language, k int) ([]ingest.Passage, error) {
	var out []ingest.Passage
	if query == "" {
		if secs := e.index.Sections(l); len(secs) > 0 {
			for _, id := range secs[0].Citations {
				if p, ok := e.index.Passage(id, l); ok && len(out) < k {
					out = append(out, p)
				}
			}
		}
		return out, nil
	}
	hits, err := e.index.Search(ctx, query, l, k)
	for _, h := range hits {
		if h.Coverage > 0 {
			out = append(out, h.Passage)
		}
	}
	return out, err
}
