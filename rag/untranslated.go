package rag

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/question"
)

// untranslated returns the reports that have no edition in language l.
func (ix *Index) untranslated(l lang.Language) []ingest.Report {
	var out []ingest.Report
	for _, r := range ix.reports {
		if _, ok := r.Names[l]; !ok {
			out = append(out, r)
		}
	}
	return out
}

// namesIn returns the names of report r's own edition that a question in
// another language spells, across scripts and endings: «Данел Орвик»,
// «Марендтке» and «Велорияда» are "Danel", "Orvik", "Marendt" and
// "Veloria". Offline, names are what a report with no translation can be
// found by.
func (ix *Index) namesIn(m lang.Message, r ingest.Report) []string {
	var out []string
	for _, t := range ix.vocab(r.Lang).NamesIn(m.Words) {
		if ix.inReport(t, r) {
			out = append(out, t)
		}
	}
	return out
}

// inReport reports whether a term is in a passage of report r's own
// edition.
func (ix *Index) inReport(t string, r ingest.Report) bool {
	for _, p := range ix.bm25.postings[t] {
		if q := ix.passages[p.doc]; q.Doc == r.ID && q.Lang == r.Lang {
			return true
		}
	}
	return false
}

// askUntranslated asks a question of reports with no edition in its
// language, each in its own language, by the names it
// spells. ok is false when it names nothing of theirs or they do not
// answer it.
func (e *Engine) askUntranslated(ctx context.Context, m lang.Message, reports []ingest.Report) (question.Question, []Hit, bool, error) {
	for _, r := range reports {
		names := e.index.namesIn(m, r)
		if len(names) == 0 {
			continue
		}
		// The years it names still have to be found: "Veloria in
		// 2012" is not asked of a report of 2017 by its name alone.
		years := m.Years()
		if slices.ContainsFunc(years, func(y int) bool { return !r.Covers(y) && !e.index.inReport(strconv.Itoa(y), r) }) {
			continue
		}
		for _, y := range years {
			names = append(names, strconv.Itoa(y))
		}
		// The themes it names, in the report's language, as the
		// translated reports title them («пытки»: "Torture").
		names = append(names, e.index.themesIn(m, r.Lang)...)
		own := lang.Read(strings.Join(names, " "), r.Lang).In(r.Lang)
		q := e.index.analyse(own)
		q.Docs = map[string]bool{r.ID: true}
		hits, err := e.search(ctx, q)
		if err != nil {
			return question.Question{}, nil, false, err
		}
		if e.index.answers(q, hits) {
			return q, hits, true, nil
		}
	}
	return question.Question{}, nil, false, nil
}

// themesIn returns, in language to, the titles of the sections whose theme
// a message in another language names: by a section's title or its
// declared theme words in the message's language, in a report that has
// both editions. The corpus's own aligned editions are the dictionary:
// «пытки» is "Torture" because the chapter titles one section both ways.
func (ix *Index) themesIn(m lang.Message, to lang.Language) []string {
	have := map[string]bool{}
	for _, t := range lang.Terms(m.Text, m.Lang) {
		have[t] = true
	}
	type key struct{ doc, section string }
	named, checked := map[key]bool{}, map[key]bool{}
	for _, p := range ix.passages {
		k := key{p.Doc, p.Section}
		if p.Lang != m.Lang || checked[k] {
			continue
		}
		// A section's title and theme words are its first passage's.
		checked[k] = true
		names := append([]string{p.SectionTitle}, p.SectionWords...)
		named[k] = slices.ContainsFunc(names, func(n string) bool {
			terms := lang.Terms(n, p.Lang)
			return len(terms) > 0 && !slices.ContainsFunc(terms, func(t string) bool { return !have[t] })
		})
	}
	var out []string
	for k, ok := range named {
		if !ok {
			continue
		}
		for _, p := range ix.passages {
			if p.Doc == k.doc && p.Section == k.section && p.Lang == to {
				if !slices.Contains(out, p.SectionTitle) {
					out = append(out, p.SectionTitle)
				}
				break
			}
		}
	}
	slices.Sort(out)
	return out
}
