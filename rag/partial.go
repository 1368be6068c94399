package rag

import (
	"slices"
	"strings"

	"reportbot/lang"
	"reportbot/question"
)

// A partial answer is what the bot says when the report covers a
// question's subject but not what it asks (see unanswered): that the report
// does not answer it, then what the report does say of the subject, quoted
// as context and never cited as a source.

// maxRelated is how many sentences a partial answer quotes on the subject:
// enough to show what the report does say, few enough not to read as an
// answer.
const maxRelated = 3

// related returns the sentences a partial answer quotes on the question's
// subject, each marked with the number of its passage, and the passages
// they come from: from the best passages about the subject, the sentences
// about it that come closest to the question, in the report's order.
func (ix *Index) related(q question.Question, hits []Hit) (text string, cited []Hit) {
	type pick struct {
		passage, pos int
		hit          Hit
		score        float64
	}
	// A question that names someone or something is shown what the
	// report says of them: "who founded Human Rights Watch?" gets the
	// sentences that name all of Human Rights Watch, not the one with
	// "found" or "Human Rights".
	names := q.Names()
	var picks []pick
	for len(picks) == 0 {
		for rank, h := range ix.subjectHits(q, hits) {
			if rank == maxCited {
				break
			}
			i := ix.lookup(h.Passage.ID, h.Passage.Lang)
			sentences := ix.sentencesOf(i)
			for _, si := range ix.aboutSentences(q, i) {
				if len(q.Persons()) == 0 && sentences[si].refers {
					// "He served…" quoted without the sentence that
					// names him is about no one a reader can tell.
					continue
				}
				if have := termSet(sentences[si].terms); slices.ContainsFunc(names, func(g question.Term) bool { return !g.In(have) }) {
					continue
				}
				share, _ := q.Coverage(sentences[si].terms)
				picks = append(picks, pick{passage: i, pos: si, hit: h, score: share - 0.05*float64(rank)})
			}
		}
		if names == nil {
			break
		}
		names = nil
	}
	slices.SortStableFunc(picks, func(a, b pick) int { return cmpDesc(a.score, b.score) })
	picks = picks[:min(maxRelated, len(picks))]
	slices.SortStableFunc(picks, func(a, b pick) int {
		if a.passage != b.passage {
			return reportOrder(ix, a.passage) - reportOrder(ix, b.passage)
		}
		return a.pos - b.pos
	})
	quotes := make([]quote, 0, len(picks))
	for _, p := range picks {
		quotes = append(quotes, quote{passage: p.passage, hit: p.hit, pos: p.pos, text: ix.sentencesOf(p.passage)[p.pos].text})
	}
	return numbered(quotes)
}

// cmpDesc orders higher scores first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// partial fills a with the answer to a question whose subject the report
// covers but not what it asks: first that the report does not answer it,
// then, under a heading that says it is no answer, what the report says on
// the subject. Nothing is cited as a source: the quotes go in Related.
func (e *Engine) partial(a Answer, q question.Question, hits []Hit, events string) Answer {
	lead := e.say(q.Lang, "NotSaid", map[string]any{"Question": shortQuestion(lang.StripChatter(a.Question))})
	if q.Now && events != "" {
		lead += " " + e.say(q.Lang, "NotSaidNow", map[string]any{"Events": events})
	}
	return e.withRelated(a, q, hits, lead)
}

// noSubject fills a with the reply to a message that asks of no one
// ("convicted", «посадили?», with nothing before it): whose case it means
// cannot be told, so it asks, and shows what the report says on the words
// as context, not as an answer.
func (e *Engine) noSubject(a Answer, q question.Question, hits []Hit) Answer {
	return e.withRelated(a, q, hits, e.say(q.Lang, "NoSubject", nil))
}

// withRelated fills a with lead and, under a heading that says it is no
// answer, what the report says on the question's subject.
func (e *Engine) withRelated(a Answer, q question.Question, hits []Hit, lead string) Answer {
	text, cited := e.index.related(q, hits)
	if len(cited) == 0 {
		a.Answer = lead
		return a
	}
	for i, h := range cited {
		a.Related = append(a.Related, citation(i+1, h))
	}
	a.Answer = joinNonEmpty("\n\n", lead, e.say(q.Lang, "RelatedHeading", nil), text, e.translationNote(q.Lang, cited))
	return a
}

// maxQuotedQuestion is how much of a question a partial answer repeats.
const maxQuotedQuestion = 120

// shortQuestion is a question as a partial answer names it: on one line,
// without its question mark, cut at a word past maxQuotedQuestion runes.
func shortQuestion(question string) string {
	s := strings.Join(strings.Fields(question), " ")
	// The mention taken out of "tell me, @bot, where…" leaves a comma
	// with nothing before it.
	for strings.Contains(s, " ,") {
		s = strings.ReplaceAll(s, " ,", ",")
	}
	for strings.Contains(s, ",,") {
		s = strings.ReplaceAll(s, ",,", ",")
	}
	s = strings.TrimRight(s, "?？؟!. ")
	if r := []rune(s); len(r) > maxQuotedQuestion {
		cut := string(r[:maxQuotedQuestion])
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
		s = cut + "…"
	}
	return s
}
