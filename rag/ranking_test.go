package rag

import (
	"context"
	"fmt"
	"slices"
	"strings"
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

// TestCardsShareAWordWithTheQuery: inline cards are evidence a user posts
// in a chat, so none may be a passage that merely ranked: each shares a
// word with what was typed, and gibberish gets no card at all.
func TestCardsShareAWordWithTheQuery(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	cards, l, err := e.Cards(ctx, "torture", lang.Russian, 10)
	if err != nil || len(cards) == 0 || l != lang.English {
		t.Fatalf("torture: %d cards in %s, %v", len(cards), l, err)
	}
	for _, p := range cards {
		if !strings.Contains(strings.ToLower(p.Text+" "+p.SectionTitle), "tortur") {
			t.Errorf("card %s does not mention torture: %q", p.ID, p.Text)
		}
	}
	if cards, _, _ := e.Cards(ctx, "xqzvv blorf", lang.English, 10); len(cards) != 0 {
		t.Errorf("gibberish got %d cards, first %s", len(cards), cards[0].ID)
	}
	overview, l, _ := e.Cards(ctx, "", lang.Russian, 10)
	if len(overview) == 0 || overview[0].Lang != lang.Russian || l != lang.Russian {
		t.Errorf("empty query: %d cards in %s, want the overview in Russian", len(overview), l)
	}
	if summary, _, _ := e.Cards(ctx, "summary", lang.English, 10); len(summary) == 0 || summary[0].ID != "kz2016-overview-1" {
		t.Errorf("summary: %d cards, want the overview", len(summary))
	}
	// Latin-script Kazakh is read as Kazakh: cards from the Kazakh edition.
	if cards, l, _ := e.Cards(ctx, "azaptau", lang.English, 10); l != lang.Kazakh || len(cards) == 0 || cards[0].Lang != lang.Kazakh {
		t.Errorf("azaptau: %d cards in %s, want Kazakh ones", len(cards), l)
	}
}
