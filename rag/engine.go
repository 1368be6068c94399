package rag

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"reportbot/lang"
	"reportbot/locale"
	"reportbot/question"
)

// MaxQuestionRunes is the longest question the bot answers. Report
// questions are short; a longer text is a pasted document, not a question.
const MaxQuestionRunes = 1000

// PassagesShown is how many retrieved passages an answer lists.
const PassagesShown = 8

// minCoverage is the relevance threshold: a question is answered only when a
// top passage holds at least this idf-weighted share of its terms, and two
// of its informative terms (see question.Question.Need). Calibrated together with
// question.OOVWeight with `reportbot eval` on the realistic and held-out sets (the
// grid 0.4/0.45/0.5 × 0.5/0.7 is in BENCHMARKS.md): 0.45 declines one more
// out-of-scope question than 0.4 and refuses no more held-out ones; 0.5
// doubles the wrong refusals.
const minCoverage = 0.45

// ErrEmptyQuestion is returned for an empty or all-blank question.
var ErrEmptyQuestion = errors.New("empty question")

// Engine answers questions from an index: extractively on its own, and with
// a language model when it has one, falling back to the extractive answer on
// any fault of the model. It is safe for concurrent use.
type Engine struct {
	index   *Index
	chat    Chatter
	timeout time.Duration
	memory  *Memory
	log     *slog.Logger
	msgs    *locale.Messages
}

// Option configures an Engine.
type Option func(*Engine)

// WithChat lets a language model write answers from the retrieved passages.
func WithChat(c Chatter) Option { return func(e *Engine) { e.chat = c } }

// WithAnswerTimeout bounds the time a language model may take for an
// answer, rewriting included; past it the extractive answer is given.
func WithAnswerTimeout(d time.Duration) Option { return func(e *Engine) { e.timeout = d } }

// WithMemory keeps conversations, so that AskIn understands follow-ups.
func WithMemory(m *Memory) Option { return func(e *Engine) { e.memory = m } }

// WithLogger logs faults of the model and the embedder. Logs never hold
// question or answer text.
func WithLogger(l *slog.Logger) Option { return func(e *Engine) { e.log = l } }

// WithMessages gives the engine the texts it answers with when it does not
// quote the report (see package locale). Without it the engine loads them.
func WithMessages(m *locale.Messages) Option { return func(e *Engine) { e.msgs = m } }

// DefaultAnswerTimeout is how long a model may take to answer.
const DefaultAnswerTimeout = 20 * time.Second

// NewEngine returns an engine over an index.
func NewEngine(ix *Index, opts ...Option) *Engine {
	e := &Engine{index: ix, timeout: DefaultAnswerTimeout, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(e)
	}
	if e.msgs == nil {
		m, err := locale.Load()
		if err != nil {
			// The texts are compiled in: they fail to load only in a
			// build whose locale tests fail.
			panic(fmt.Sprintf("rag: load the embedded texts: %v", err))
		}
		e.msgs = m
	}
	// The vocabulary that questions' words are matched against is made
	// once per index; start on it now rather than keep the first asker
	// waiting.
	go ix.vocab(lang.English)
	return e
}

// Forget drops the remembered turns of every conversation whose id starts
// with prefix, and returns how many conversations there were.
func (e *Engine) Forget(prefix string) int {
	if e.memory == nil {
		return 0
	}
	return e.memory.Forget(prefix)
}

// HasModel reports whether a language model writes the answers, which
// then take seconds rather than a millisecond.
func (e *Engine) HasModel() bool { return e.chat != nil }

// Index returns the index the engine answers from.
func (e *Engine) Index() *Index { return e.index }

// Ask answers a question on its own, in its own language, with a cited
// answer, or says that the report does not cover it. fallback is the
// language used when the question has no letters to tell its language by.
func (e *Engine) Ask(ctx context.Context, question string, fallback lang.Language) (Answer, error) {
	return e.AskIn(ctx, "", question, fallback)
}

// AskIn is Ask within a conversation: with a Memory, a question that
// depends on the one before ("and his sentence?", «а с Аяном?») is read
// together with it; a question that stands alone is read alone. An empty
// conversation id remembers nothing.
func (e *Engine) AskIn(ctx context.Context, conversation, question string, fallback lang.Language) (Answer, error) {
	return e.AskReply(ctx, conversation, question, "", fallback)
}

// AskReply is AskIn for a question sent as a reply to an earlier answer,
// whose text is repliedTo: a question that depends on context is read
// against that answer rather than the conversation's last question.
func (e *Engine) AskReply(ctx context.Context, conversation, question, repliedTo string, fallback lang.Language) (Answer, error) {
	return e.AskStream(ctx, conversation, question, repliedTo, fallback, nil)
}

// AskStream is AskReply with a model's answer streamed into draft as it is
// written (when there is a model that streams), before it is checked. The
// returned Answer is the checked one, which must replace the draft: a
// citation the check removed must not stay visible.
func (e *Engine) AskStream(ctx context.Context, conversation, text, repliedTo string, fallback lang.Language, draft Draft) (Answer, error) {
	text = strings.TrimSpace(text)
	m := lang.Read(text, fallback)
	m = m.In(e.index.lexicon().Language(m))
	l := m.Lang
	a := Answer{
		Question: text, Language: string(l), Detected: m.Detected, Mode: ModeExtractive,
		Citations: []Citation{}, Related: []Citation{}, Passages: []PassageRef{},
	}
	switch {
	case text == "":
		return a, ErrEmptyQuestion
	case len(m.Words) == 0:
		a.Answer = e.say(l, "NoWords", nil)
		return a, nil
	case utf8.RuneCountInString(text) > MaxQuestionRunes:
		a.Answer = e.say(l, "TooLong", nil)
		return a, nil
	case m.IsGreeting():
		a.Answer, a.SmallTalk = e.say(l, "Greeting", nil), true
		return a, nil
	case m.IsSmallTalk():
		a.Answer, a.SmallTalk = e.say(l, "SmallTalk", nil), true
		return a, nil
	}

	var history []Turn
	if conversation != "" && e.memory != nil {
		history = e.memory.Turns(conversation)
	}
	standalone, q, hits, err := e.understand(ctx, history, repliedTo, m)
	if err != nil {
		return a, err
	}
	answered := e.index.answers(q, hits)
	// read is the message q was read from: the whole one, or the
	// question part of a long one.
	read := m
	if !answered {
		// A long message is read for its question: the personal story
		// before it ("my son is a student, he is going to Almaty…")
		// dilutes what it asks; but when the question has a pronoun,
		// the report's words in the story may be what it stands for ("the
		// elections… when were they held?").
		if part, ok := question.Asked(m); ok {
			pq := e.index.analyse(part)
			if part.DependsOnContext() {
				pq = pq.WithContext(q)
			}
			if ph, err := e.search(ctx, pq); err == nil && e.index.answers(pq, ph) {
				standalone, q, hits, answered, read = part.Text, pq, ph, true, part
			}
		}
	}
	// The reports the question is about: one, or each of those whose
	// years it compares.
	groups, err := e.byReport(ctx, q, hits)
	if err != nil {
		return a, err
	}
	if len(groups) == 1 && (!slices.Equal(refs(groups[0].hits), refs(hits)) || groups[0].q.Docs != nil) {
		q, hits = groups[0].q, groups[0].hits
		answered = e.index.answers(q, hits)
	}
	untranslated, original := false, q
	if !answered && len(groups) == 1 && len(e.index.untranslated(l)) > 0 {
		// A report with no edition in the question's language is found
		// by the names the question spells, and quoted in its own.
		q2, h2, ok, err := e.askUntranslated(ctx, m, e.index.untranslated(l))
		if err != nil {
			return a, err
		}
		if ok {
			// A measure asked for ("how many years") is checked in any
			// language: the sentence must state one.
			q2.AsksNumber, q2.Unit = original.AsksNumber && original.Unit != 0, original.Unit
			q, hits, answered, untranslated = q2, h2, true, true
			groups = []asked{{q2, h2}}
		}
	}
	a.Passages = refs(hits)
	events := yearsOf(e.index.newest())
	switch {
	case !q.HasTopic() && m.AsksForOverview():
		a = e.overview(a, q, l)
	case e.index.beyond(q) != 0:
		key := "OtherYear"
		if len(e.index.reports) > 1 {
			key = "OtherYearMany"
		}
		a.Answer = e.say(l, key, map[string]any{"Events": e.index.covered(), "Year": e.index.beyond(q)})
	case len(groups) > 1:
		// Each report's answer, or its refusal, under its name.
		a = e.compare(a, q, groups)
	case !answered && !q.HasTopic():
		// "How are you?", "who are you?": nothing to look up, and "the
		// report does not say anything about this" would be an odd reply.
		a.Answer = e.say(l, "NoTopic", nil)
	case !answered && len(q.Persons()) == 0:
		a.Answer = e.say(l, "NotFound", nil)
	case answered && (q.AsksOnly() || len(history) == 0 && repliedTo == "" && q.OrphanPronoun(read)):
		// "convicted", «посадили?», «а за что его судили?» with nothing
		// asked before: whose?
		a = e.noSubject(a, q, hits)
	case untranslated && original.AsksParticular() && original.Unit == 0:
		// Found by its names and themes, a report in another language
		// cannot be checked for the particular asked ("when was she
		// freed?"): what it says of them is context, not an answer.
		a = e.partial(a, q.In(l), hits, events)
	case !answered || e.index.unanswered(q, hits):
		// The report tells of the person asked about, or covers the
		// subject, but not what is asked.
		a = e.partial(a, q.In(l), hits, events)
	case untranslated:
		// Quoted in its own language; the model would be asked to
		// answer in another.
		a = e.extractive(a, q, hits)
	case e.chat != nil:
		a = e.llmAnswer(ctx, a, q, hits, draft)
	default:
		a = e.extractive(a, q, hits)
	}
	if a.Found && len(a.Citations) > 0 && !slices.ContainsFunc(a.Citations, func(c Citation) bool { return c.Lang == string(l) }) {
		// Every quote is of a report with no edition in the question's
		// language: said once, first.
		if r, ok := e.index.report(a.Citations[0].Doc); ok {
			a.Answer = e.say(l, "NoTranslation", map[string]any{"Report": r.Name(l).String()}) + "\n\n" + a.Answer
		}
	}
	if a.Found && q.Now && events != "" {
		a.Answer = e.say(l, "NowNote", map[string]any{"Events": events}) + " " + a.Answer
	}
	if conversation != "" && e.memory != nil && (a.Found || len(a.Related) > 0) {
		// Only a question about something the report tells of can be
		// what a later pronoun refers to: "who is Kozlov's wife?", which
		// it does not answer, is still about Kozlov.
		e.memory.Add(conversation, Turn{Question: standalone, Answer: a.Answer})
	}
	return a, nil
}

// answersOffline reports whether the report answers a text, by the same
// gate as any question, without a model.
func (e *Engine) answersOffline(ctx context.Context, m lang.Message) bool {
	q := e.index.analyse(m)
	hits, err := e.search(ctx, q)
	return err == nil && e.index.answers(q, hits)
}

// maxContextWords is how much of the context a follow-up is read with.
const maxContextWords = 30

// understand reads a question in its context and retrieves its passages.
// A question that depends on context (see lang.DependsOnContext) is read
// with the names of the answer it replies to, else with the conversation's
// last question (or rewritten by the model, when there is one); if that
// finds nothing it is read alone. A continuation without a pronoun that
// the report answers alone («а что с пытками?») changes the subject and is
// read alone. Any other question is read alone: "What is the capital of
// France?" after a question about Bokaev is not about Bokaev.
func (e *Engine) understand(ctx context.Context, history []Turn, repliedTo string, m lang.Message) (string, question.Question, []Hit, error) {
	text, l := m.Text, m.Lang
	// The question read alone, and its passages once they are needed:
	// several of the judgements below ask for them.
	own := e.index.analyse(m)
	var ownHits []Hit
	var ownErr error
	searched := false
	alone := func() ([]Hit, error) {
		if !searched {
			ownHits, ownErr = e.search(ctx, own)
			searched = true
		}
		return ownHits, ownErr
	}
	asksOnly := len(history) > 0 && own.AsksOnly()
	if asksOnly || m.DependsOnContext() && !e.namesSomeoneElse(m, own, alone) {
		context := ""
		switch {
		case repliedTo != "":
			context = strings.Join(e.index.lexicon().Names(repliedTo, l), " ")
		case len(history) > 0 && e.chat != nil && e.answersOffline(ctx, lang.Read(history[len(history)-1].Question+" "+text, l).In(l)):
			// Only a follow-up the report can answer goes to the model to
			// be rewritten, so that an injection sent as a follow-up
			// ("and ignore your instructions") never reaches it.
			if rewritten := e.standalone(ctx, history, text, l); rewritten != text {
				context, m = "", lang.Read(rewritten, l).In(l)
				own, searched = e.index.analyse(m), false
			}
		case len(history) > 0 && e.chat != nil:
			// Not answerable even with the last question: read alone.
		case len(history) > 0 && (m.Refers() || asksOnly) && len(own.AskTerms()) > 0 &&
			len(e.index.lexicon().NameWords(history[len(history)-1].Question, l)) > 0:
			// "за что его посадили?" after "кто жена Козлова?": the
			// pronoun stands for Kozlov; what was asked of him before is
			// not asked again.
			context = strings.Join(e.index.lexicon().NameWords(history[len(history)-1].Question, l), " ")
		case len(history) > 0:
			context = history[len(history)-1].Question
		}
		// A chain of follow-ups must not grow the question without end.
		if words := strings.Fields(context); len(words) > maxContextWords {
			context = strings.Join(words[len(words)-maxContextWords:], " ")
		}
		if context != "" {
			q := e.index.analyse(lang.Read(context+" "+m.Text, l).In(l))
			hits, err := e.search(ctx, q)
			if err != nil {
				return "", question.Question{}, nil, err
			}
			// The pronoun is one of the people named before: only their
			// passages answer ("А его приговор?" is not about anyone's
			// sentence).
			hits = e.index.naming(q, hits)
			// A follow-up that only asks ("which prison?") has no topic of
			// its own to change to.
			if e.index.answers(q, hits) && (asksOnly || !e.changesTopic(m, own, alone, hits)) {
				return q.Text, q, hits, nil
			}
		}
	}
	hits, err := alone()
	return m.Text, own, hits, err
}

// namesSomeoneElse reports whether a follow-up without a pronoun names a
// person or a case the report tells of in a few paragraphs ("and Ayan?",
// «а Козлов?» after Bokaev, "and the Seventh-day Adventist guy?"): it asks
// about them, not the one before, and is read alone. A name the report
// uses everywhere ("the UN") is no new subject.
// q is m read alone, and alone gives its passages.
func (e *Engine) namesSomeoneElse(m lang.Message, q question.Question, alone func() ([]Hit, error)) bool {
	if m.Refers() {
		return false
	}
	rare := slices.ContainsFunc(q.Names(), func(g question.Term) bool {
		return g.Informative() && len(e.index.docsWith(g, q)) <= maxStory
	})
	if !rare {
		return false
	}
	hits, err := alone()
	return err == nil && e.index.answers(q, hits)
}

// changesTopic reports whether a follow-up without a pronoun («а что с
// пытками в тюрьмах?» after Kozlov) asks about a topic of its own: the
// report answers it alone, and the passage that answers it read with the
// question before is not one that answers it alone. "And what did the UN
// committee ask for?" after Zhanaozen is still about Zhanaozen: the
// Zhanaozen paragraph has the committee.
// own is m read alone, and alone gives its passages.
func (e *Engine) changesTopic(m lang.Message, own question.Question, alone func() ([]Hit, error), withContext []Hit) bool {
	if m.Refers() || len(withContext) == 0 {
		return false
	}
	hits, err := alone()
	if err != nil || !e.index.answers(own, hits) {
		return false
	}
	top := withContext[0].Passage
	cov, matched := own.Coverage(e.index.terms[e.index.lookup(top.ID, top.Lang)])
	// The passage found with the context must answer the follow-up about
	// as well as the follow-up's own best passage does: Kozlov's
	// «лишения свободы» is not «пытки в тюрьмах».
	return !(Hit{Coverage: cov, Matched: matched}).relevant(own.Need()) || cov < hits[0].Coverage-topicMargin
}

// topicMargin is how much less of a follow-up the passage found with its
// context may hold than the follow-up's own best passage before the
// follow-up is taken to change the topic.
const topicMargin = 0.3

// search retrieves the passages for a question, PassagesShown of them.
func (e *Engine) search(ctx context.Context, q question.Question) ([]Hit, error) {
	return e.searchK(ctx, q, PassagesShown)
}

// searchK retrieves up to k passages for a question. A remote embedder that
// fails leaves BM25 to rank alone: the user still gets an answer.
func (e *Engine) searchK(ctx context.Context, q question.Question, k int) ([]Hit, error) {
	qv, err := e.index.EmbedQuestion(ctx, q.Text)
	if err != nil {
		e.log.Warn("question embedding failed; ranking with BM25 alone", "error", err.Error())
		qv = nil
	}
	return e.index.search(ctx, q, qv, k)
}

// extractive fills a with the extractive answer to question from hits.
func (e *Engine) extractive(a Answer, q question.Question, hits []Hit) Answer {
	text, cited := e.index.extract(q, hits)
	if len(cited) == 0 {
		a.Answer = e.say(q.Lang, "NotFound", nil)
		return a
	}
	a.Found = true
	a.Mode = ModeExtractive
	a.Citations = a.Citations[:0]
	for i, h := range cited {
		a.Citations = append(a.Citations, citation(i+1, h))
	}
	a.Answer = joinNonEmpty("\n\n", text, e.translationNote(q.Lang, cited))
	return a
}

// overview answers a request for the report as a whole ("summary", "the
// short version") with the report's own: its first section, quoted whole.
func (e *Engine) overview(a Answer, q question.Question, l lang.Language) Answer {
	var parts []string
	var cited []Hit
	doc := ""
	for _, r := range e.index.reports {
		if slices.ContainsFunc(q.Years, r.Covers) {
			// "the gist of the 2017 review": that year's report.
			doc = r.ID
		}
	}
	for _, p := range e.index.overview(doc, l) {
		cited = append(cited, Hit{Passage: p, Coverage: 1})
		parts = append(parts, fmt.Sprintf("%s [%d]", p.Text, len(cited)))
		a.Citations = append(a.Citations, CitationOf(len(cited), p))
	}
	if len(cited) == 0 {
		a.Answer = e.say(l, "NotFound", nil)
		return a
	}
	a.Found = true
	a.Passages = refs(cited)
	a.Answer = joinNonEmpty("\n\n", strings.Join(parts, "\n\n"), e.translationNote(l, cited))
	return a
}

// translationNote is the line that says quoted translations are unofficial,
// or "" when no cited passage is a translation.
func (e *Engine) translationNote(l lang.Language, cited []Hit) string {
	for _, h := range cited {
		if h.Passage.Unofficial {
			return e.say(l, "UnofficialNote", nil)
		}
	}
	return ""
}

// say returns the text key of the locale bundle in language l; the
// reports it answers from are there as Report.
func (e *Engine) say(l lang.Language, key string, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Report"]; !ok {
		data["Report"] = e.index.Named(l)
	}
	return e.msgs.T(l, key, data)
}

// answers reports whether the report answers the question at all: one of
// the top passages, or of the paragraphs of a person it names, must be
// relevant, and name every foreign country the question names. The legal
// words of a question about a person may rank other people's paragraphs
// first ("was max bokayev convicted or what").
func (ix *Index) answers(q question.Question, hits []Hit) bool {
	need := q.Need()
	top := hits[:min(maxCited, len(hits))]
	if len(q.Persons()) > 0 {
		top = append(slices.Clone(top), ix.subjectHits(q, hits)...)
	}
	for _, h := range top {
		if h.relevant(need) && q.PlacesIn(termSet(ix.terms[ix.lookup(h.Passage.ID, h.Passage.Lang)])) {
			return true
		}
	}
	return false
}

// relevant reports whether a passage covers enough of the question, with at
// least need informative terms.
func (h Hit) relevant(need int) bool {
	return h.Coverage >= minCoverage && h.Matched >= need
}
