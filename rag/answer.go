package rag

import (
	"strings"

	"reportbot/ingest"
	"reportbot/lang"
)

// Answer is what the bot replies to a question. Its JSON form is the
// contract of `reportbot ask --json`, which other tools depend on: change
// field names or meanings only with every consumer.
type Answer struct {
	Question string `json:"question"`
	Language string `json:"language"`
	// Detected is true when Language was read from the question itself,
	// false when the question did not tell and the fallback was used: a
	// chat learns its language only from questions that tell.
	Detected bool `json:"detected"`
	// Found is false when the report has nothing relevant enough; the
	// answer then says so and cites nothing.
	Found bool `json:"found"`
	// Mode is "extractive" (sentences quoted from the report) or "llm".
	Mode string `json:"mode"`
	// Answer is the reply text, each claim followed by [n] markers that
	// number its citations.
	Answer    string     `json:"answer"`
	Citations []Citation `json:"citations"`
	// Passages are the retrieved passages, best first, whether cited or not.
	Passages []PassageRef `json:"passages"`
	// SmallTalk is true when the message asked nothing of the report
	// (thanks, a greeting) and the answer only acknowledges it: in a group
	// the bot may stay silent.
	SmallTalk bool `json:"small_talk,omitempty"`
}

// Citation is a numbered source of an answer.
type Citation struct {
	N       int    `json:"n"`
	ID      string `json:"id"`
	Section string `json:"section"`
	Lang    string `json:"lang"`
	// Text is the passage as quoted, in Lang.
	Text string `json:"text"`
	// Original is the passage in the report's own language (English).
	Original string `json:"original"`
	// URL opens the source page scrolled to the paragraph.
	URL string `json:"url"`
}

// PassageRef is a retrieved passage with its fused retrieval score.
type PassageRef struct {
	ID       string  `json:"id"`
	Score    float64 `json:"score"`
	Section  string  `json:"section"`
	Lang     string  `json:"lang"`
	Text     string  `json:"text"`
	Original string  `json:"original"`
}

// Modes of an answer.
const (
	ModeExtractive = "extractive"
	ModeLLM        = "llm"
)

// notFound is said when the report does not answer a question.
var notFound = map[lang.Language]string{
	lang.English: "The Human Rights Watch World Report 2017 chapter on Kazakhstan does not say anything about this, so I cannot answer it from the report.",
	lang.Russian: "В главе о Казахстане Всемирного доклада Human Rights Watch 2017 года об этом ничего не сказано, поэтому ответить по докладу я не могу.",
	lang.Kazakh:  "Human Rights Watch ұйымының 2017 жылғы Дүниежүзілік баяндамасының Қазақстан туралы тарауында бұл туралы ештеңе айтылмаған, сондықтан баяндама бойынша жауап бере алмаймын.",
}

// smallTalk acknowledges thanks or a greeting.
var smallTalk = map[lang.Language]string{
	lang.English: "You're welcome. Ask me anything about the report's chapter on Kazakhstan.",
	lang.Russian: "Пожалуйста. Спрашивайте о главе доклада, посвящённой Казахстану.",
	lang.Kazakh:  "Әрқашан көмектесемін. Баяндаманың Қазақстан туралы тарауы жайлы сұрай беріңіз.",
}

// otherYear is said when a question names a year after the report: the
// report's events year, then the year asked about.
var otherYear = map[lang.Language]string{
	lang.English: "The report covers events of %d, so it says nothing about %d.",
	lang.Russian: "Доклад описывает события %d года, поэтому о %d годе в нём ничего нет.",
	lang.Kazakh:  "Баяндама %d жылғы оқиғаларды сипаттайды, сондықтан онда %d жыл туралы ештеңе жоқ.",
}

// nowNote opens an answer to a question about the present: the report
// speaks of its own year.
var nowNote = map[lang.Language]string{
	lang.English: "The report covers %d:",
	lang.Russian: "Доклад описывает %d год:",
	lang.Kazakh:  "Баяндама %d жылды сипаттайды:",
}

// unofficialNote tells a reader that quoted translations are the bot's own.
var unofficialNote = map[lang.Language]string{
	lang.Russian: "Цитаты даны в неофициальном переводе; оригинал на английском — по ссылкам.",
	lang.Kazakh:  "Дәйексөздер ресми емес аудармада берілген; ағылшынша түпнұсқасы сілтемелерде.",
}

// tooLong is said when a question is longer than MaxQuestionRunes.
var tooLong = map[lang.Language]string{
	lang.English: "The question is too long. Please ask it in fewer words (at most 1,000 characters).",
	lang.Russian: "Вопрос слишком длинный. Пожалуйста, сформулируйте его короче (не более 1000 символов).",
	lang.Kazakh:  "Сұрақ тым ұзын. Оны қысқарақ қойыңыз (1000 таңбадан аспасын).",
}

// noWords is said when a question has no letters or digits in it.
var noWords = map[lang.Language]string{
	lang.English: "Please ask a question in words, for example: What happened to Maks Bokaev?",
	lang.Russian: "Задайте, пожалуйста, вопрос словами, например: Что случилось с Максом Бокаевым?",
	lang.Kazakh:  "Сұрақты сөзбен қойыңыз, мысалы: Макс Боқаевқа не болды?",
}

// NotFoundText returns the reply for a question the report does not answer.
func NotFoundText(l lang.Language) string { return notFound[l] }

func refs(hits []Hit) []PassageRef {
	out := make([]PassageRef, 0, len(hits))
	for _, h := range hits {
		out = append(out, PassageRef{
			ID: h.Passage.ID, Score: h.Score, Section: h.Passage.SectionTitle,
			Lang: string(h.Passage.Lang), Text: h.Passage.Text, Original: h.Passage.Original,
		})
	}
	return out
}

func citation(n int, h Hit) Citation { return CitationOf(n, h.Passage) }

// CitationOf is passage p as the n-th source of an answer. It is the one
// place a passage becomes a citation, for answers, /source and the digest
// alike, so that every source is shown the same way.
func CitationOf(n int, p ingest.Passage) Citation {
	return Citation{
		N: n, ID: p.ID, Section: p.SectionTitle, Lang: string(p.Lang),
		Text: p.Text, Original: p.Original, URL: p.URL,
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
