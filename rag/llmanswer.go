package rag

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/prompts"
	"reportbot/question"
)

// Chatter writes a reply to a system prompt and a user message. An
// *llm.Client is one; so is anything that speaks to an OpenAI-compatible
// server.
type Chatter interface {
	Chat(ctx context.Context, system, user string) (string, error)
}

// StreamChatter is a Chatter that can also stream its answer: onText gets
// the text so far after each piece. *llm.Client is one.
type StreamChatter interface {
	Chatter
	ChatStream(ctx context.Context, system, user string, onText func(string)) (string, error)
}

// Draft receives the model's answer while it is written, unchecked: a
// preview for the user, which the checked answer then replaces.
type Draft func(text string)

// maxLLMPassages is how many passages a model is given to answer from.
const maxLLMPassages = 5

// errUnchecked means a model's answer failed a check and must not be shown.
var errUnchecked = errors.New("answer failed its checks")

// llmAnswer asks the model for an answer from the relevant hits and checks
// it. Any failure gives the extractive answer: with a one-line notice when
// the model failed, without one when its answer failed a check.
func (e *Engine) llmAnswer(ctx context.Context, a Answer, q question.Question, hits []Hit, draft Draft) Answer {
	question, l := q.Text, q.Lang
	// The model sees what the extractive answer would quote from (every
	// paragraph of a person's story, each paragraph of a theme), then the
	// other relevant hits.
	given, _ := e.index.answerPassages(q, hits)
	given = given[:min(len(given), maxLLMPassages)]
	for _, h := range hits {
		if h.Coverage >= minCoverage && len(given) < maxLLMPassages &&
			!slices.ContainsFunc(given, func(g Hit) bool { return g.Passage.ID == h.Passage.ID }) {
			given = append(given, h)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()

	system, err := e.answerPrompt(l, given, "")
	if err != nil {
		e.log.Error("answer prompt", "error", err.Error())
		return e.extractive(a, q, hits)
	}
	reply, err := e.complete(ctx, system, question, e.checkedDraft(draft, a, l, given, system))
	if err == nil {
		var checked Answer
		checked, err = e.check(a, reply, l, given, system)
		if errors.Is(err, errWrongLanguage) {
			// One retry, with the language said twice.
			e.log.Info("answer in the wrong language; retrying once")
			system, _ = e.answerPrompt(l, given, prompts.LanguageName(l))
			if reply, err = e.chat.Chat(ctx, system, question); err == nil {
				checked, err = e.check(a, reply, l, given, system)
			}
		}
		if err == nil {
			return checked
		}
	}
	fallback := e.extractive(a, q, hits)
	if errors.Is(err, errUnchecked) {
		e.log.Info("model answer rejected; answering extractively", "reason", err.Error())
		return fallback
	}
	e.log.Warn("model failed; answering extractively", "error", err.Error())
	fallback.Answer = joinNonEmpty("\n\n", e.say(l, "ModelUnavailable", nil), fallback.Answer)
	return fallback
}

func (e *Engine) answerPrompt(l lang.Language, given []Hit, insist string) (string, error) {
	in := prompts.AnswerInput{Language: prompts.LanguageName(l), NotCovered: e.say(l, "NotFound", nil), Reports: e.reportsForPrompt()}
	for i, h := range given {
		p := prompts.Passage{N: i + 1, Section: h.Passage.SectionTitle, Text: h.Passage.Text}
		if len(in.Reports) > 1 {
			p.Report = NameOf(h.Passage).String()
		}
		in.Passages = append(in.Passages, p)
	}
	p, err := prompts.Answer(in)
	if insist != "" {
		p += "\nThe answer must be written in " + insist + ".\n"
	}
	return p, err
}

var (
	markerRe = regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)
	// errWrongLanguage means the answer is not in the question's language.
	errWrongLanguage = fmt.Errorf("answer is in the wrong language: %w", errUnchecked)
)

// check validates a model's reply before it is shown: a reply that says the
// report does not cover the question becomes a decline; a sentence that says
// what the passages it cites do not is dropped (see grounded); citation
// numbers that point to no given passage are removed and the rest
// renumbered in the order they appear; a reply whose first sentence was
// dropped, with no valid citation, in another language or repeating the
// instructions is rejected.
func (e *Engine) check(a Answer, reply string, l lang.Language, given []Hit, system string) (Answer, error) {
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return a, errors.Join(errUnchecked, errors.New("empty reply"))
	}
	if notFound := e.say(l, "NotFound", nil); strings.Contains(reply, notFound) || strings.Contains(reply, e.say(lang.English, "NotFound", nil)) {
		a.Found = false
		a.Mode = ModeLLM
		a.Answer = notFound
		return a, nil
	}
	if leaks(reply, system) {
		return a, errors.Join(errUnchecked, errors.New("reply repeats the instructions"))
	}
	// Each sentence must say what the passages it cites say; one that
	// does not is dropped, and without its first, answering sentence the
	// reply no longer answers.
	reply, first := groundedReply(reply, l, given)
	if !first {
		return a, errors.Join(errUnchecked, errors.New("the answering sentence says what its passages do not"))
	}
	renumber := map[int]int{}
	var cited []Hit
	text := markerRe.ReplaceAllStringFunc(reply, func(m string) string {
		var out []string
		for f := range strings.SplitSeq(strings.Trim(m, "[]"), ",") {
			n, _ := strconv.Atoi(strings.TrimSpace(f))
			if n < 1 || n > len(given) {
				continue
			}
			if _, ok := renumber[n]; !ok {
				renumber[n] = len(cited) + 1
				cited = append(cited, given[n-1])
			}
			out = append(out, "["+strconv.Itoa(renumber[n])+"]")
		}
		return strings.Join(out, "")
	})
	if len(cited) == 0 {
		return a, errors.Join(errUnchecked, errors.New("no valid citation"))
	}
	if got, ok := lang.Detect(markerRe.ReplaceAllString(text, "")); !ok || got != l {
		return a, errWrongLanguage
	}
	a.Found = true
	a.Mode = ModeLLM
	a.Citations = a.Citations[:0]
	for i, h := range cited {
		a.Citations = append(a.Citations, citation(i+1, h))
	}
	a.Answer = joinNonEmpty("\n\n", tidy(text), e.translationNote(l, cited))
	return a, nil
}

// tidy removes the spaces a dropped citation leaves before punctuation.
func tidy(s string) string {
	s = strings.NewReplacer(" .", ".", " ,", ",", "  ", " ").Replace(s)
	return strings.TrimSpace(s)
}

// leaks reports whether a reply repeats a line of the instructions, as it
// would when a question talked the model into revealing its prompt.
func leaks(reply, system string) bool {
	for line := range strings.SplitSeq(system, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
		if utf8.RuneCountInString(line) >= 40 && !strings.HasPrefix(line, "[") && strings.Contains(reply, line) {
			return true
		}
	}
	return false
}

// standalone turns a follow-up into a question that can be searched on its
// own by asking the model to rewrite it. Without a model, or when it fails,
// the question is returned as it is (AskIn then tries it with the previous
// question).
func (e *Engine) standalone(ctx context.Context, history []Turn, question string, l lang.Language) string {
	if len(history) == 0 || e.chat == nil {
		return question
	}
	q, err := e.rewrite(ctx, history, question, l)
	if err != nil {
		e.log.Warn("follow-up rewrite failed; reading the question as it is", "error", err.Error())
		return question
	}
	return q
}

func (e *Engine) rewrite(ctx context.Context, history []Turn, question string, l lang.Language) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout/2)
	defer cancel()
	in := prompts.RewriteInput{Language: prompts.LanguageName(l), Reports: e.reportsForPrompt()}
	for _, t := range history {
		in.Turns = append(in.Turns, prompts.Turn{Question: t.Question, Answer: t.Answer})
	}
	system, err := prompts.Rewrite(in)
	if err != nil {
		return "", err
	}
	q, err := e.chat.Chat(ctx, system, question)
	if err != nil {
		return "", err
	}
	q = strings.Trim(strings.TrimSpace(q), "\"«»“”")
	if got, ok := lang.Detect(q); q == "" || utf8.RuneCountInString(q) > MaxQuestionRunes || !ok || got != l {
		return "", errors.New("rewritten question is empty, too long or in another language")
	}
	return q, nil
}

// checkedDraft passes on to draft, as the model writes, only what has
// passed the checks every answer passes: its finished sentences that are
// grounded in what they cite, renumbered, in the question's language. An
// invented marker or claim is never on screen, not even for a moment.
func (e *Engine) checkedDraft(draft Draft, a Answer, l lang.Language, given []Hit, system string) Draft {
	if draft == nil {
		return nil
	}
	finished, shown := 0, ""
	return func(text string) {
		// The last sentence may still be being written.
		sentences := ingest.Sentences(text)
		if len(sentences)-1 <= finished {
			return
		}
		finished = len(sentences) - 1
		checked, err := e.check(a, strings.Join(sentences[:finished], " "), l, given, system)
		if err != nil || !checked.Found || checked.Answer == shown {
			return
		}
		shown = checked.Answer
		draft(shown)
	}
}

// complete asks the model, streaming the answer into draft when there is one
// and the model can stream.
func (e *Engine) complete(ctx context.Context, system, question string, draft Draft) (string, error) {
	if sc, ok := e.chat.(StreamChatter); ok && draft != nil {
		return sc.ChatStream(ctx, system, question, draft)
	}
	return e.chat.Chat(ctx, system, question)
}
