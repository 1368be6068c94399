package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder and replacer are stateless once built, so one value of each serves
// every goroutine.
var (
	folder   = cases.Fold()
	replacer = strings.NewReplacer("ё", "е", "’", "'", "ʼ", "'")
)

// Normalize puts text in the form every comparison in the bot uses: Unicode
// NFC, case-folded, with ё written as е (Russian texts use the two
// interchangeably) and typographic apostrophes made plain.
func Normalize(text string) string {
	return replacer.Replace(folder.String(norm.NFC.String(text)))
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
//
// In Russian, a capitalised word is stemmed by stripping one case ending
// only, because it is most likely a name: Snowball cuts "Вадим" to "вад" but
// "Вадимом" to "вадим", and names are what questions about the report are
// most often about. A capitalised common word at the start of a sentence
// ("Власти", "Правительство") loses the same ending Snowball would take.
func Terms(text string, l Language) []string {
	return terms(text, l, word.term)
}

// Token is a word of a text with its index term.
type Token struct {
	// Word is the word normalised, before stemming.
	Word string
	// Term is the word's index term.
	Term string
	// Name is true for a capitalised word: most often a name.
	Name bool
	// Gloss is the term of the word the report uses for this one, when
	// the glossary has one ("jailed" for "prison"), else "".
	Gloss string
	// Initial is true for the first word of a sentence, whose capital
	// says nothing of whether it is a name.
	Initial bool
}

// Tokens returns the words of a text in language l that are not stop words,
// each with its term: Terms, keeping the words they came from, so that a
// word the index lacks can still be matched by its spelling.
func Tokens(text string, l Language) []Token {
	words := splitWords(text)
	out := make([]Token, 0, len(words))
	for _, w := range words {
		if t := w.term(l); t != "" {
			out = append(out, Token{Word: w.text, Term: t, Name: w.name})
		}
	}
	return out
}

func terms(text string, l Language, stem func(word, Language) string) []string {
	words := splitWords(text)
	out := make([]string, 0, len(words))
	for _, w := range words {
		if t := stem(w, l); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (w word) term(l Language) string {
	if w.name && l == Russian && !isLatin(w.text) {
		if russian.IsStopWord(w.text) || russianStop[w.text] {
			return ""
		}
		return stemRussianName(w.text)
	}
	return Term(w.text, l)
}

type word struct {
	text string // normalised
	name bool   // capitalised
}

// fold case-folds a word. For Latin and Cyrillic letters simple lower-casing
// is the same as full case folding and far cheaper, so the folder runs only
// on words with other letters (ß, Greek final sigma).
func fold(w string) string {
	simple := true
	for _, r := range w {
		if r >= utf8.RuneSelf && !unicode.Is(unicode.Cyrillic, r) {
			simple = false
			break
		}
	}
	if simple {
		w = strings.ToLower(w)
	} else {
		w = folder.String(w)
	}
	if strings.ContainsAny(w, "ё’ʼ") {
		w = replacer.Replace(w)
	}
	return w
}

// splitWords is Words that also tells which words are capitalised.
func splitWords(text string) []word {
	raw := strings.FieldsFunc(norm.NFC.String(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	out := make([]word, 0, len(raw))
	for _, r := range raw {
		first, _ := utf8.DecodeRuneInString(r)
		name := unicode.IsUpper(first)
		folded := fold(r)
		// An apostrophe ends a word, as in Words.
		for w := range strings.SplitSeq(folded, "'") {
			if w != "" {
				out = append(out, word{text: w, name: name})
			}
		}
	}
	return out
}

// NameKey strips Russian case endings from a normalised word until none is
// left or three letters remain, so that every case form of a short name
// shares one key: "аяна", "аяном" and "аяну" are all "аян". It is coarser
// than a stem and is only for matching a name the index does not know.
func NameKey(w string) string {
	for {
		n := utf8.RuneCountInString(w)
		stripped := false
		for _, e := range russianNameEndings {
			if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 3 {
				w, stripped = strings.TrimSuffix(w, e), true
				break
			}
		}
		if !stripped {
			return w
		}
	}
}

// stemRussianName strips one case ending from a name, leaving at least
// four letters: "Курамшиным" → "курамшин", "Максом" → "макс", "Вадим" stays.
func stemRussianName(w string) string {
	n := utf8.RuneCountInString(w)
	for _, e := range russianNameEndings {
		if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 4 {
			return strings.TrimSuffix(w, e)
		}
	}
	return w
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
		// A stop word typed without Kazakh letters ("ким" for "кім") is
		// still one.
		if kazakhStop[w] || russian.IsStopWord(w) || kazakhStopSkeletons[Skeleton(w)] {
			return ""
		}
		if s := StemKazakh(w); !kazakhStopStems[s] {
			return s
		}
		return ""
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

// IsEnglishFunctionWord reports whether w is an English function word ("the",
// "of", "is"): a word that shows a Latin-letter message is English, where a
// name or a topic word ("kazakhstan", "hrw") does not.
func IsEnglishFunctionWord(w string) bool { return english.IsStopWord(w) }

// JoinedTerms returns the terms of each pair of adjacent words written as
// one ("Адил соз" → "адилсоз"), so that a name a user writes without its
// space ("Адилсоз", "Жанаозен") still matches the text that has it, and the
// other way round. Index passages with them; questions need only Terms.
// A joined word is stemmed as Terms stems it written as one: as a name when
// its first part is capitalised.
func JoinedTerms(text string, l Language) []string {
	return joinedTerms(text, l, word.term)
}

func joinedTerms(text string, l Language, stem func(word, Language) string) []string {
	words := splitWords(text)
	var out []string
	for i := 0; i+1 < len(words); i++ {
		if IsStopWord(words[i].text) || IsStopWord(words[i+1].text) {
			continue
		}
		joined := word{text: words[i].text + words[i+1].text, name: words[i].name}
		if t := stem(joined, l); t != "" {
			out = append(out, t)
		}
	}
	return out
}
