package lang

import (
	"slices"
	"strings"
	"sync"
)

// A question has a subject (a person, a place, a theme) and an ask: what
// it wants to know of the subject. A passage about the subject answers only
// if it also carries the ask. Two kinds of ask words are told here, as rules
// of the languages, not of any report.

// details are the particulars a rights report seldom states (family, home,
// age, founding, winning, money, pardons, contacts, professions, appeals), each as
// one line of the word forms that ask for it or state it. A question with
// such a word is answered only by a passage that has a word of the same
// line ("son" answers "his family?", but not "his wife?"; "unsuccessfully"
// answers "did they win in court?"): when none has, the report does not answer, however much it
// says of the subject. A word after "|" only states the particular: it does
// not make a question ask for it. Forms are listed whole, not stemmed: a
// stem is often another word's ("found" of "founded" and of "the court
// found"; «жить» of «жить не дают»).
var details = byLanguage(func(p *profile) []string { return p.details })

// punishment are the words of one act seen from either side, the sentence
// and the prison, in each language: a question about someone's "conviction"
// or how long they «сидит» is answered by a paragraph that says they were
// "sentenced" or «лишен свободы», and is not by one that speaks of neither.
var punishment = byLanguage(func(p *profile) map[string]bool { return p.punishment })

// askLists are, per language, the detail lines by word and the punishment
// words as terms, so that any form a stemmer brings to the same term counts.
type askLists struct {
	asks     map[string]int          // a detail word that asks → its line
	states   map[string]map[int]bool // any word of a line → its lines
	punished map[string]bool
}

var askTerms = sync.OnceValue(func() map[Language]askLists {
	out := map[Language]askLists{}
	for _, l := range All {
		a := askLists{asks: map[string]int{}, states: map[string]map[int]bool{}, punished: map[string]bool{}}
		state := func(w string, n int) {
			k := kazakhKey(w, l)
			if a.states[k] == nil {
				a.states[k] = map[int]bool{}
			}
			a.states[k][n] = true
		}
		for n, line := range details[l] {
			asking, stating, _ := strings.Cut(line, "|")
			for _, w := range strings.Fields(asking) {
				if _, ok := a.asks[kazakhKey(w, l)]; !ok {
					a.asks[kazakhKey(w, l)] = n + 1
				}
				state(w, n+1)
			}
			for _, w := range strings.Fields(stating) {
				state(w, n+1)
			}
		}
		for w := range punishment[l] {
			if t := Term(w, l); t != "" {
				a.punished[t] = true
			}
		}
		out[l] = a
	}
	return out
})

// Detail returns which particular a normalised word of language l asks for
// (see details), or 0 for none.
func Detail(word string, l Language) int {
	return askTerms()[l].asks[kazakhKey(word, l)]
}

// kazakhKey is how a Kazakh word is looked up in a list of forms: by its
// skeleton, so that one typed without Kazakh letters («аялы», «казир»,
// "turady") is the same word. Other languages' words are their own key.
func kazakhKey(w string, l Language) string {
	if l != Kazakh {
		return w
	}
	return Skeleton(w)
}

// States reports whether a normalised word of language l states the
// particular n (see Detail).
func States(word string, l Language, n int) bool {
	return n != 0 && askTerms()[l].states[kazakhKey(word, l)][n]
}

// IsPunishment reports whether a term of language l names a conviction, a
// sentence or a prison (see punishment).
func IsPunishment(term string, l Language) bool {
	return askTerms()[l].punished[term]
}

// whoWhere are the question words that ask for a person or a place.
var whoWhere = byLanguage(func(p *profile) map[string]bool { return p.whoWhere })

// AsksWhoOrWhere reports whether a question asks for a person or a place
// ("who is president now?", «где он сейчас?»): asked about the present, a
// report on a past year cannot say.
func (m Message) AsksWhoOrWhere() bool {
	return slices.ContainsFunc(m.Words, func(w string) bool { return whoWhere[m.Lang][w] })
}

// firstPerson are the words by which an asker speaks of their own: "my
// brother", «у меня брат», «менің ағам».
var firstPerson = set(`my our i мой моя мое моё мои моего моей моих наш наша наши меня нас менің біздің менде бізде`)

// Own returns the words of a message that follow, within two words, one by
// which the asker speaks of their own: the asker's brother is not a detail
// the report is asked for.
func (m Message) Own() map[string]bool {
	var out map[string]bool
	for i, w := range m.Words {
		if !firstPerson[w] {
			continue
		}
		for _, next := range m.Words[i+1 : min(i+3, len(m.Words))] {
			if out == nil {
				out = map[string]bool{}
			}
			out[next] = true
		}
	}
	return out
}

// numberWords are the words of quantities a sentence may state a number in
// ("six years", «шесть лет», «алты жыл»): whole words, and word starts
// when of five letters or more («двенадцат»: «двенадцати», «двенадцатью»).
var numberWords = byLanguage(func(p *profile) []string { return p.numberWords })

// HasNumber reports whether a sentence of language l states a quantity: a
// number in digits or in words. It is what answers "how long", «сколько»
// or «қанша».
func HasNumber(sentence string, l Language) bool {
	for _, w := range Words(sentence) {
		if strings.ContainsAny(w, "0123456789") {
			return true
		}
		for _, n := range numberWords[l] {
			if w == n || len([]rune(n)) >= 5 && strings.HasPrefix(w, n) {
				return true
			}
		}
	}
	return false
}

// quantities are the words that make "how" ask for a number ("how many",
// "how long") rather than a manner ("how did the US react?").
var quantities = set(`many much long old often far soon`)

// AsksOneFact reports whether a question asks for a single fact (who, when,
// where, how many, «сколько», «қашан») rather than for an account: "how"
// asks for one only with a word of quantity after it.
func (m Message) AsksOneFact() bool {
	for i, w := range m.Words {
		switch {
		case !particulars[m.Lang][w]:
		case w == "how":
			if i+1 < len(m.Words) && quantities[m.Words[i+1]] {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// nameWords ask for someone's name ("what's the name of the guard", «как
// зовут», «атын білесіз бе»): the answer must name someone.
var nameWords = byLanguage(func(p *profile) map[string]bool { return p.nameWords })

// quantityWords ask for a number ("how many", «сколько», «қанша»).
var quantityWords = byLanguage(func(p *profile) map[string]bool { return p.quantityWords })

// AsksName reports whether a question asks for someone's name.
func (m Message) AsksName() bool {
	return slices.ContainsFunc(m.Words, func(w string) bool {
		return nameWords[m.Lang][w] || m.Lang == Kazakh && kazakhNames[Skeleton(w)]
	})
}

// kazakhNames are the Kazakh words for a name as skeletons («атын» typed
// «атын» or "atyn").
var kazakhNames = skeletonsOf(nameWords[Kazakh])

// AsksQuantity reports whether a question asks for a number: "how many",
// "how much", "how long", «сколько», «қанша», «неше».
func (m Message) AsksQuantity() bool {
	for i, w := range m.Words {
		if quantityWords[m.Lang][w] || m.Lang == Kazakh && kazakhQuantity[Skeleton(w)] {
			return true
		}
		if w == "how" && i+1 < len(m.Words) && howMany[m.Words[i+1]] {
			return true
		}
	}
	return false
}

// howMany are the words after "how" that ask for a number.
var howMany = set(`many much long`)

// kazakhQuantity are the Kazakh words for "how many" as skeletons («канша»).
var kazakhQuantity = skeletonsOf(quantityWords[Kazakh])

// units are the measures a question for a number may ask in, as word
// starts: "how many years", «сколько лет», «неше жыл». A number in another
// unit does not answer it: 15 days is not how many years.
var units = byLanguage(func(p *profile) [][]string { return p.units })

// unitOf returns which unit of language l a word is in (1-based), or 0.
func unitOf(w string, l Language) int {
	if l == Kazakh {
		w = ToCyrillic(w, Kazakh)
	}
	for n, starts := range units[l] {
		for _, s := range starts {
			// «ай» alone or with an ending («айға»), never «айып».
			if w == s || strings.HasPrefix(w, s) && (len([]rune(s)) >= 3 || l != Kazakh) {
				return n + 1
			}
		}
	}
	return 0
}

// Unit returns the unit a question for a number asks in ("how many
// years": years), or 0 when it names none: the word right after the
// question word, or the one after that.
func (m Message) Unit() int {
	for i, w := range m.Words {
		if !quantityWords[m.Lang][w] && !(m.Lang == Kazakh && kazakhQuantity[Skeleton(w)]) && !(w == "how" && i+1 < len(m.Words) && howMany[m.Words[i+1]]) {
			continue
		}
		for _, next := range m.Words[i+1 : min(i+3, len(m.Words))] {
			if u := unitOf(next, m.Lang); u != 0 {
				return u
			}
		}
	}
	return 0
}

// HasUnit reports whether a sentence of language l states a measure in
// unit u (see Unit).
func HasUnit(sentence string, l Language, u int) bool {
	return slices.ContainsFunc(Words(sentence), func(w string) bool { return unitOf(w, l) == u })
}

// months are the month names, as word starts of four letters or more, else
// whole («мая»), which a capital does not make a name of someone ("In
// September a court…").
var months = byLanguage(func(p *profile) []string { return p.months })

// IsMonth reports whether a normalised word of language l names a month,
// in any of its forms.
func IsMonth(w string, l Language) bool {
	for _, m := range months[l] {
		if w == m || len([]rune(m)) >= 4 && strings.HasPrefix(w, m) {
			return true
		}
	}
	return false
}

// comparing are the words that ask how two things differ: across reports,
// "what changed between 2016 and 2017" asks each year's report the rest.
var comparing = byLanguage(func(p *profile) map[string]bool { return p.comparing })

// IsComparing reports whether w, a word of language l, asks how two things
// differ ("changed", «изменилось», «өзгерді»).
func IsComparing(w string, l Language) bool { return comparing[l][w] }

// choosing are the words that offer a choice between things named ("A or
// B?"): asked of reports, "where was it harder, A or B?" asks each report
// what it says, and the choice is the reader's.
var choosing = byLanguage(func(p *profile) map[string]bool { return p.choosing })

// IsChoosing reports whether w, a word of language l, offers a choice
// ("or", «или», «әлде»).
func IsChoosing(w string, l Language) bool { return choosing[l][w] }
