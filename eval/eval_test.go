package eval

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/rag"
)

// runFile answers every question of an eval file with the offline bot.
func runFile(t *testing.T, path string) []Outcome {
	t.Helper()
	f, err := os.Open(path)
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
	outcomes, err := Run(context.Background(), rag.NewEngine(ix, rag.WithMemory(rag.NewMemory(1000, 4, time.Hour))), qs)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	WriteTable(&table, Summarize(outcomes))
	t.Logf("%s\n%s", path, table.String())
	return outcomes
}

// TestQualityGate fails when the offline bot's answers to the report-worded
// eval set get worse than the floor the project promises: the right
// paragraph in the top three for at least 90% of in-scope questions in
// every language, at least 8 of the 9 out-of-scope questions declined, and
// every answer in the question's language.
func TestQualityGate(t *testing.T) {
	outcomes := runFile(t, "testdata/questions.jsonl")
	for _, s := range Summarize(outcomes) {
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

// realisticFloor is what the offline bot must keep doing, per language, on
// questions worded as people write them in chats (testdata/realistic.jsonl,
// written by people who had not seen the code). The targets are
// wrongly refused ≤ 0.05, cited gold ≥ 0.90, complete ≥ 0.90, facts ≥ 0.85,
// language right 1.00 and no out-of-scope question answered; where the bot
// does not reach them yet the floor is what it does reach, so that no change
// makes it worse (BENCHMARKS.md has the table).
var realisticFloor = map[string]struct {
	refused, citedGold, complete, facts, lang float64
	outAnswered                               int
}{
	"en": {refused: 0.04, citedGold: 0.96, complete: 0.92, facts: 0.94, lang: 1.00, outAnswered: 1},
	"ru": {refused: 0.04, citedGold: 0.95, complete: 0.89, facts: 0.93, lang: 0.98, outAnswered: 1},
	"kk": {refused: 0.05, citedGold: 0.92, complete: 0.87, facts: 0.89, lang: 1.00, outAnswered: 1},
}

// TestRealisticQualityGate fails when answers to questions as people really
// ask them get worse than realisticFloor in any language.
func TestRealisticQualityGate(t *testing.T) {
	for _, s := range Summarize(runFile(t, "testdata/realistic.jsonl")) {
		floor, ok := realisticFloor[s.Lang]
		if !ok {
			continue
		}
		if s.In < 80 || s.Out < 10 {
			t.Errorf("%s: %d in-scope and %d out-of-scope questions, want at least 80 and 10", s.Lang, s.In, s.Out)
		}
		check := func(what string, got, want float64, atMost bool) {
			if atMost && got > want+1e-9 || !atMost && got < want-1e-9 {
				t.Errorf("%s: %s = %.2f, floor %.2f", s.Lang, what, got, want)
			}
		}
		check("wrongly refused", s.RefusedRate(), floor.refused, true)
		check("cited gold", s.CitedGoldRate(), floor.citedGold, false)
		check("complete", s.CompleteRate(), floor.complete, false)
		check("facts", s.FactsRate(), floor.facts, false)
		check("language right", s.LangRate(), floor.lang, false)
		if answered := s.Out - s.Declined; answered > floor.outAnswered {
			t.Errorf("%s: %d out-of-scope questions answered, at most %d", s.Lang, answered, floor.outAnswered)
		}
	}
}

// typedFloor is what the offline bot must keep doing on questions as people
// type them, each set written by someone who had not seen the code or the
// other sets. The typed sets (55 questions in scope and 15 out, one
// language) were used to find what fails; the unseen ones were only
// measured, unseen-mixed (30 in and 5 out in each language) once, after
// every round.
var typedFloor = []struct {
	file, lang    string
	minIn, minOut int
	refused       float64
	outAnswered   int
}{
	{"testdata/typed-en.jsonl", "en", 50, 15, 0.08, 1},
	{"testdata/typed2-en.jsonl", "en", 50, 15, 0.15, 3},
	{"testdata/unseen-en.jsonl", "en", 50, 15, 0.20, 5},
	{"testdata/typed-ru.jsonl", "ru", 50, 15, 0.19, 5},
	{"testdata/typed2-ru.jsonl", "ru", 50, 15, 0.25, 4},
	{"testdata/unseen-ru.jsonl", "ru", 50, 15, 0.10, 5},
	{"testdata/typed-kk.jsonl", "kk", 50, 15, 0.08, 3},
	{"testdata/unseen-kk.jsonl", "kk", 50, 15, 0.19, 3},
	{"testdata/unseen-mixed.jsonl", "en", 30, 5, 0.04, 2},
	{"testdata/unseen-mixed.jsonl", "ru", 30, 5, 0.10, 1},
	{"testdata/unseen-mixed.jsonl", "kk", 30, 5, 0.04, 2},
}

// TestTypedQualityGate fails when more questions as people type them
// ("how long was kozlov behind bars", "gay rights", «лгбт в кз прессуют?»)
// are wrongly refused, or more questions the report cannot answer are
// answered, than typedFloor allows in any set and language.
func TestTypedQualityGate(t *testing.T) {
	summaries := map[string][]Score{}
	for _, f := range typedFloor {
		if summaries[f.file] == nil {
			summaries[f.file] = Summarize(runFile(t, f.file))
		}
		i := slices.IndexFunc(summaries[f.file], func(s Score) bool { return s.Lang == f.lang })
		if i < 0 {
			t.Errorf("%s has no %s questions", f.file, f.lang)
			continue
		}
		s := summaries[f.file][i]
		if s.In < f.minIn || s.Out < f.minOut {
			t.Errorf("%s %s: %d in-scope and %d out-of-scope questions, want at least %d and %d", f.file, f.lang, s.In, s.Out, f.minIn, f.minOut)
		}
		if got := s.RefusedRate(); got > f.refused+1e-9 {
			t.Errorf("%s %s: wrongly refused %.2f, floor %.2f", f.file, f.lang, got, f.refused)
		}
		if answered := s.Out - s.Declined; answered > f.outAnswered {
			t.Errorf("%s %s: %d out-of-scope questions answered, at most %d", f.file, f.lang, answered, f.outAnswered)
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

func (f fixedAsker) AskIn(_ context.Context, _, q string, _ lang.Language) (rag.Answer, error) {
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

// subjectFloor is what the offline bot must keep doing, per set and
// language, on questions about what the report says of its subjects (issue
// 16): written by people who had not seen the code, with out-of-scope
// questions on the report's people and topics, questions about one person
// in legal words dense elsewhere, and follow-ups that keep or change the
// subject. The floors are what it did when the sets were last tuned on
// (BENCHMARKS.md). subject-final and subject-final2, written apart, were
// each measured once and are not gated.
var subjectFloor = map[string]map[string]struct {
	right                    float64
	outAnswered, otherPerson int
}{
	"testdata/subject-dev.jsonl": {
		"en": {right: 0.94, outAnswered: 0, otherPerson: 1},
		"ru": {right: 0.88, outAnswered: 2, otherPerson: 0},
		"kk": {right: 0.90, outAnswered: 2, otherPerson: 0},
	},
	"testdata/subject-dev2.jsonl": {
		"en": {right: 0.80, outAnswered: 4, otherPerson: 1},
		"ru": {right: 0.76, outAnswered: 5, otherPerson: 0},
		"kk": {right: 0.70, outAnswered: 7, otherPerson: 0},
	},
}

// TestSubjectQualityGate fails when more answers on the report's subjects
// are wrong, more questions the report does not answer are answered as if
// it did, or more answers quote another person's paragraph, than
// subjectFloor allows in any set and language.
func TestSubjectQualityGate(t *testing.T) {
	for file, floors := range subjectFloor {
		for _, s := range Summarize(runFile(t, file)) {
			floor, ok := floors[s.Lang]
			if !ok {
				continue
			}
			if s.In+s.Out < 30 {
				t.Errorf("%s %s: %d questions, want at least 30", file, s.Lang, s.In+s.Out)
			}
			if got := s.RightRate(); got < floor.right-1e-9 {
				t.Errorf("%s %s: right %.2f, floor %.2f", file, s.Lang, got, floor.right)
			}
			if answered := s.Out - s.Declined; answered > floor.outAnswered {
				t.Errorf("%s %s: %d questions the report does not answer answered as if it did, at most %d", file, s.Lang, answered, floor.outAnswered)
			}
			if s.OtherPerson > floor.otherPerson {
				t.Errorf("%s %s: %d answers quote another person's paragraph, at most %d", file, s.Lang, s.OtherPerson, floor.otherPerson)
			}
		}
	}
}
