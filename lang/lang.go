// Package lang tells which of the bot's languages a text is in and turns text
// into the normalised, stemmed terms that retrieval compares.
//
// The bot speaks English, Russian and Kazakh. Kazakh has no Snowball stemmer,
// so this package carries a suffix-stripping one of its own.
package lang

import (
	"strings"
	"unicode"
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

// kazakhMarkers are frequent Kazakh words written without Kazakh-only letters,
// so that a question such as "Бокаев деп кім?" typed on a Russian keyboard is
// still recognised. None of them is a common Russian word.
var kazakhMarkers = map[string]bool{
	"ма": true, "ме": true, "ба": true, "бе": true, "па": true, "пе": true,
	"мен": true, "бен": true, "пен": true, "деп": true, "жылы": true,
	"емес": true, "бойынша": true, "туралы": true, "жане": true, "кандай": true,
	"калай": true, "канша": true, "ким": true, "кезде": true, "жок": true,
	"болды": true, "болады": true, "айтты": true, "жасады": true, "керек": true,
	"сияқты": true, "адамдар": true,
}

// Detect returns the language a text is written in, and ok false when the text
// has no letters to tell by (digits, emoji, an empty message).
//
// Any Kazakh-only letter makes a text Kazakh; otherwise Cyrillic text is
// Russian unless it contains a frequent Kazakh word; otherwise Latin text is
// English.
func Detect(text string) (l Language, ok bool) {
	var latin, cyrillic int
	for _, r := range text {
		switch {
		case strings.ContainsRune(kazakhLetters, r):
			return Kazakh, true
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case cyrillic == 0 && latin == 0:
		return "", false
	case cyrillic >= latin:
		for _, w := range Words(text) {
			if kazakhMarkers[w] {
				return Kazakh, true
			}
		}
		return Russian, true
	default:
		return English, true
	}
}
