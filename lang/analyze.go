package lang

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder is stateless once built, so one value serves every goroutine.
var folder = cases.Fold()

// Normalize puts text in the form every comparison in the bot uses: Unicode
// NFC, case-folded, with ё written as е (Russian texts use the two
// interchangeably) and typographic apostrophes made plain.
func Normalize(text string) string {
	s := folder.String(norm.NFC.String(text))
	return strings.NewReplacer("ё", "е", "’", "'", "ʼ", "'").Replace(s)
}

// Words splits normalised text into runs of letters and digits. An apostrophe
// inside a word ("workers'", "can't") ends it, which keeps possessives and
// contractions from becoming terms of their own.
func Words(text string) []string {
	return strings.FieldsFunc(Normalize(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Terms returns the index terms of a text in language l: normalised words,
// stop words dropped, each stemmed by the language's stemmer. A word in
// another script than the language's own (a Latin name in a Russian
// question) is stemmed as English.
func Terms(text string, l Language) []string {
	words := Words(text)
	terms := make([]string, 0, len(words))
	for _, w := range words {
		if t := Term(w, l); t != "" {
			terms = append(terms, t)
		}
	}
	return terms
}

// Term stems one normalised word, or returns "" for a stop word.
func Term(w string, l Language) string {
	if isLatin(w) {
		l = English
	}
	switch l {
	case Russian:
		if russian.IsStopWord(w) || russianStop[w] {
			return ""
		}
		return russian.Stem(w, true)
	case Kazakh:
		if kazakhStop[w] || russian.IsStopWord(w) {
			return ""
		}
		return StemKazakh(w)
	default:
		if english.IsStopWord(w) || englishStop[w] {
			return ""
		}
		return english.Stem(w, true)
	}
}

func isLatin(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// IsStopWord reports whether a normalised word is a stop word in any of the
// bot's languages, for comparisons that do not know the language.
func IsStopWord(w string) bool {
	return english.IsStopWord(w) || englishStop[w] || russian.IsStopWord(w) || russianStop[w] || kazakhStop[w]
}

// JoinedTerms returns the terms of each pair of adjacent words written as
// one ("Адил соз" → "адилсоз"), so that a name a user writes without its
// space ("Адилсоз", "Жанаозен") still matches the text that has it, and the
// other way round. Index passages with them; questions need only Terms.
func JoinedTerms(text string, l Language) []string {
	words := Words(text)
	var out []string
	for i := 0; i+1 < len(words); i++ {
		if IsStopWord(words[i]) || IsStopWord(words[i+1]) {
			continue
		}
		if t := Term(words[i]+words[i+1], l); t != "" {
			out = append(out, t)
		}
	}
	return out
}
