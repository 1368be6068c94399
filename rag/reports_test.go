package rag

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"reportbot/corpus/corpustest"
	"reportbot/lang"
)

// twoReports builds, once, the index of the shipped chapter beside the
// fictional English-only test report (testdata/reports): a corpus of two
// reports, of events of 2016 and of 2017.
var twoReports = sync.OnceValues(func() (*Index, error) {
	ps, err := corpustest.Passages()
	if err != nil {
		return nil, err
	}
	return Build(context.Background(), ps, NewHashEmbedder(0), "two-reports", nil)
})

// TestSeveralReportsSideBySide asks a corpus of two reports what a reader
// of both would: each question is answered from the report that covers it,
// a year is answered from the report of that year, two years compare the
// reports in year order, and a year neither covers is refused naming the
// years they do.
func TestSeveralReportsSideBySide(t *testing.T) {
	ix, err := twoReports()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(ix)
	if got := ix.Reports(); len(got) != 2 || got[0].ID != "kz2016" || got[1].ID != "vl2017" {
		t.Fatalf("reports %v", got)
	}
	docs := func(cs []Citation) []string {
		var out []string
		for _, c := range cs {
			if !slices.Contains(out, c.Doc) {
				out = append(out, c.Doc)
			}
		}
		return out
	}
	tests := []struct {
		q    string
		docs []string // the reports cited, in order; nil: refused
		has  string
	}{
		{"What happened to Maks Bokaev?", []string{"kz2016"}, "Bokaev"},
		{"What happened to Ilsa Marendt?", []string{"vl2017"}, "Marendt"},
		// The newer report answers only with its own passages, and not
		// about a person it never names: its words on a court do not
		// answer what a court ordered for someone in the older one.
		{"what did the court order for Ulasik", []string{"kz2016"}, "Ulasik"},
		// A year picks its report.
		{"torture in 2016", []string{"kz2016"}, "torture"},
		{"torture in 2017", []string{"vl2017"}, "torture"},
		// Two years compare them, the older first, each under its name.
		{"what changed on torture between 2016 and 2017?", []string{"kz2016", "vl2017"}, "From Annual Review 2018 (events of 2017):"},
		// So do the countries the reports are about.
		{"torture in Kazakhstan compared to Veloria", []string{"kz2016", "vl2017"}, "From World Report 2017 (events of 2016):"},
		// Without a year, the newer report that answers.
		{"What does the report say about torture?", []string{"vl2017"}, "torture"},
		{"What happened in 2020?", nil, "The reports cover events of 2016, 2017"},
		// Compared, each report passes the checks every answer does: one
		// that tells of Kuramshin but not of his release does not answer.
		// A choice between them asks each what it says; which is worse is
		// the reader's judgement, which neither report makes.
		{"where were journalists treated worse, in Kazakhstan or in Veloria?", []string{"kz2016", "vl2017"}, "Police detained 11 journalists"},
		{"When was Kuramshin released, in Kazakhstan or in Veloria?", nil, "does not answer “When was Kuramshin released, in Kazakhstan or in Veloria”"},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), tt.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		got := docs(a.Citations)
		if tt.docs == nil && a.Found || tt.docs != nil && !slices.Equal(got, tt.docs) || !strings.Contains(a.Answer, tt.has) {
			t.Errorf("%q cites %v (found %v), want %v and %q:\n%s", tt.q, got, a.Found, tt.docs, tt.has, a.Answer)
		}
	}
	// A report with no Russian or Kazakh edition is found by the names a
	// question spells in any script and ending, and quoted in English
	// under a line that says so.
	for _, c := range []struct {
		q string
		l lang.Language
	}{
		{"Данел Орвик что с ним сделали в полиции", lang.Russian},
		{"Ильза Марендтке қанша жыл берді?", lang.Kazakh},
		// A theme as the translated chapter titles it: «пытки» is
		// "Torture".
		{"сколько жалоб на пытки получил омбудсмен велории", lang.Russian},
	} {
		a, err := e.AskIn(context.Background(), "", c.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		note := said(t, c.l, "NoTranslation")
		if a.Language != string(c.l) || len(a.Citations) == 0 || a.Citations[0].Doc != "vl2017" || a.Citations[0].Lang != "en" ||
			!strings.HasPrefix(a.Answer, note[:strings.Index(note, "«")]) {
			t.Errorf("%q in %s: %s cites %+v:\n%s", c.q, c.l, a.Language, docs(a.Citations), a.Answer)
		}
	}
	// What it cannot check across languages, a particular such as when,
	// is not answered from it: what it says of her is context.
	if a, _ := e.AskIn(context.Background(), "", "Когда освободили Петру Солване?", lang.English); a.Found || len(a.Related) == 0 || a.Language != "ru" {
		t.Errorf("a 'when' the untranslated report does not say was answered (found %v, %d related):\n%s", a.Found, len(a.Related), a.Answer)
	}
	if a, _ := e.AskIn(context.Background(), "", "что было в Велории в 2012 году?", lang.English); a.Found {
		t.Errorf("a year the untranslated report does not tell of was answered:\n%s", a.Answer)
	}
	// A theme the question names in its own words is bridged by the
	// chapter that has both editions: «протесты» are what its section
	// "assembly" tells of, and Veloria's review has an "assembly" too.
	// The country alone asks for its overview; what no section of the
	// other chapter tells of gets none of its paragraphs that merely name
	// the country.
	for _, c := range []struct{ q, section string }{
		{"что с протестами в Велории?", "assembly"},
		{"Велориядағы журналистер", "media"},
		{"расскажи про Велорию", "overview"},
		{"как наказывают полицейских за насилие в Велории", ""},
	} {
		a, err := e.AskIn(context.Background(), "", c.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case c.section == "" && slices.ContainsFunc(a.Citations, func(ct Citation) bool { return ct.Doc == "vl2017" }):
			t.Errorf("%q was answered by paragraphs that only name the country: %v", c.q, docs(a.Citations))
		case c.section != "" && (len(a.Citations) == 0 || !strings.HasPrefix(a.Citations[0].ID, "vl2017-"+c.section+"-")):
			t.Errorf("%q: first cites %v, want Veloria's %s section:\n%s", c.q, a.Citations, c.section, a.Answer)
		}
	}

	// Each citation names its report in the answer's language.
	a, _ := e.AskIn(context.Background(), "", "Что случилось с Максом Бокаевым?", lang.English)
	if len(a.Citations) == 0 || a.Citations[0].Report != "Human Rights Watch, Всемирный доклад 2017: Казахстан: события 2016 года" {
		t.Errorf("a Russian citation's report: %+v", a.Citations)
	}
}
