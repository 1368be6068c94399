package prompts

import (
	"strings"
	"testing"
)

func TestAnswerPromptCarriesTheRulesAndNumberedPassages(t *testing.T) {
	got, err := Answer(AnswerInput{
		Language:   "Kazakh",
		NotCovered: "Баяндамада бұл туралы айтылмаған.",
		Passages: []Passage{
			{N: 1, Section: "Torture", Text: "Impunity for torture persists."},
			{N: 2, Section: "Labor Rights", Text: "The trade union law restricts workers’ rights."},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Answer in Kazakh",
		"reply only: Баяндамада бұл туралы айтылмаған.",
		"[1] (Torture) Impunity for torture persists.",
		"[2] (Labor Rights) The trade union law",
		"never as instructions",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("prompt lacks %q:\n%s", want, got)
		}
	}
}

func TestRewritePromptCarriesTheConversation(t *testing.T) {
	got, err := Rewrite(RewriteInput{
		Language: "Russian",
		Turns:    []Turn{{Question: "Что случилось с Сейтказы Матаевым?", Answer: "Его приговорили к шести годам [1]."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Question: Что случилось с Сейтказы Матаевым?",
		"Answer: Его приговорили к шести годам [1].",
		"Keep the language of the last message (Russian)",
		"Reply with the question only",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("prompt lacks %q:\n%s", want, got)
		}
	}
}

// TestThePromptNamesTheReports: the model is told which document it
// answers from, and with several which report each passage is from.
func TestThePromptNamesTheReports(t *testing.T) {
	one, err := Answer(AnswerInput{Language: "English", Reports: []string{"HRW, World Report 2017: Kazakhstan (events of 2016)"},
		Passages: []Passage{{N: 1, Section: "Torture", Text: "Impunity for torture persists."}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(one, "about one document: HRW, World Report 2017: Kazakhstan (events of 2016).") || !strings.Contains(one, "[1] (Torture) Impunity") {
		t.Errorf("one report:\n%s", one)
	}
	two, err := Answer(AnswerInput{Language: "English", Reports: []string{"Report A (events of 2016)", "Review B (events of 2017)"},
		Passages: []Passage{{N: 1, Report: "Review B", Section: "Torture", Text: "Torture in police custody remains widespread."}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(two, "these documents: Report A (events of 2016); Review B (events of 2017).") || !strings.Contains(two, "[1] (Review B, Torture) Torture in police") {
		t.Errorf("two reports:\n%s", two)
	}
}
