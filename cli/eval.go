package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"reportbot/eval"
	"reportbot/rag"
)

func (c *CLI) eval(ctx context.Context, args []string) error {
	fl, dir := c.flags("eval")
	verbose := fl.Bool("v", false, "list every question the bot got wrong")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return usageError{"give one eval file: reportbot eval FILE.jsonl"}
	}
	f, err := os.Open(fl.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	qs, err := eval.ReadQuestions(f)
	if err != nil {
		return err
	}
	// Memory for the follow-ups of questions with a context.
	eng, err := c.engine(ctx, *dir, rag.WithMemory(rag.NewMemory(1000, conversationTurns, time.Hour)))
	if err != nil {
		return err
	}
	outcomes, err := eval.Run(ctx, eng, qs)
	if err != nil {
		return err
	}
	if *verbose {
		for _, o := range outcomes {
			if o.Right() {
				continue
			}
			wrong := ""
			if o.WrongReport {
				wrong = " wrong_report=true"
			}
			fmt.Fprintf(c.Stdout, "%s\t%s rank=%d cited_gold=%t complete=%t fact=%t declined=%t lang=%t other_person=%t%s %s\n",
				o.Question.ID, o.Question.Scope, o.Rank, o.CitedGold, o.Complete, o.FactFound, o.Declined, o.LangMatch, o.OtherPerson, wrong, o.Question.Q)
		}
		fmt.Fprintln(c.Stdout)
	}
	if err := eval.WriteTable(c.Stdout, eval.Summarize(outcomes)); err != nil {
		return err
	}
	for _, q := range qs {
		if q.Category != "" {
			fmt.Fprintln(c.Stdout)
			return eval.WriteTable(c.Stdout, eval.SummarizeCategories(outcomes))
		}
	}
	return nil
}
