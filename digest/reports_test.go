package digest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"reportbot/corpus/corpustest"
	"reportbot/rag"
	"reportbot/store"
)

// TestThemesAcrossTwoReports plans a week of digests in a corpus of two
// reports that both have an "assembly" section: a subscription kept before
// the second report came ("assembly") gets both reports' sections in turn,
// one that chose the test report's ("vl2017/assembly") gets only that.
func TestThemesAcrossTwoReports(t *testing.T) {
	ps, err := corpustest.Passages()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := rag.Build(context.Background(), ps, rag.NewHashEmbedder(64), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newCatalog(ix)
	for _, tt := range []struct {
		themes []string
		docs   []string // the reports the week's excerpts come from
	}{
		{[]string{"assembly"}, []string{"kz2016", "vl2017"}},
		{[]string{"vl2017/assembly"}, []string{"vl2017"}},
		{[]string{"kz2016/assembly", "media"}, []string{"kz2016", "vl2017"}},
	} {
		sub := store.Subscription{ChatID: 1, Themes: tt.themes, Lang: "en"}
		var docs []string
		for range 7 {
			p, ok := c.next(sub)
			if !ok {
				t.Fatalf("%v: no plan", tt.themes)
			}
			sub.LastTheme, sub.Cycle = p.Theme, p.Cycle
			doc, _, _ := strings.Cut(p.Citation, "-")
			if !slices.Contains(docs, doc) {
				docs = append(docs, doc)
			}
		}
		slices.Sort(docs)
		if !slices.Equal(docs, tt.docs) {
			t.Errorf("themes %v: excerpts from %v, want %v", tt.themes, docs, tt.docs)
		}
	}
}
