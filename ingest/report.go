package ingest

import (
	"slices"
	"strconv"
	"strings"

	"reportbot/lang"
)

// Report is one document of the corpus as readers name and date it: the
// Human Rights Watch World Report 2017 chapter on Kazakhstan, events of
// 2016. Everything that names or dates "the report" takes it from here,
// so that a corpus of several reports names each right.
type Report struct {
	// ID is the document id (front matter doc), such as "kz2016".
	ID string
	// Lang is the language the report was published in.
	Lang lang.Language
	// Year is the year of publication (front matter year), 0 if unknown.
	Year int
	// Events are the years whose events it covers (front matter events,
	// else the years its title names), in order.
	Events []int
	// Source is the page the report is published on.
	Source string
	// Names are its names in each language it has an edition in.
	Names map[lang.Language]Name
}

// Name is how an edition names its report.
type Name struct {
	// Publisher is "Human Rights Watch"; Title is the report's title
	// ("World Report 2017"); Chapter is the document's own title
	// ("Kazakhstan: Events of 2016"). Publisher and Title may be empty.
	Publisher, Title, Chapter string
}

// String is the name as a citation gives it: "Human Rights Watch, World
// Report 2017: Kazakhstan: Events of 2016".
func (n Name) String() string {
	head := strings.Join(slices.DeleteFunc([]string{n.Publisher, n.Title}, func(s string) bool { return s == "" }), ", ")
	switch {
	case head == "":
		return n.Chapter
	case n.Chapter == "":
		return head
	}
	return head + ": " + n.Chapter
}

// Name returns the report's name in language l, or in its own language
// when it has no edition in l.
func (r Report) Name(l lang.Language) Name {
	if n, ok := r.Names[l]; ok {
		return n
	}
	return r.Names[r.Lang]
}

// Covers reports whether the report tells of the events of year.
func (r Report) Covers(year int) bool { return slices.Contains(r.Events, year) }

// Editions returns the languages the report can be read in, its own first.
func (r Report) Editions() []lang.Language {
	out := []lang.Language{r.Lang}
	for _, l := range lang.All {
		if _, ok := r.Names[l]; ok && l != r.Lang {
			out = append(out, l)
		}
	}
	return out
}

// Reports returns the reports the passages come from, in the order of
// their first passage.
func Reports(passages []Passage) []Report {
	var out []Report
	at := map[string]int{}
	for _, p := range passages {
		i, ok := at[p.Doc]
		if !ok {
			i = len(out)
			at[p.Doc] = i
			out = append(out, Report{ID: p.Doc, Lang: p.OriginalLang, Year: p.Year, Events: p.Events, Names: map[lang.Language]Name{}})
		}
		if _, ok := out[i].Names[p.Lang]; !ok {
			out[i].Names[p.Lang] = Name{Publisher: p.Publisher, Title: p.Report, Chapter: p.Title}
		}
		if p.Lang == p.OriginalLang && out[i].Source == "" {
			out[i].Source = sourceOf(p.URL)
		}
	}
	return out
}

// sourceOf is a paragraph's link without the fragment that scrolls to it.
func sourceOf(url string) string {
	u, _, _ := strings.Cut(url, "#")
	return u
}

// eventYears reads front matter events ("2016", "2015-2016", "2015,
// 2016"), or else the years a title names.
func eventYears(events, title string) ([]int, bool) {
	if strings.TrimSpace(events) == "" {
		return lang.Years(title), true
	}
	var out []int
	for f := range strings.FieldsFuncSeq(events, func(r rune) bool { return r == ',' || r == ' ' }) {
		from, to, isRange := strings.Cut(strings.ReplaceAll(f, "–", "-"), "-")
		a, err := strconv.Atoi(from)
		if err != nil {
			return nil, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(to); err != nil || b < a || b-a > 50 {
				return nil, false
			}
		}
		for y := a; y <= b; y++ {
			if !slices.Contains(out, y) {
				out = append(out, y)
			}
		}
	}
	slices.Sort(out)
	return out, len(out) > 0
}
