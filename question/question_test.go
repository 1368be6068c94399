package question

import (
	"math"
	"slices"
	"testing"

	"reportbot/lang"
)

// veloria is a made-up report's paragraphs: a question is read against
// words no real report holds, so that nothing here can stand for a fact.
var veloria = map[lang.Language][]string{
	lang.English: {
		"In March, a Dravik court sentenced the blogger Danel Orvik to four years in prison for a post about the governor.",
		"Police in Tarsk detained 40 protesters after the fuel price rally and fined most of them.",
		"The parliament of Veloria adopted a law that requires every foreign grant to be registered.",
		"Teachers in Dravik said the ministry threatened them with dismissal for joining a union.",
		"The election commission of Veloria refused to register two opposition parties.",
		"Courts in Veloria rarely acquit defendants, and lawyers say judges follow prosecutors.",
		"Several websites were blocked in Veloria during the autumn.",
		"The ombudsman of Veloria reported that complaints about health care doubled.",
		"Farmers in the north lost their land to a state company without compensation.",
		"Migrant workers from abroad were held in crowded centres near the border.",
	},
	lang.Russian: {
		"В марте суд Дравика приговорил блогера Данела Орвика к четырем годам лишения свободы за пост о губернаторе.",
	},
}

// lexiconOf builds the lexicon of paragraphs the way rag does: terms and
// tokens per language, with BM25 rarity over every paragraph.
func lexiconOf(t *testing.T, paragraphs map[lang.Language][]string, themes map[lang.Language][]Theme) *Lexicon {
	t.Helper()
	vocabs := map[lang.Language]*Vocabulary{}
	df := map[string]int{}
	n := 0
	for l, ps := range paragraphs {
		var terms [][]string
		var tokens [][]lang.Token
		for _, p := range ps {
			ts := lang.Terms(p, l)
			terms = append(terms, ts)
			toks := lang.Tokens(p, l)
			if len(toks) > 0 {
				toks[0].Name, toks[0].Initial = false, true
			}
			tokens = append(tokens, toks)
			seen := map[string]bool{}
			for _, term := range ts {
				if !seen[term] {
					seen[term] = true
					df[term]++
				}
			}
			n++
		}
		vocabs[l] = NewVocabulary(terms, tokens)
	}
	idf := func(term string) float64 {
		d := float64(df[term])
		return math.Log(1 + (float64(n)-d+0.5)/(d+0.5))
	}
	return NewLexicon(vocabs, idf, themes)
}

func termOf(q Question, word string) (Term, bool) {
	key := lang.Terms(word, q.Lang)
	if len(key) != 1 {
		return Term{}, false
	}
	i := slices.IndexFunc(q.Terms, func(g Term) bool { return g.Key == key[0] })
	if i < 0 {
		return Term{}, false
	}
	return q.Terms[i], true
}

func TestReadResolvesWhatPeopleType(t *testing.T) {
	x := lexiconOf(t, veloria, nil)
	tests := []struct {
		name, question string
		l              lang.Language
		word           string // the question's word looked at
		wantAlt        string // an index term it must count as; "" for none
		person         bool
	}{
		{"a name typed with a typo", "what happened to orwik?", lang.English, "orwik", "orvik", true},
		{"a name in lower case", "danel orvik sentence", lang.English, "orvik", "orvik", true},
		{"a place is no person", "protests in tarsk", lang.English, "tarsk", "tarsk", false},
		{"a word the report does not use", "weather in dravik", lang.English, "weather", "", false},
		{"a Russian name in Latin letters", "Orvika posadili?", lang.Russian, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := lang.Read(tt.question, tt.l).In(tt.l)
			q := x.Read(m)
			if tt.word == "" {
				if len(q.Persons()) == 0 {
					t.Fatalf("Read(%q) names no person; terms %+v", tt.question, q.Terms)
				}
				return
			}
			g, ok := termOf(q, tt.word)
			if !ok {
				t.Fatalf("Read(%q) has no term for %q; terms %+v", tt.question, tt.word, q.Terms)
			}
			if tt.wantAlt == "" {
				if len(g.Alts) != 0 {
					t.Errorf("%q counts as %v in a report that never uses it", tt.word, g.Alts)
				}
			} else if !slices.Contains(g.Alts, lang.Terms(tt.wantAlt, tt.l)[0]) {
				t.Errorf("%q counts as %v, want %q among them", tt.word, g.Alts, tt.wantAlt)
			}
			if g.Person != tt.person {
				t.Errorf("%q person = %v, want %v", tt.word, g.Person, tt.person)
			}
		})
	}
}

func TestAWordTheReportNeverUsesWeighsHalf(t *testing.T) {
	x := lexiconOf(t, veloria, nil)
	q := x.Read(lang.Read("weather", lang.English))
	g, ok := termOf(q, "weather")
	if !ok {
		t.Fatal("no term for weather")
	}
	if want := x.idf(g.Key) * OOVWeight; g.Weight != want {
		t.Errorf("weight = %v, want %v", g.Weight, want)
	}
}

func TestWhatAQuestionAsks(t *testing.T) {
	x := lexiconOf(t, veloria, nil)
	tests := []struct {
		question      string
		orphan, only  bool
		persons       int
		wantNoTermFor string
	}{
		// A pronoun stands for someone; it is no word to search for, and
		// a question that only asks of a conviction asks of someone
		// named before it.
		{question: "when was he sentenced?", orphan: true, only: true, wantNoTermFor: "he"},
		// Asking only which one, of nobody named.
		{question: "which prison?", only: true},
		{question: "which prison was Orvik sent to?", persons: 1},
		// What it counts is a subject of its own.
		{question: "how many protesters were detained?"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			m := lang.Read(tt.question, lang.English)
			q := x.Read(m)
			if got := q.OrphanPronoun(m); got != tt.orphan {
				t.Errorf("OrphanPronoun = %v, want %v", got, tt.orphan)
			}
			if got := q.AsksOnly(); got != tt.only {
				t.Errorf("AsksOnly = %v, want %v; terms %+v", got, tt.only, q.Terms)
			}
			if got := len(q.Persons()); got != tt.persons {
				t.Errorf("Persons = %d, want %d", got, tt.persons)
			}
			if tt.wantNoTermFor != "" {
				if _, ok := termOf(q, tt.wantNoTermFor); ok {
					t.Errorf("%q is a term", tt.wantNoTermFor)
				}
			}
		})
	}
}

func TestAThemeNamedThePeoplesWayFindsItsSection(t *testing.T) {
	themes := map[lang.Language][]Theme{lang.English: {{Terms: lang.Terms("trade union", lang.English), Title: "union"}}}
	paragraphs := map[lang.Language][]string{lang.English: append(slices.Clone(veloria[lang.English]), "Union organisers in Veloria were watched.")}
	x := lexiconOf(t, paragraphs, themes)
	q := x.Read(lang.Read("trade union rights", lang.English))
	g, ok := termOf(q, "union")
	if !ok || !slices.Contains(g.Alts, "union") {
		t.Fatalf("union term %+v", g)
	}
	without := lexiconOf(t, paragraphs, nil).Read(lang.Read("trade rights", lang.English))
	if _, ok := termOf(without, "union"); ok {
		t.Fatal("a question without the theme's words got its title")
	}
}

func TestAskedLeavesTheStoryOut(t *testing.T) {
	tests := []struct{ in, want string }{
		{"My brother teaches in Dravik. Are union members watched?", "Are union members watched?"},
		{"Were protesters fined?", "Were protesters fined?"},
		{"My brother teaches in Dravik. He joined a union", "He joined a union"},
	}
	for _, tt := range tests {
		got, _ := Asked(lang.Read(tt.in, lang.English))
		if got.Text != tt.want {
			t.Errorf("Asked(%q) = %q, want %q", tt.in, got.Text, tt.want)
		}
	}
}

func TestNamesInFindsANameAcrossScriptsAndEndings(t *testing.T) {
	x := lexiconOf(t, veloria, nil)
	got := x.Vocabulary(lang.English).NamesIn(lang.Read("Что с Орвиком?", lang.Russian).Words)
	if !slices.Contains(got, "orvik") {
		t.Errorf("NamesIn = %v, want orvik", got)
	}
	if got := x.Vocabulary(lang.English).NamesIn([]string{"погода"}); len(got) != 0 {
		t.Errorf("NamesIn(погода) = %v, want none", got)
	}
}
