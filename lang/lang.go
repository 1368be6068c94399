package lang

import (
	"reflect"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/russian"
)

// Language is an ISO 639-1 code of a language the bot answers in.
type Language string

// The languages the bot answers in.
const (
	English Language = "en"
	Russian Language = "ru"
	Kazakh  Language = "kk"
)

// All lists the supported languages in the order the bot presents them.
var All = []Language{English, Russian, Kazakh}

// names are the languages' names in English, as a prompt or a log gives
// them.
var names = map[Language]string{English: "English", Russian: "Russian", Kazakh: "Kazakh"}

// Name returns a language's name in English ("Russian"); English for a
// language the bot does not speak.
func (l Language) Name() string {
	if n, ok := names[l]; ok {
		return n
	}
	return names[English]
}

// HasKazakhLetters reports whether a word has a letter Kazakh has and
// Russian does not.
func HasKazakhLetters(w string) bool { return strings.ContainsAny(w, kazakhLetters) }

// Parse returns the Language for an ISO 639-1 code such as "ru" or a tag such
// as "ru-RU"; ok is false for a language the bot does not speak.
func Parse(code string) (l Language, ok bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i > 0 {
		code = code[:i]
	}
	switch Language(code) {
	case English, Russian, Kazakh:
		return Language(code), true
	}
	return "", false
}

// kazakhLetters are the Cyrillic letters Kazakh has and Russian does not.
const kazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

// cyrillicLanguage tells Kazakh from Russian: a word with a Kazakh-only
// letter or a frequent Kazakh word makes a text Kazakh, unless the Kazakh
// letters are in one word only among Russian function words, as when a
// Russian question spells a name the Kazakh way («сколько суток дали
// боқаеву»).
func cyrillicLanguage(text string) Language {
	kazakhWords, markers, russianWords := cyrillicEvidence(text)
	switch {
	case kazakhWords == 1 && markers == 0 && russianWords >= 2:
		return Russian
	case kazakhWords > 0 || markers > 0:
		return Kazakh
	}
	return Russian
}

// cyrillicEvidence counts a text's words with a Kazakh-only letter, its
// frequent Kazakh words and its Russian function words.
func cyrillicEvidence(text string) (kazakhWords, markers, russianWords int) {
	for _, w := range Words(text) {
		switch {
		case strings.ContainsAny(w, kazakhLetters):
			kazakhWords++
		case kazakhMarkers[w]:
			markers++
		case russian.IsStopWord(w) || russianStop[w]:
			russianWords++
		}
	}
	return kazakhWords, markers, russianWords
}

// unmarked reports whether a Cyrillic text has no word that tells Kazakh
// from Russian («ауа райы», «пытки»): Detect calls it Russian for want of
// anything else.
func unmarked(text string) bool {
	k, m, r := cyrillicEvidence(text)
	return k+m+r == 0
}

// Detect returns the language a text is written in, and ok false when the text
// has no letters to tell by (digits, emoji, an empty message).
//
// Any Kazakh-only letter makes a text Kazakh; otherwise Cyrillic text is
// Russian unless it contains a frequent Kazakh word; otherwise Latin text is
// English. The script is the one with more letters, counting only words that
// do not start with a capital when there are any: names ("Human Rights
// Watch" in a Russian question) do not tell the language of the question.
func Detect(text string) (l Language, ok bool) {
	// Index 0 counts all letters, index 1 those of uncapitalised words.
	var latin, cyrillic [2]int
	capital, inWord := false, false
	for _, r := range text {
		letter := unicode.IsLetter(r)
		if letter && !inWord {
			capital = unicode.IsUpper(r)
		}
		inWord = letter
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic[0]++
			if !capital {
				cyrillic[1]++
			}
		case unicode.Is(unicode.Latin, r):
			latin[0]++
			if !capital {
				latin[1]++
			}
		}
	}
	by := 0
	if latin[1]+cyrillic[1] > 0 {
		by = 1
	}
	switch {
	case cyrillic[0] == 0 && latin[0] == 0:
		return "", false
	case cyrillic[by] >= latin[by] || strings.ContainsAny(text, kazakhLetters):
		return cyrillicLanguage(text), true
	default:
		return latinLanguage(text), true
	}
}

// profiles are the languages' words, one file each (en.go, ru.go, kk.go):
// a language the bot learns is one profile here and one file.
var profiles = map[Language]*profile{English: &englishWords, Russian: &russianWords, Kazakh: &kazakhWords}

// byLanguage makes a map by language of one field of the profiles,
// leaving out the languages whose profile leaves it empty.
func byLanguage[T any](f func(p *profile) T) map[Language]T {
	out := map[Language]T{}
	for l, p := range profiles {
		if v := f(p); !reflect.ValueOf(&v).Elem().IsZero() {
			out[l] = v
		}
	}
	return out
}
