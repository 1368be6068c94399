package rag

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"reportbot/ingest"
	"reportbot/lang"
)

// minNameStem is how much of a name's skeleton an inflected spelling must
// share with it ("марендтке" with "marendt", «велории» with "veloria").
const minNameStem = 5

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
	v := ix.vocab(r.Lang)
	var out []string
	for _, w := range m.Words {
		if lang.IsStopWord(w) {
			continue
		}
		s := lang.Skeleton(w)
		for skel, terms := range v.bySkel {
			// The name whole, or but its last letter, begins the word.
			if common := commonPrefix(s, skel); len(skel) < minNameStem || common < minNameStem || common < len(skel)-1 {
				continue
			}
			for _, t := range terms {
				if v.isName(t) && ix.inReport(t, r) && !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	slices.Sort(out)
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

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// askUntranslated asks a question of reports with no edition in its
// language, each in its own language, by the names it
// spells. ok is false when it names nothing of theirs or they do not
// answer it.
func (e *Engine) askUntranslated(ctx context.Context, m lang.Message, reports []ingest.Report) (query, []Hit, bool, error) {
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
		q.docs = map[string]bool{r.ID: true}
		hits, err := e.search(ctx, q)
		if err != nil {
			return query{}, nil, false, err
		}
		if e.index.answers(q, hits) {
			return q, hits, true, nil
		}
	}
	return query{}, nil, false, nil
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

// asksParticular reports whether a question asks for one particular
// (when, how many, who, which one, how old), not an account.
func (q query) asksParticular() bool {
	return q.particular || q.asksWhen || q.asksNumber || q.asksWho || q.asksName || len(q.which) > 0 || q.age != 0
}

// in returns the query to be answered in language l: a report with no
// edition in l is searched in its own, but the reply is in l.
func (q query) in(l lang.Language) query {
	q.lang = l
	return q
}
