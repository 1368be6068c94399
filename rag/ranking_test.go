package rag

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"reportbot/ingest"
	"reportbot/lang"
)

// TestEqualPassagesRankInReportOrder: when passages score the same, the
// same question must list them the same way every time, in the order the
// report gives them, so that a user who asks twice sees the same sources.
func TestEqualPassagesRankInReportOrder(t *testing.T) {
	const n = 400
	text := "Prison officials beat detainees, and complaints of torture went unanswered."
	ps := make([]ingest.Passage, n)
	for i := range ps {
		// "p-10" sorts before "p-9": an order by id would show.
		ps[i] = ingest.Passage{
			ID: fmt.Sprintf("p-%d", i+1), Lang: lang.English, OriginalLang: lang.English,
			Title: "Kazakhstan", SectionTitle: "Torture", Text: text, Original: text,
		}
	}
	ix, err := Build(context.Background(), ps, NewHashEmbedder(0), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 12 {
		want = append(want, fmt.Sprintf("p-%d", i+1))
	}
	for try := range 25 {
		hits, err := ix.Search(context.Background(), "torture complaints in prison", lang.English, len(want))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Passage.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("search %d listed %v, want the report's order %v", try+1, got, want)
		}
	}
}

// TestAnswerSaysWhetherTheQuestionToldItsLanguage: the bot lets a chat
// learn its language only from a question that shows one; a bare name or
// number answered in the fallback language must not teach it anything.
func TestAnswerSaysWhetherTheQuestionToldItsLanguage(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		q        string
		detected bool
	}{
		{"Азаптау туралы не айтылған?", true},
		{"Что случилось с Бокаевым?", true},
		{"What happened to Bokayev?", true},
		{"2016", false},
	} {
		a, err := e.Ask(context.Background(), tt.q, lang.Russian)
		if err != nil {
			t.Fatal(err)
		}
		if a.Detected != tt.detected {
			t.Errorf("%q: detected = %v, want %v (answered in %s)", tt.q, a.Detected, tt.detected, a.Language)
		}
	}
}
