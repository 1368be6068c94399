package eval

import (
	"fmt"
	"io"
	"text/tabwriter"

	"reportbot/lang"
)

// Score sums the outcomes of one language.
type Score struct {
	Lang string
	// In and Out count in-scope and out-of-scope questions.
	In, Out int
	// Hit1 and Hit3 count in-scope questions with gold at rank 1 and in the
	// top 3; CitedGold those whose answer cites gold; Facts those whose
	// answer holds a fact; Answered those the bot did not decline.
	Hit1, Hit3, CitedGold, Facts, Answered int
	// LangMatch counts answers of either scope in the question's language.
	LangMatch int
	// Declined counts out-of-scope questions the bot declined.
	Declined int
}

// rate is n/d, or 1 when there is nothing to count.
func rate(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// Hit3Rate is the share of in-scope questions with gold in the top 3.
func (s Score) Hit3Rate() float64 { return rate(s.Hit3, s.In) }

// Summarize scores outcomes per language, in the order of lang.All, then
// all languages together under "all".
func Summarize(outcomes []Outcome) []Score {
	by := map[string]*Score{}
	total := &Score{Lang: "all"}
	for _, o := range outcomes {
		s := by[o.Question.Lang]
		if s == nil {
			s = &Score{Lang: o.Question.Lang}
			by[o.Question.Lang] = s
		}
		for _, s := range []*Score{s, total} {
			if o.LangMatch {
				s.LangMatch++
			}
			if o.Question.Scope == "out" {
				s.Out++
				if o.Declined {
					s.Declined++
				}
				continue
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
			if o.FactFound {
				s.Facts++
			}
			if !o.Declined {
				s.Answered++
			}
		}
	}
	var out []Score
	for _, l := range lang.All {
		if s := by[string(l)]; s != nil {
			out = append(out, *s)
		}
	}
	return append(out, *total)
}

// WriteTable prints the scores as an aligned table.
func WriteTable(w io.Writer, scores []Score) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "lang\tin\thit@1\thit@3\tcited gold\tanswered\tfacts\tlang match\tout\tdeclined\t")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d/%d\t\n",
			s.Lang, s.In, rate(s.Hit1, s.In), rate(s.Hit3, s.In), rate(s.CitedGold, s.In),
			rate(s.Answered, s.In), rate(s.Facts, s.In), rate(s.LangMatch, s.In+s.Out), s.Out, s.Declined, s.Out)
	}
	return tw.Flush()
}
