package lang

import (
	"slices"
	"strings"
	"unicode"
)

// Some questions ask for an answer of a kind a sentence either holds or
// does not: a time for "when", a count of a thing for "how many votes". A
// sentence about the subject that holds none does not answer them, however
// much else it says. The rules are the languages', not any report's.

// whenWords ask for a time.
var whenWords = byLanguage(func(p *profile) map[string]bool { return p.whenWords })

// kazakhWhen is «қашан» as a skeleton ("kashan", "qashan").
var kazakhWhen = skeletonsOf(whenWords[Kazakh])

// auxiliaries follow an English "when" that asks ("when did…", "when was…")
// rather than joins ("what did he say when he met…").
var auxiliaries = set(`did do does was were is are has have had will would could can`)

// yearWords ask for a year: "what year", «в каком году», «қай жылы».
var yearWords = byLanguage(func(p *profile) [][2]string { return p.yearWords })

// AsksWhen reports whether a question asks when something happened: "when
// did…", «когда его задержали?», «қашан», "what year". A "when" that joins
// two clauses ("what did Juncker say when he met…", «сколько погибло,
// когда стреляли») asks nothing: in English an auxiliary follows the one
// that asks; in Russian it opens or ends the question («а когда…»,
// «выпустили? когда»), and «когда-то» is no question.
func (m Message) AsksWhen() bool {
	for _, words := range m.clauseWords() {
		for i, w := range words {
			if m.Lang == Kazakh && kazakhWhen[Skeleton(w)] {
				return true
			}
			if i+1 < len(words) && slices.Contains(yearWords[m.Lang], [2]string{w, words[i+1]}) {
				return true
			}
			if !whenWords[m.Lang][w] {
				continue
			}
			next := ""
			if i+1 < len(words) {
				next = words[i+1]
			}
			switch m.Lang {
			case English:
				if auxiliaries[next] || next == "" {
					return true
				}
			case Russian:
				if (i == 0 || i == len(words)-1) && next != "то" && next != "нибудь" {
					return true
				}
			}
		}
	}
	return false
}

// clauseWords returns the words of each clause of a message, without the
// conjunction that opens it («а когда…», "and who…").
func (m Message) clauseWords() [][]string {
	var out [][]string
	for _, clause := range clauses(m.Text, m.Lang) {
		words := Words(clause)
		for len(words) > 0 && openers[words[0]] {
			words = words[1:]
		}
		out = append(out, words)
	}
	return out
}

// openers are the conjunctions that may open a question's clause.
var openers = set(`а и and so ал`)

// clauses splits a text of language l at the marks that end a clause: in
// Russian, where a comma comes before every «когда» that joins
// («реагируют, когда…»), only at the marks that end a sentence.
func clauses(text string, l Language) []string {
	marks := ".?!;:,—()"
	if l == Russian {
		marks = ".?!;:()"
	}
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(marks, r) })
}

// HasDate reports whether a sentence of language l states a time: a year
// in digits or a month's name ("In May", «в мае», «мамырда»). An English
// month is a capitalised word, for "may" is also a verb.
func HasDate(sentence string, l Language) bool {
	for _, f := range strings.FieldsFunc(sentence, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if isYear(f) {
			return true
		}
		first := []rune(f)[0]
		if l == English && !unicode.IsUpper(first) {
			continue
		}
		if IsMonth(Normalize(f), l) {
			return true
		}
	}
	return false
}

// isYear reports whether a word is a year of the last two centuries.
func isYear(w string) bool {
	if len(w) != 4 || strings.Trim(w, "0123456789") != "" {
		return false
	}
	return strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")
}

// peopleWords count people in general ("how many people", «сколько
// человек», «қанша адам»): any count of people answers them.
var peopleWords = byLanguage(func(p *profile) map[string]bool { return p.peopleWords })

// Counted returns the word a question for a number counts ("how many
// votes", «сколько нефтяников», «қанша жала жабу ісі»), or "" when it
// counts people in general, a time (see Unit) or nothing it names.
func (m Message) Counted() string {
	for i, w := range m.Words {
		if !quantityWords[m.Lang][w] && !(m.Lang == Kazakh && kazakhQuantity[Skeleton(w)]) && !(w == "how" && i+1 < len(m.Words) && howMany[m.Words[i+1]]) {
			continue
		}
		rest := m.Words[i+1:]
		if w == "how" {
			if m.Words[i+1] == "long" {
				return ""
			}
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return ""
		}
		next := rest[0]
		if unitOf(next, m.Lang) != 0 || peopleWords[m.Lang][next] || IsStopWord(next) || auxiliaries[next] {
			return ""
		}
		if !countable(next, m.Lang) {
			return ""
		}
		return next
	}
	return ""
}

// countable reports whether a word after «сколько» or «қанша» may be the
// thing counted rather than a verb («сколько погибло», «қанша берді»): in
// Russian a noun counted is in the genitive plural («нефтяников»,
// «голосов», «статей»).
func countable(w string, l Language) bool {
	switch l {
	case Russian:
		return slices.ContainsFunc([]string{"ов", "ев", "ёв", "ей"}, func(e string) bool { return strings.HasSuffix(w, e) })
	case Kazakh:
		return !slices.ContainsFunc([]string{"ды", "ді", "ты", "ті", "ған", "ген", "қан", "кен"}, func(e string) bool { return strings.HasSuffix(w, e) })
	}
	return true
}

// whoWords ask for a person: "who tortured him?", «кто подал иск?»,
// «адвокаты кім болды?».
var whoWords = byLanguage(func(p *profile) map[string]bool { return p.whoWords })

// kazakhWho are the Kazakh words for "who" as skeletons ("kim", «ким»).
var kazakhWho = skeletonsOf(whoWords[Kazakh])

// AsksWho reports whether a question asks who did something: "who was
// behind the attack?", «кто подал иск?», «шабуылдаушылар кім?». A "who" of
// a clause about someone ("the guard who raped…", «кто-то»), or asking who
// someone is («кто такая Харькова»), does not: in English and Russian the
// asking one opens its clause.
func (m Message) AsksWho() bool {
	for _, words := range m.clauseWords() {
		for i, w := range words {
			if m.Lang == Kazakh && kazakhWho[Skeleton(w)] {
				return true
			}
			if i > 0 || !whoWords[m.Lang][w] {
				continue
			}
			next := ""
			if i+1 < len(words) {
				next = words[i+1]
			}
			if !identity[next] {
				return true
			}
		}
	}
	return false
}

// identity are the words after "who" that ask who someone is, or that make
// it no question («кто-то»).
var identity = set(`is are такой такая такие это то нибудь`)

// whichWords ask which one of a kind: "which prison", «қай басылымда».
// Russian «какой» asks as often what kind ("какой срок", «какие
// ограничения»), whose answer is no name; after «в» it asks which one («в
// каком суде», «в какой колонии»).
var whichWords = byLanguage(func(p *profile) map[string]bool { return p.whichWords })

// placePrepositions come before a Russian «каком» or «какой» that asks
// which one: «в каком суде»; but «на каком основании», «на какой срок».
var placePrepositions = map[string]map[string]bool{
	"каком": set(`в во`),
	"какой": set(`в во`),
}

// notKinds are the words after "which" that ask for a time or a share, not
// for one of a kind with a name: "which one", «қай кезде», «қай мерзімге».
var notKinds = set(`one ones way time times term period кезде кезден мерзімге мерзімге уақытта жолы`)

// Which returns the kind a question asks which one of ("prison" of "which
// prison is he in"), or "": the answer names one, and a sentence that says
// only "a prison" or «казахстанский банк» does not. «Какое-то соглашение»
// asks nothing, nor does "which year", which asks when (see AsksWhen).
func (m Message) Which() string {
	for i, w := range m.Words[:max(len(m.Words)-1, 0)] {
		if !whichWords[m.Lang][w] || m.Lang == Russian && (i == 0 || !placePrepositions[w][m.Words[i-1]]) {
			continue
		}
		next := m.Words[i+1]
		if notKinds[next] || measures[w][next] || unitOf(next, m.Lang) != 0 || IsStopWord(next) || auxiliaries[next] {
			continue
		}
		return next
	}
	return ""
}

// IsHome reports whether a normalised word names Kazakhstan or calls
// something Kazakh: "a Kazakh bank" names no bank.
func IsHome(word string) bool {
	for _, p := range []string{"kazakh", "казах", "қазақ"} {
		if strings.HasPrefix(word, p) {
			return true
		}
	}
	return false
}

// ageWords name a person's age in each language's list of particulars
// (see details).
var ageWords = byLanguage(func(p *profile) string { return p.ageWords })

// datives are the Russian pronouns an age is asked of: «сколько ему лет».
var datives = set(`ему ей им`)

// AsksAge returns the particular of age (see Detail) when a question asks
// how old someone is in words that do not name age: "how old", «сколько ему
// лет», «сколько лет было». Else 0: «сколько лет ему дали» asks for a
// sentence.
func (m Message) AsksAge() int {
	w := m.Words
	for i := range w {
		switch {
		case m.Lang == English && w[i] == "how" && i+1 < len(w) && w[i+1] == "old",
			m.Lang == Russian && quantityWords[Russian][w[i]] && i+2 < len(w) && datives[w[i+1]] && w[i+2] == "лет" && (i+3 == len(w) || w[i+3] == "было"),
			m.Lang == Russian && quantityWords[Russian][w[i]] && i+2 < len(w) && w[i+1] == "лет" && w[i+2] == "было":
			return Detail(ageWords[m.Lang], m.Lang)
		}
	}
	return 0
}
