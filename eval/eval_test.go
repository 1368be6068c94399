package eval

import (
	"context"
	"os"
	"strings"
	"testing"

	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/rag"
)

// TestQualityGate fails when the offline bot's answers to the eval set get
// worse than the floor the project promises: the right paragraph in the top
// three for at least 90% of in-scope questions in every language, at least
// 8 of the 9 out-of-scope questions declined, and every answer in the
// question's language.
func TestQualityGate(t *testing.T) {
	f, err := os.Open("testdata/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadQuestions(f)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ingest.Load(corpus.Files)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := rag.Build(context.Background(), ps, rag.NewHashEmbedder(0), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	outcomes, err := Run(context.Background(), rag.NewEngine(ix), qs)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	scores := Summarize(outcomes)
	WriteTable(&table, scores)
	t.Logf("\n%s", table.String())

	for _, s := range scores {
		if s.Lang == "all" {
			if s.Out != 9 || s.Declined < 8 {
				t.Errorf("declined %d of %d out-of-scope questions, want at least 8 of 9", s.Declined, s.Out)
			}
			continue
		}
		if s.In == 0 {
			t.Errorf("%s: no in-scope questions", s.Lang)
		}
		if s.Hit3Rate() < 0.9 {
			t.Errorf("%s: hit@3 = %.2f, want at least 0.90", s.Lang, s.Hit3Rate())
		}
		if s.LangMatch != s.In+s.Out {
			t.Errorf("%s: %d of %d answers in the question's language", s.Lang, s.LangMatch, s.In+s.Out)
		}
	}
	for _, o := range outcomes {
		if o.Question.Scope == "in" && !o.Declined && len(o.Answer.Citations) == 0 {
			t.Errorf("%s: answered without citations", o.Question.ID)
		}
	}
}

func TestReadQuestionsRejectsBadLines(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"not json", `{"id": "a"` + "\n", "line 1"},
		{"bad lang", `{"id":"a","lang":"de","q":"x","scope":"out"}`, `lang "de"`},
		{"bad scope", `{"id":"a","lang":"en","q":"x","scope":"maybe"}`, `scope "maybe"`},
		{"no gold", "\n" + `{"id":"a","lang":"en","q":"x","scope":"in"}`, "line 2: an in-scope question needs gold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadQuestions(strings.NewReader(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

// fixedAsker answers every question with the same answer.
type fixedAsker struct{ a rag.Answer }

func (f fixedAsker) Ask(_ context.Context, q string, _ lang.Language) (rag.Answer, error) {
	a := f.a
	a.Question = q
	return a, nil
}

func TestScoresCountWhatTheUserSees(t *testing.T) {
	gold := "jailed over two dozen people"
	answer := rag.Answer{
		Language: "en", Found: true, Answer: "Authorities jailed people. [1]",
		Citations: []rag.Citation{{N: 1, Original: "x " + gold}},
		Passages:  []rag.PassageRef{{Original: "unrelated"}, {Original: "x " + gold}},
	}
	qs := []Question{
		{ID: "a", Lang: "en", Q: "q", Scope: "in", Gold: []string{gold}},
		{ID: "b", Lang: "en", Q: "q", Scope: "out"},
	}
	out, err := Run(context.Background(), fixedAsker{answer}, qs)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Rank != 2 || !out[0].CitedGold || !out[0].LangMatch {
		t.Errorf("in-scope outcome %+v: want rank 2, cited gold, language match", out[0])
	}
	if out[1].Declined {
		t.Error("an answer with citations counted as a decline")
	}
	s := Summarize(out)[0]
	if s.Hit1 != 0 || s.Hit3 != 1 || s.Declined != 0 || s.Out != 1 {
		t.Errorf("score %+v", s)
	}
}
