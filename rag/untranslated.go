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
		// Found by the name of its country alone, it must still be
		// found by what is asked of the country.
		onlySubject := !slices.ContainsFunc(names, func(t string) bool { return !subjectMatches(lang.Skeleton(t), r, r.Lang) })
		themes := e.index.themesIn(m, r.Lang)
		names = append(names, themes...)
		var section string
		if len(themes) == 0 {
			// No theme named the way the corpus names it: the one the
			// question's words are about, if any.
			var topic bool
			var err error
			if section, topic, err = e.sectionAbout(ctx, m, r); err != nil {
				return question.Question{}, nil, false, err
			}
			switch {
			case section == "" && topic && onlySubject:
				// Its paragraphs that name the country are no answer
				// to what was asked of it.
				continue
			case section == "" && onlySubject:
				// The country alone ("Велория?") asks what the report
				// says of it: its overview.
				section = e.index.overviews[r.ID]
			}
			if section != "" {
				names = append(names, e.index.sectionTitle(r, section))
			}
		}
		own := lang.Read(strings.Join(names, " "), r.Lang).In(r.Lang)
		q := e.index.analyse(own)
		q.Docs = map[string]bool{r.ID: true}
		hits, err := e.search(ctx, q)
		if err != nil {
			return question.Question{}, nil, false, err
		}
		if section != "" {
			// Of the section the question's words are about only.
			if in := slices.DeleteFunc(slices.Clone(hits), func(h Hit) bool { return h.Passage.Section != section }); len(in) > 0 {
				hits = in
			}
		}
		if e.index.answers(q, hits) {
			return q, hits, true, nil
		}
	}
	return question.Question{}, nil, false, nil
}

// sectionAbout returns the id of report r's section that a message in a
// language r has no edition in is about, bridged by the reports that have
// both: the message's words, the report's own subject aside, are searched
// in the editions in the message's language, and the section of the
// passage that answers them best is r's too when r has a section of that
// id («протестами»: "assembly", which Veloria's review shares with the
// chapter on Kazakhstan). "" when no passage answers, or r has no such
// section. topic is false when the message has no words to search for
// but r's subject and years.
func (e *Engine) sectionAbout(ctx context.Context, m lang.Message, r ingest.Report) (section string, topic bool, err error) {
	// Of a long message, the sentences that ask; of those, the words
	// that name no report's country and no year, and do not compare.
	if part, ok := question.Asked(m); ok {
		m = part
	}
	q := e.index.analyse(m)
	q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(g question.Term) bool {
		_, err := strconv.Atoi(g.Key)
		return err == nil || lang.IsComparing(g.Key, m.Lang) || slices.ContainsFunc(e.index.reports, func(o ingest.Report) bool {
			return subjectMatches(lang.Skeleton(g.Key), o, m.Lang)
		})
	})
	q.Docs = map[string]bool{}
	for _, o := range e.index.reports {
		if _, ok := o.Names[m.Lang]; ok && o.ID != r.ID {
			q.Docs[o.ID] = true
		}
	}
	if !q.HasTopic() {
		return "", false, nil
	}
	if len(q.Docs) == 0 {
		return "", true, nil
	}
	hits, err := e.search(ctx, q)
	if err != nil || !e.index.answers(q, hits) {
		return "", true, err
	}
	// The passages that answer vote for their sections, the better
	// ranked the more; the overview, which sums up every section, does
	// not vote.
	votes := map[string]float64{}
	best := ""
	for rank, h := range hits {
		if h.Coverage < minCoverage || e.index.inOverview(e.index.lookup(h.Passage.ID, h.Passage.Lang)) {
			continue
		}
		s := h.Passage.Section
		votes[s] += 1 / float64(rank+1)
		if best == "" || votes[s] > votes[best] {
			best = s
		}
	}
	if best != "" && e.index.sectionTitle(r, best) != "" {
		return best, true, nil
	}
	return "", true, nil
}

// sectionTitle returns the title of report r's section id in its own
// language, "" when it has none.
func (ix *Index) sectionTitle(r ingest.Report, section string) string {
	for _, p := range ix.passages {
		if p.Doc == r.ID && p.Lang == r.Lang && p.Section == section {
			return p.SectionTitle
		}
	}
	return ""
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
