package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kazakh is written in Cyrillic and, more and more, in Latin letters: the
// official alphabet of 2021 (ä ğ ı ñ ö ş ū ü), its predecessors of 2017
// (apostrophes: a' g' n' s' c') and 2018 (acutes: á ǵ ń ó ú ý), and the
// informal ASCII people type on an English keyboard (q, gh, sh, ng, w). The
// bot's corpus is Cyrillic, so a Latin Kazakh question is recognised here
// and written in Cyrillic before it is analysed. Where the alphabets
// disagree (ı is ы in one and и in another, u is у or ұ) the conversion
// guesses, and Skeleton, which every script reduces to the same key, lets
// retrieval forgive the guess.

// Skeleton reduces a normalised word in Latin or Cyrillic letters to a
// lossy ASCII key that the spellings of one word share across scripts and
// transliterations: "Боқаев", "Бокаев", "Bokaev", "Bokayev" and "Boqaev"
// all become "bokaev"; "Жаңаөзен", "Zhanaozen" and "Janaozen" become
// "janaozen". Vowels that the alphabets tell apart (ы, і, и) are one letter
// here, so the key is for matching, never for display.
func Skeleton(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	rs := []rune(w)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		// Digraphs and apostrophe letters of the Latin spellings.
		switch {
		case next == '\'' && strings.ContainsRune("aginousc", r):
			b.WriteString(apostropheLetter(r))
			i++
			continue
		case next == 'h' && strings.ContainsRune("sczkg", r):
			b.WriteString(map[rune]string{'s': "sh", 'c': "ch", 'z': "j", 'k': "h", 'g': "g"}[r])
			i++
			continue
		case r == 'n' && next == 'g' || r == 'н' && next == 'г':
			// ng is how ң is typed without it; нг is rare in Kazakh.
			b.WriteByte('n')
			i++
			continue
		}
		if s, ok := skeletonLetters[r]; ok {
			b.WriteString(s)
		} else if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return dropGlide(b.String())
}

// apostropheLetter is the skeleton of a 2017-alphabet letter written with
// an apostrophe: s' is ш, c' is ч, the rest are their base letter's.
func apostropheLetter(r rune) string {
	switch r {
	case 's':
		return "sh"
	case 'c':
		return "ch"
	}
	if s, ok := skeletonLetters[r]; ok {
		return s
	}
	return string(r)
}

// dropGlide removes the i of a glide before e at the start of a word or
// after a vowel, where transliterations write one and Cyrillic does not:
// "Yevgeniy" and "Евгений", "Bokayev" and "Бокаев".
func dropGlide(s string) string {
	if !strings.Contains(s, "ie") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 'i' && i+1 < len(s) && s[i+1] == 'e' && (i == 0 || strings.IndexByte("aeiou", s[i-1]) >= 0) {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var skeletonLetters = map[rune]string{
	// Cyrillic, Russian and Kazakh.
	'а': "a", 'ә': "a", 'б': "b", 'в': "v", 'г': "g", 'ғ': "g", 'д': "d",
	'е': "e", 'ё': "e", 'ж': "j", 'з': "z", 'и': "i", 'й': "i", 'і': "i",
	'к': "k", 'қ': "k", 'л': "l", 'м': "m", 'н': "n", 'ң': "n", 'о': "o",
	'ө': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "u",
	'ү': "u", 'ф': "f", 'х': "h", 'һ': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "sh", 'ъ': "", 'ы': "i", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	// Latin letters with the values the Kazakh alphabets give them.
	'ä': "a", 'á': "a", 'à': "a", 'ğ': "g", 'ǵ': "g", 'ı': "i", 'í': "i",
	'ì': "i", 'y': "i", 'ñ': "n", 'ń': "n", 'ö': "o", 'ó': "o", 'ş': "sh",
	'ç': "ch", 'ū': "u", 'ü': "u", 'ú': "u", 'ý': "u", 'w': "u", 'q': "k",
	'x': "ks", 'c': "k", 'é': "e",
}

// latinKazakhMarkers are frequent Kazakh words, as skeletons, that an
// English question does not contain: question words, postpositions,
// particles and the verbs questions end in. Words that are also English
// ("men", "me", "bar", "ban") are left out.
var latinKazakhMarkers = skeletons(`не кім қанша қашан қалай неге қандай қайда нені кімді кімге ` +
	`туралы бойынша үшін деп деген болды болған болады жоқ ма ба па пе бе және әлі ` +
	`ғой ғана неше жылы жылғы айтылған айтылды жазылған сотталды ұсталды берілді ` +
	`қамауға түрмеде ме екен бар-жоғы белгілі баяндамада айтшы рахмет рақмет`)

// latinRussianMarkers are frequent Russian words, as skeletons, in Latin
// transliteration ("chto s Kozlovym"): a question written so is Russian.
var latinRussianMarkers = skeletons(`что кто как когда сколько почему где зачем чем ` +
	`ли был была были было его ее их про об это случилось произошло ` +
	// Prepositions and particles that are no English word once typed in
	// Latin letters: «нет» ("net"), «в» ("v"), «по», «на», «не», «при»
	// are left out, for "net censorship" and "torture po prisons" are
	// English.
	`или за из от для без кого кому чего какой какая какое какие какую каком каких сейчас спасибо`)

// latinRussianEndings are endings of Russian words in Latin transliteration
// that no English word of five letters or more has ("partiyu",
// "vozglavlyaet", "kotorykh"): each counts as a Russian word.
var latinRussianEndings = []string{"yu", "aet", "yaet", "yat", "yut", "ogo", "ykh", "ikh", "uyu"}

// russianEnding reports whether a Latin word ends as only a transliterated
// Russian one does.
func russianEnding(w string) bool {
	if len(w) < 5 {
		return false
	}
	for _, e := range latinRussianEndings {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

func skeletons(words string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(words) {
		m[Skeleton(w)] = true
	}
	return m
}

// skeletonsOf returns the skeletons of a set of words: how they look typed
// without Kazakh letters or in Latin («оган», "qazir").
func skeletonsOf(words map[string]bool) map[string]bool {
	m := make(map[string]bool, len(words))
	for w := range words {
		m[Skeleton(w)] = true
	}
	return m
}

// kazakhLatinLetters are letters of the Kazakh Latin alphabets that English
// does not use.
const kazakhLatinLetters = "äğıñöşūüǵńóúýáÄĞİÑÖŞŪÜǴŃÓÚÝÁ"

// latinLanguage tells which language a text in Latin letters is in:
// Kazakh when it has more Kazakh evidence (Kazakh letters, marker words, a
// q not followed by u, apostrophe letters) than English words, Russian when
// it has Russian transliteration marker words and no English ones, English
// otherwise.
func latinLanguage(text string) Language {
	var kazakh, russianWords, english int
	for _, r := range text {
		if strings.ContainsRune(kazakhLatinLetters, r) {
			kazakh += 2
		}
	}
	for w := range strings.FieldsFuncSeq(Normalize(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		if englishMarkers[w] {
			english++
			continue
		}
		if i := strings.IndexByte(w, 'q'); i >= 0 && !strings.HasPrefix(w[i:], "qu") {
			kazakh++
		}
		kazakh += apostropheLetters(w)
		s := Skeleton(strings.ReplaceAll(w, "'", ""))
		if latinKazakhMarkers[Skeleton(w)] || latinKazakhMarkers[s] {
			kazakh++
		}
		if latinRussianMarkers[s] || russianEnding(w) {
			russianWords++
		}
	}
	switch {
	case kazakh > english && kazakh > 0 && kazakh >= russianWords:
		return Kazakh
	case russianWords > english && russianWords > 0:
		return Russian
	}
	return English
}

// apostropheLetters counts the 2017-alphabet letters written with an
// apostrophe in a word ("s'ag'ym" has two), leaving out English
// contractions and possessives ("don't", "it's", "workers'").
func apostropheLetters(w string) int {
	n := 0
	for i := 1; i+1 < len(w); i++ {
		if w[i] != '\'' || strings.IndexByte("aginouscy", w[i-1]) < 0 {
			continue
		}
		rest := w[i+1:]
		if strings.HasPrefix(rest, "t") || strings.HasPrefix(rest, "s") && len(rest) == 1 ||
			rest == "re" || rest == "ll" || rest == "ve" || rest == "d" || rest == "m" {
			continue
		}
		n++
	}
	return n
}

// ToCyrillic writes the Latin words of a Kazakh or Russian text in Cyrillic,
// leaving Cyrillic words, digits and punctuation as they are. It is a best
// guess letter by letter: where the Latin alphabets are ambiguous it picks
// the commoner letter, and retrieval matches the rest by Skeleton.
func ToCyrillic(text string, l Language) string {
	table := kazakhFromLatin
	if l == Russian {
		table = russianFromLatin
	}
	rs := []rune(norm.NFC.String(text))
	var b strings.Builder
	b.Grow(len(text) * 2)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		upper := unicode.IsUpper(r)
		lr := unicode.ToLower(r)
		var next rune
		if i+1 < len(rs) {
			next = unicode.ToLower(rs[i+1])
		}
		out, ok := "", false
		if next != 0 {
			if out, ok = table[string([]rune{lr, next})]; ok {
				i++
			}
		}
		if !ok {
			out, ok = table[string(lr)]
		}
		if ok && l == Kazakh && lr == 'i' && i > 0 && strings.ContainsRune("aeouäöüyıū", unicode.ToLower(rs[i-1])) {
			// Two vowels do not meet in a Kazakh word: "qaida" is
			// «қайда», "aitty" «айтты».
			out = "й"
		}
		if !ok {
			b.WriteRune(r)
			continue
		}
		if upper && out != "" {
			first, size := utf8.DecodeRuneInString(out)
			out = string(unicode.ToUpper(first)) + out[size:]
		}
		b.WriteString(out)
	}
	return b.String()
}

// HasLatinWords reports whether a text has a word in Latin letters.
func HasLatinWords(text string) bool {
	for _, r := range text {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}
