package eval

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"reportbot/lang"
)

// Score sums the outcomes of one language or category.
type Score struct {
	// Lang is the language, "all", or the category in a per-category table.
	Lang string
	// In and Out count in-scope and out-of-scope questions.
	In, Out int
	// Hit1 and Hit3 count in-scope questions with gold at rank 1 and in the
	// top 3; CitedGold those whose answer cites gold; Complete those that
	// cite every paragraph they need; Facts those whose answer holds a
	// fact; Answered those the bot did not decline.
	Hit1, Hit3, CitedGold, Complete, Facts, Answered int
	// LangMatch counts answers of either scope in the question's language.
	LangMatch int
	// Declined counts out-of-scope questions the bot declined.
	Declined int
	// OtherPerson counts answers about one person that cite another's
	// paragraph.
	OtherPerson int
	// Right counts outcomes of either scope that were right (see
	// Outcome.Right).
	Right int
}

// RightRate is the share of all questions, of either scope, answered right.
func (s Score) RightRate() float64 { return rate(s.Right, s.In+s.Out) }

// rate is n/d, or 1 when there is nothing to count.
func rate(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// Hit3Rate is the share of in-scope questions with gold in the top 3.
func (s Score) Hit3Rate() float64 { return rate(s.Hit3, s.In) }

// RefusedRate is the share of in-scope questions the bot wrongly said the
// report does not cover: for a user, a false statement about the report.
func (s Score) RefusedRate() float64 { return 1 - rate(s.Answered, s.In) }

// CitedGoldRate is the share of in-scope questions whose answer cites a
// paragraph that answers them.
func (s Score) CitedGoldRate() float64 { return rate(s.CitedGold, s.In) }

// CompleteRate is the share of in-scope questions whose answer cites every
// paragraph the question needs.
func (s Score) CompleteRate() float64 { return rate(s.Complete, s.In) }

// FactsRate is the share of in-scope questions whose answer holds the key
// fact.
func (s Score) FactsRate() float64 { return rate(s.Facts, s.In) }

// LangRate is the share of answers in the question's language.
func (s Score) LangRate() float64 { return rate(s.LangMatch, s.In+s.Out) }

// Summarize scores outcomes per language, in the order of lang.All, then
// all languages together under "all".
func Summarize(outcomes []Outcome) []Score {
	by := group(outcomes, func(o Outcome) string { return o.Question.Lang })
	var out []Score
	for _, l := range lang.All {
		if s := by[string(l)]; s != nil {
			out = append(out, *s)
		}
	}
	return append(out, total(outcomes))
}

// SummarizeCategories scores outcomes per category, sorted by name, then
// all together under "all". Questions without a category are counted under
// "-".
func SummarizeCategories(outcomes []Outcome) []Score {
	by := group(outcomes, func(o Outcome) string {
		if o.Question.Category == "" {
			return "-"
		}
		return o.Question.Category
	})
	names := make([]string, 0, len(by))
	for name := range by {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]Score, 0, len(names)+1)
	for _, name := range names {
		out = append(out, *by[name])
	}
	return append(out, total(outcomes))
}

func total(outcomes []Outcome) Score {
	s := Score{Lang: "all"}
	for _, o := range outcomes {
		s.add(o)
	}
	return s
}

func group(outcomes []Outcome, key func(Outcome) string) map[string]*Score {
	by := map[string]*Score{}
	for _, o := range outcomes {
		k := key(o)
		s := by[k]
		if s == nil {
			s = &Score{Lang: k}
			by[k] = s
		}
		s.add(o)
	}
	return by
}

func (s *Score) add(o Outcome) {
	if o.LangMatch {
		s.LangMatch++
	}
	if o.OtherPerson {
		s.OtherPerson++
	}
	if o.Right() {
		s.Right++
	}
	if o.Question.Scope == "out" {
		s.Out++
		if o.Declined {
			s.Declined++
		}
		return
	}
	s.In++
	if o.Rank == 1 {
		s.Hit1++
	}
	if o.Rank >= 1 && o.Rank <= 3 {
		s.Hit3++
	}
	if o.CitedGold {
		s.CitedGold++
	}
	if o.Complete {
		s.Complete++
	}
	if o.FactFound {
		s.Facts++
	}
	if !o.Declined {
		s.Answered++
	}
}

// WriteTable prints the scores as an aligned table: per in-scope question
// the rates, and for out-of-scope questions how many were declined.
func WriteTable(w io.Writer, scores []Score) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tin\thit@1\thit@3\tanswered\twrongly refused\tcited gold\tcomplete\tfacts\tlang right\tout\tdeclined\tother person\tright\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d/%d\t%d\t%.2f\t\n",
			s.Lang, s.In, rate(s.Hit1, s.In), rate(s.Hit3, s.In), rate(s.Answered, s.In), s.RefusedRate(),
			s.CitedGoldRate(), s.CompleteRate(), s.FactsRate(), s.LangRate(), s.Out, s.Declined, s.Out, s.OtherPerson, s.RightRate())
	}
	return tw.Flush()
}
