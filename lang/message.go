package lang

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Message is a question read once: what every later step (the gates for
// chatter, small talk and follow-ups, retrieval, the relevance gate and the
// extractive answer) needs to know about its text, so that none of them
// splits or detects it again.
type Message struct {
	// Text is the message without chat wrappers (see StripChatter), and
	// in Cyrillic once read in Kazakh or Russian when it was typed in
	// Latin letters.
	Text string
	// Words are Text's normalised words (see Words).
	Words []string
	// Lang is the language Text is written in, or the fallback given to
	// Read when it has no letters to tell by.
	Lang Language
	// Detected is false when Lang is the fallback.
	Detected bool
}

// Read reads a message in the language its letters show (see Detect), or
// in fallback when they show none.
func Read(message string, fallback Language) Message {
	text := StripChatter(message)
	l, ok := Detect(text)
	if !ok {
		l = fallback
	}
	words := Words(text)
	if ok && l == Russian && fallback == Kazakh && !mostlyLatin(text) && unmarked(text) {
		// Nothing in «ауа райы» is Russian rather than Kazakh: a Kazakh
		// reader's. Which edition has its words may still say Russian
		// (see rag's reading of a question's language).
		l, ok = fallback, false
	}
	if ok && l == English && latinFollowUp(words, fallback) {
		// "a ablyazov?" in a Russian chat, "al kuramshin she?" in a
		// Kazakh one: the chat's continuation in Latin letters, whose
		// words English happens to have too.
		l, ok = fallback, false
	}
	if len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool { return !neutral[w] }) {
		// «ок», "ok", "👍 спс": every language's, so the chat's.
		l, ok = fallback, false
	}
	return Message{Text: text, Words: words, Lang: l, Detected: ok}.In(l)
}

// neutral are the short replies people type in any of the languages, in
// either script: they say nothing of the language a chat speaks.
var neutral = set(`ok okay okey k kk ок окей оке кк спс thx пасиб`)

// latinFollowUps are, per language, the continuations that open a short
// follow-up typed in Latin letters, and the particle that may end it.
var latinFollowUps = byLanguage(func(p *profile) struct{ opens, ends map[string]bool } { return p.latinFollowUps })

// latinFollowUp reports whether a short Latin message is a follow-up in
// language l: it opens with l's continuation or ends with its particle,
// and has no other English function word.
func latinFollowUp(words []string, l Language) bool {
	f, ok := latinFollowUps[l]
	if !ok || len(words) < 2 || len(words) > 4 || !mostlyLatin(strings.Join(words, " ")) {
		return false
	}
	opens, ends := f.opens[words[0]], f.ends[words[len(words)-1]]
	if !opens && !ends {
		return false
	}
	for i, w := range words {
		if i == 0 && opens || i == len(words)-1 && ends {
			continue
		}
		if IsEnglishFunctionWord(w) {
			return false
		}
	}
	return true
}

// In returns the message read in language l, which may differ from the
// one its letters showed (a lone word whose language only a vocabulary
// knows). A Kazakh or Russian message typed in Latin letters is written in
// Cyrillic, which is how the report's editions spell it.
func (m Message) In(l Language) Message {
	m.Lang = l
	if l != English && mostlyLatin(m.Text) {
		m.Text = ToCyrillic(m.Text, l)
		m.Words = Words(m.Text)
	}
	return m
}

// mostlyLatin reports whether most of a text's letters are Latin.
func mostlyLatin(text string) bool {
	latin, other := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	return latin > other
}

// Years returns the years (1900 to 2099) a message names.
func (m Message) Years() []int {
	return years(m.Words)
}

// Years returns the years (1900 to 2099) a text names ("Events of 2016").
func Years(text string) []int {
	return years(Words(text))
}

func years(words []string) []int {
	var out []int
	for _, w := range words {
		if len(w) != 4 || !(strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) {
			continue
		}
		if y, err := strconv.Atoi(w); err == nil {
			out = append(out, y)
		}
	}
	return out
}
