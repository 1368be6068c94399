package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"reportbot/lang"
	"reportbot/rag"
)

// Question is one line of an eval file.
type Question struct {
	ID   string `json:"id"`
	Lang string `json:"lang"`
	Q    string `json:"q"`
	// Scope is "in" when the report answers the question, "out" when the
	// bot must decline it.
	Scope string `json:"scope"`
	// Gold are substrings of the English original of the passages that
	// answer the question: a passage whose original holds one is a hit.
	Gold []string `json:"gold"`
	// Fact are strings of which a good answer holds at least one, compared
	// as a reader would: ignoring case and ё/е.
	Fact []string `json:"fact"`
	// NeedAll is true when a complete answer cites every gold string's
	// paragraph (a person's story told over several paragraphs), not one.
	NeedAll bool `json:"need_all"`
	// Category says what the question tests ("typo", "latin-kk", "story"
	// …), for the per-category table; it may be empty.
	Category string `json:"category"`
	// Context are the messages the same person sent in the same chat just
	// before Q, oldest first: Q is a follow-up to them. Only Q is scored.
	Context []string `json:"context,omitempty"`
	// About are the spellings, in the English original, of the one person
	// the question is about: an answer that cites a paragraph naming none
	// of them quotes someone else's case.
	About []string `json:"about,omitempty"`
	// Reports are, in a corpus of several reports, the ids of those an
	// answer must cite, each of them and no other ("kz2016"; two for a
	// question comparing years).
	Reports []string `json:"reports,omitempty"`
}

// Asker answers a question within a conversation; *rag.Engine is one.
type Asker interface {
	AskIn(ctx context.Context, conversation, question string, fallback lang.Language) (rag.Answer, error)
}

// ReadQuestions parses an eval file: one JSON object a line, blank lines
// skipped. A bad line is an error naming its line number.
func ReadQuestions(r io.Reader) ([]Question, error) {
	var qs []Question
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("eval file line %d: %w", n, err)
		}
		if _, ok := lang.Parse(q.Lang); !ok {
			return nil, fmt.Errorf("eval file line %d: lang %q is not en, ru or kk", n, q.Lang)
		}
		if q.Scope != "in" && q.Scope != "out" {
			return nil, fmt.Errorf("eval file line %d: scope %q is not in or out", n, q.Scope)
		}
		if q.Scope == "in" && len(q.Gold) == 0 {
			return nil, fmt.Errorf("eval file line %d: an in-scope question needs gold", n)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval file: %w", err)
	}
	return qs, nil
}

// Outcome is how the bot did on one question.
type Outcome struct {
	Question Question
	Answer   rag.Answer
	// Rank is the 1-based position of the first retrieved passage that
	// holds gold, 0 when none does.
	Rank int
	// CitedGold is true when a citation holds gold.
	CitedGold bool
	// Complete is true when the citations hold every gold string for a
	// NeedAll question, and is CitedGold otherwise.
	Complete bool
	// LangMatch is true when the answer is in the question's language.
	LangMatch bool
	// Declined is true when the bot said the report does not cover it.
	Declined bool
	// FactFound is true when the answer holds one of the facts, or when
	// the question lists none.
	FactFound bool
	// OtherPerson is true when a question about one person (Question.About)
	// got an answer citing a paragraph that does not name them.
	OtherPerson bool
	// WrongReport is true when a question with Question.Reports got an
	// answer citing another report, or not each of them.
	WrongReport bool
}

// Run asks every question and scores the answers.
func Run(ctx context.Context, a Asker, qs []Question) ([]Outcome, error) {
	out := make([]Outcome, 0, len(qs))
	for _, q := range qs {
		l, _ := lang.Parse(q.Lang)
		// Each question is its own conversation, so that one question's
		// context never leaks into another's.
		conversation := ""
		if len(q.Context) > 0 {
			conversation = "eval/" + q.ID
		}
		for _, c := range q.Context {
			if _, err := a.AskIn(ctx, conversation, c, l); err != nil {
				return nil, fmt.Errorf("question %s, context %q: %w", q.ID, c, err)
			}
		}
		ans, err := a.AskIn(ctx, conversation, q.Q, l)
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", q.ID, err)
		}
		o := Outcome{Question: q, Answer: ans, Declined: !ans.Found && len(ans.Citations) == 0}
		for i, p := range ans.Passages {
			if hasGold(p.Original, q.Gold) {
				o.Rank = i + 1
				break
			}
		}
		missing := 0
		for _, g := range q.Gold {
			found := false
			for _, c := range ans.Citations {
				found = found || hasGold(c.Original, []string{g})
			}
			if found {
				o.CitedGold = true
			} else {
				missing++
			}
		}
		o.Complete = o.CitedGold && (!q.NeedAll || missing == 0)
		if len(q.About) > 0 {
			for _, c := range ans.Citations {
				o.OtherPerson = o.OtherPerson || !hasGold(c.Original, q.About)
			}
		}
		if len(q.Reports) > 0 && !o.Declined {
			cited := map[string]bool{}
			for _, c := range ans.Citations {
				cited[c.Doc] = true
				o.WrongReport = o.WrongReport || !slices.Contains(q.Reports, c.Doc)
			}
			for _, r := range q.Reports {
				o.WrongReport = o.WrongReport || !cited[r]
			}
		}
		detected, _ := lang.Detect(ans.Answer)
		// A report with no edition in the question's language is quoted
		// in its own, under a line in the question's.
		untranslated := len(ans.Citations) > 0 && !slices.ContainsFunc(ans.Citations, func(c rag.Citation) bool { return c.Lang == q.Lang })
		o.LangMatch = ans.Language == q.Lang && (detected == l || untranslated)
		o.FactFound = len(q.Fact) == 0
		text := lang.Normalize(ans.Answer)
		for _, f := range q.Fact {
			o.FactFound = o.FactFound || strings.Contains(text, lang.Normalize(f))
		}
		out = append(out, o)
	}
	return out, nil
}

// Right reports whether the bot did all a user asks of it: declined an
// out-of-scope question, or answered an in-scope one citing every
// paragraph it needs, with its key fact, in the question's language.
func (o Outcome) Right() bool {
	if o.Question.Scope == "out" {
		return o.Declined && o.LangMatch
	}
	return !o.Declined && o.Complete && o.FactFound && o.LangMatch && !o.OtherPerson && !o.WrongReport
}

func hasGold(original string, gold []string) bool {
	for _, g := range gold {
		if g != "" && strings.Contains(original, g) {
			return true
		}
	}
	return false
}
