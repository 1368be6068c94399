package lang

import (
	"slices"
	"strings"
)

// continuations open a question that goes on from the one before: "And
// Ayan?", «А его приговор?», «Ал Аян ше?».
var continuations = byLanguage(func(p *profile) map[string]bool { return p.continuations })

// referring are the pronouns by which a question refers to someone named
// before it.
var referring = byLanguage(func(p *profile) map[string]bool { return p.referring })

// DependsOnContext reports whether a question cannot be read
// alone: it refers to someone with a pronoun ("what was his sentence?"),
// opens with a continuation ("and Ayan?", «а с Аяном?»), or ends with the
// Kazakh particle of an elliptic question («Аян ше?»). A question that
// stands alone is never read together with the one before.
func (m Message) DependsOnContext() bool {
	words, l := m.Words, m.Lang
	if len(words) == 0 {
		return false
	}
	if continuations[l][words[0]] || words[0] == "what" && len(words) > 1 && words[1] == "about" {
		return true
	}
	if l == Kazakh && words[len(words)-1] == "ше" {
		return true
	}
	return m.Refers()
}

// Refers reports whether a question refers with a pronoun to someone named
// before it ("and his wife?", «а за что его судили?»): it keeps the subject
// of the conversation, where a continuation with a new name («а Козлов?»)
// replaces it.
func (m Message) Refers() bool {
	for _, w := range m.Words {
		if referring[m.Lang][w] || m.Lang == Kazakh && kazakhReferring[Skeleton(w)] {
			return true
		}
	}
	return false
}

// IsPronoun reports whether w is a personal pronoun of language l ("his",
// «его», «оны»): it stands for someone, and is no topic of its own.
func IsPronoun(w string, l Language) bool {
	return referring[l][w] || l == Kazakh && kazakhReferring[Skeleton(w)]
}

// kazakhReferring are the Kazakh pronouns as skeletons, so that one typed
// without Kazakh letters («оган», «онын») still refers.
var kazakhReferring = skeletonsOf(referring[Kazakh])

// smallTalk are the words of thanks, acknowledgements and greetings, which
// ask nothing of the report.
var smallTalk = set(`thanks thank you thx ty tnx ok okay k cool great nice good got it i see hi hello hey bye ` +
	`much very lot a so awesome perfect understood ` +
	`спасибо спс благодарю большое огромное ок окей понятно ясно хорошо класс отлично супер ` +
	`привет здравствуйте пока понял поняла ага угу да ` +
	`рахмет рақмет көп үлкен жарайды түсінікті түсіндім сәлем салем сәлеметсіз сау бол керемет жақсы иә`)

// IsSmallTalk reports whether a message is only thanks, an acknowledgement
// or a greeting ("Thanks!", «Спасибо большое», «Рахмет»).
func (m Message) IsSmallTalk() bool {
	words := m.Words
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		if !smallTalk[strings.TrimSuffix(w, "!")] {
			return false
		}
	}
	return true
}

// greetings are the small-talk words that greet rather than thank.
var greetings = set(`hi hello hey привет здравствуйте сәлем салем сәлеметсіз`)

// IsGreeting reports whether a message of small talk greets ("Hi!",
// «Привет», «Сәлем»): it wants a hello back, not "you're welcome".
func (m Message) IsGreeting() bool {
	return m.IsSmallTalk() && slices.ContainsFunc(m.Words, func(w string) bool { return greetings[strings.TrimSuffix(w, "!")] })
}

// particulars are the question words that ask for one fact (a number, a
// time, a person, a reason), not for a theme.
var particulars = byLanguage(func(p *profile) map[string]bool { return p.particulars })

// AsksParticular reports whether a question asks for one fact ("how many
// journalists…", «кто…», «қашан…») rather than about a theme.
func (m Message) AsksParticular() bool {
	for _, w := range m.Words {
		if particulars[m.Lang][w] {
			return true
		}
	}
	return false
}

// overviews are the words of a request for the report as a whole: its
// summary, the short version, the gist. Each is a stop word too (a test
// checks it), for the request is told by having no topic of its own.
var overviews = set(`summary summarize summarise overview overall short brief briefly tldr gist whole general ` +
	`report chapter ` +
	`кратко вкратце коротко общем целом обзор резюме главное доклад доклада докладе отчет отчета отчете ` +
	`қысқаша жалпы қорытынды баяндама баяндаманың баяндамада тарау тарауы`)

// AsksForOverview reports whether a message asks for the report as a whole
// ("give me a summary", «кратко о докладе», «баяндама қысқаша»): one of its
// words asks for an overview. A question with a topic of its own is asked
// about that topic, which the caller tells by the question's terms.
func (m Message) AsksForOverview() bool {
	for _, w := range m.Words {
		if overviews[w] {
			return true
		}
	}
	return false
}

// measures are the words that, after "how" ("how long", "how old", «как
// долго») or "which" ("which years", «в каком году», «қай жылы»), ask for a
// quantity or a time rather than name a topic: "2017-2018" answers "for
// which years" without the word.
var measures = map[string]map[string]bool{
	"how":    set(`long often far old soon big large`),
	"как":    set(`долго часто давно`),
	"which":  set(`year years`),
	"what":   set(`year years`),
	"каком":  set(`году`),
	"какой":  set(`год`),
	"какого": set(`года`),
	"какие":  set(`годы`),
	"қай":    set(`жылы жылдары`),
}

// Measures returns the words of a message that only ask for a quantity
// ("long" in "how long was he in prison"): a passage need not hold them.
// The caller drops such a word wherever it is in the message, which keeps
// the analysis a matter of words, not positions; a message that asks "how
// long" and also speaks of a "long" sentence loses the second.
func (m Message) Measures() map[string]bool {
	var out map[string]bool
	for i := 0; i+1 < len(m.Words); i++ {
		if measures[m.Words[i]][m.Words[i+1]] {
			if out == nil {
				out = map[string]bool{}
			}
			out[m.Words[i+1]] = true
		}
	}
	return out
}
