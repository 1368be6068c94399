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

// byEvents sorts reports by the years they cover, oldest first; a report
// that names no year goes first.
func byEvents(rs []ingest.Report) []ingest.Report {
	slices.SortStableFunc(rs, func(a, b ingest.Report) int { return lastEvent(a) - lastEvent(b) })
	return rs
}

func lastEvent(r ingest.Report) int {
	if len(r.Events) == 0 {
		return 0
	}
	return r.Events[len(r.Events)-1]
}

// newest is the report with the latest events, or a zero Report.
func (ix *Index) newest() ingest.Report {
	if len(ix.reports) == 0 {
		return ingest.Report{}
	}
	return ix.reports[len(ix.reports)-1]
}

// covered returns the years the reports cover, written out ("2016", "2016,
// 2017").
func (ix *Index) covered() string {
	var years []string
	for _, r := range ix.reports {
		for _, y := range r.Events {
			years = append(years, strconv.Itoa(y))
		}
	}
	return strings.Join(slices.Compact(years), ", ")
}

// beyond returns a year the question names that no report can speak of:
// one after the year after the newest events any report covers (a report
// tells of earlier years, not of later ones), or 0.
func (ix *Index) beyond(q question.Question) int {
	last := lastEvent(ix.newest())
	for _, y := range q.Years {
		if last > 0 && y > last+1 && !slices.ContainsFunc(ix.reports, func(r ingest.Report) bool { return r.Covers(y) }) {
			return y
		}
	}
	return 0
}

// asked is a question as put to some of the reports, with the passages
// found in them.
type asked struct {
	q    question.Question
	hits []Hit
}

// byReport returns the passages a question is about, one group per
// report it is about, in the order of the reports' events:
//   - of each report covering a year it names ("torture in 2017") or
//     whose country it names ("in Veloria"), the passages found searching
//     that report alone (by names and themes where it has no edition in
//     the question's language);
//   - else, of the reports hits come from, the newest whose passages
//     answer the question on their own;
//   - else hits as they are.
//
// With one report it is hits as they are.
func (e *Engine) byReport(ctx context.Context, q question.Question, hits []Hit) ([]asked, error) {
	ix := e.index
	if len(ix.reports) < 2 {
		return []asked{{q, hits}}, nil
	}
	// Asked of several years, "what changed" is asked of each.
	comparing := map[string]bool{}
	for _, tok := range lang.Tokens(q.Text, q.Lang) {
		if lang.IsComparing(tok.Word, q.Lang) {
			comparing[tok.Term] = true
		}
	}
	var dated []asked
	named := ix.named(q)
	// "Where was it harder for journalists, A or B?" is not asked of
	// A's report as "where": what each report says is the answer, and
	// which is harder is for the reader to judge.
	choice := len(named) > 1 && slices.ContainsFunc(q.Message.Words, func(w string) bool { return lang.IsChoosing(w, q.Lang) })
	for _, r := range ix.reports {
		if !slices.ContainsFunc(q.Years, r.Covers) && !slices.Contains(named, r.ID) {
			continue
		}
		// Put to the report of its year, the year is no longer a word
		// to find: all of the report is of it.
		in := q
		in.Docs = map[string]bool{r.ID: true}
		// The years that choose the reports compared choose no
		// passages within them.
		choosing := func(y int) bool {
			return slices.ContainsFunc(ix.reports, func(o ingest.Report) bool { return o.Covers(y) })
		}
		in.Years = slices.DeleteFunc(slices.Clone(q.Years), choosing)
		in.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(g question.Term) bool {
			y, err := strconv.Atoi(g.Key)
			// Of a choice, the kind chosen ("which government") and the
			// words no report uses ("harsher", «қиынырақ») are the
			// reader's judgement, not what a report is asked.
			return err == nil && choosing(y) || comparing[g.Key] || ix.namesOther(g.Key, r, q.Lang) ||
				choice && (slices.Contains(q.Which, g.Key) || len(g.Alts) == 0)
		})
		found, err := e.search(ctx, in)
		if err != nil {
			return nil, err
		}
		if _, ok := r.Names[q.Lang]; !ok {
			// Not in the question's language: found by its names.
			if uq, uh, ok, err := e.askUntranslated(ctx, q.Message, []ingest.Report{r}); err != nil {
				return nil, err
			} else if ok {
				in, found = uq, uh
			}
		}
		if choice {
			// The choice is of a place (where, which country or
			// report); a person, a date or a number asked for is still
			// asked of each report.
			in.Which, in.WhoWhere = nil, q.AsksWho
		}
		if len(found) > 0 {
			dated = append(dated, asked{in, found})
		}
	}
	if len(dated) > 0 {
		return dated, nil
	}
	for i := len(ix.reports) - 1; i >= 0; i-- {
		var g []Hit
		for _, h := range hits {
			if h.Passage.Doc == ix.reports[i].ID {
				g = append(g, h)
			}
		}
		// Judged within the report: a person's paragraph in another
		// report must not make this one's passages an answer, nor its
		// words on a court make it an answer about someone it never
		// names.
		in := q
		in.Docs = map[string]bool{ix.reports[i].ID: true}
		if len(g) > 0 && ix.answers(in, g) && (len(in.Persons()) == 0 || len(ix.naming(in, g)) > 0) {
			return []asked{{in, g}}, nil
		}
	}
	return []asked{{q, hits}}, nil
}

// yearsOf writes out the years a report covers ("2016", "2015, 2016"), or
// "" when it names none.
func yearsOf(r ingest.Report) string {
	var years []string
	for _, y := range r.Events {
		years = append(years, strconv.Itoa(y))
	}
	return strings.Join(years, ", ")
}

// compare answers a question that names the years of several reports
// ("torture in 2016 and 2017?"): each report's own answer under its name,
// in the order of the years, numbered as one answer. A report that does
// not answer says so under its name, as does one whose passages speak of
// the subject but not of what is asked, the checks every answer passes.
func (e *Engine) compare(a Answer, q question.Question, groups []asked) Answer {
	var parts []string
	var all []Hit
	a.Citations = a.Citations[:0]
	for _, g := range groups {
		r, _ := e.index.report(g.hits[0].Passage.Doc)
		// Short: each source line names the report in full.
		short := r.Name(q.Lang).Title
		if short == "" {
			short = r.Name(q.Lang).Chapter
		}
		head := e.say(q.Lang, "FromReport", map[string]any{"Report": short, "Events": yearsOf(r)})
		// Asked in its own language, a report with no edition in the
		// question's cannot be checked for a particular (see AskStream).
		unchecked := g.q.Lang != q.Lang && q.AsksParticular() && q.Unit == 0
		var text string
		var cited []Hit
		covers := e.index.answers(g.q, g.hits)
		if covers && !unchecked && !e.index.unanswered(g.q, g.hits) {
			text, cited = e.index.extract(g.q, g.hits)
		}
		switch {
		case len(cited) > 0:
		case covers:
			// It speaks of the subject, not of what is asked.
			parts = append(parts, head, e.say(q.Lang, "NotSaid", map[string]any{"Question": shortQuestion(lang.StripChatter(a.Question))}))
			continue
		default:
			parts = append(parts, head, e.say(q.Lang, "NotFound", map[string]any{"Report": quoteName(short, q.Lang)}))
			continue
		}
		offset := len(a.Citations)
		for i, h := range cited {
			a.Citations = append(a.Citations, citation(offset+i+1, h))
		}
		text = markerRe.ReplaceAllStringFunc(text, func(m string) string {
			var ns []string
			for f := range strings.SplitSeq(m[1:len(m)-1], ",") {
				n, _ := strconv.Atoi(strings.TrimSpace(f))
				ns = append(ns, strconv.Itoa(n+offset))
			}
			return "[" + strings.Join(ns, ", ") + "]"
		})
		parts = append(parts, head, text)
		all = append(all, cited...)
	}
	a.Found = len(a.Citations) > 0
	a.Mode = ModeExtractive
	a.Answer = joinNonEmpty("\n\n", strings.Join(parts, "\n\n"), e.translationNote(q.Lang, all))
	return a
}

// report returns the report of a document id.
func (ix *Index) report(doc string) (ingest.Report, bool) {
	i := slices.IndexFunc(ix.reports, func(r ingest.Report) bool { return r.ID == doc })
	if i < 0 {
		return ingest.Report{}, false
	}
	return ix.reports[i], true
}

// Named returns the reports' names in language l, quoted as the language
// quotes ("“Human Rights Watch, World Report 2017: Kazakhstan: Events of
// 2016”", «…»), as the bot's messages name what it answers from.
func (ix *Index) Named(l lang.Language) string {
	var names []string
	for _, r := range ix.reports {
		names = append(names, ix.quoted(r, l))
	}
	return strings.Join(names, ", ")
}

// quoted is a report's name in language l, in that language's quotes.
func (ix *Index) quoted(r ingest.Report, l lang.Language) string {
	return quoteName(r.Name(l).String(), l)
}

// quoteName puts a name in language l's quotes.
func quoteName(name string, l lang.Language) string {
	if l == lang.English {
		return "“" + name + "”"
	}
	return "«" + name + "»"
}

// reportsForPrompt names the reports for the model, in English, with the
// years they cover.
func (e *Engine) reportsForPrompt() []string {
	var out []string
	for _, r := range e.index.reports {
		out = append(out, r.Name(lang.English).String()+" (events of "+yearsOf(r)+")")
	}
	return out
}

// namesOther reports whether a term is the subject of a report other than
// r: "veloria" is not looked for in the chapter on Kazakhstan when a
// question compares the two.
func (ix *Index) namesOther(term string, r ingest.Report, l lang.Language) bool {
	for _, o := range ix.reports {
		if o.ID != r.ID && subjectMatches(lang.Skeleton(term), o, l) {
			return true
		}
	}
	return false
}

// subjectMatches reports whether a word's skeleton spells report r's
// subject (see named).
func subjectMatches(skel string, r ingest.Report, l lang.Language) bool {
	subject, _, ok := strings.Cut(r.Name(l).Chapter, ":")
	if !ok {
		return false
	}
	s := lang.Skeleton(lang.Normalize(strings.TrimSpace(subject)))
	return len(s) >= question.MinNameStem && question.CommonPrefix(skel, s) >= len(s)-2
}

// named returns the reports whose subject a question names: the country
// its title names before the colon ("Kazakhstan: Events of 2016"), in any
// script and ending («в Казахстане», «Велорияда»).
func (ix *Index) named(q question.Question) []string {
	var out []string
	for _, r := range ix.reports {
		if slices.ContainsFunc(q.Message.Words, func(w string) bool { return subjectMatches(lang.Skeleton(w), r, q.Lang) }) {
			out = append(out, r.ID)
		}
	}
	return out
}
