package lang

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// kazakhSuffixes are the inflectional endings StemKazakh removes, longest
// first: case endings with their vowel- and voicing-harmony variants, plural
// and possessive endings, and the endings of the common verb forms. Stacked
// endings are peeled one at a time ("наразылықтарына" → "наразылықтар" →
// "наразылық"). Derivational suffixes stay on: "зорлық" (violence) must not
// become "зор" (big).
var kazakhSuffixes = sortByLength(
	// plural
	"лар", "лер", "дар", "дер", "тар", "тер",
	// possessive, alone and before a case ending
	"ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз",
	"ым", "ім", "ың", "ің", "сы", "сі", "ы", "і",
	"ына", "іне", "сына", "сіне", "ында", "інде", "сында", "сінде",
	"ынан", "інен", "сынан", "сінен", "ын", "ін", "сын", "сін",
	// genitive, dative, accusative, locative, ablative, instrumental, equative
	"ның", "нің", "дың", "дің", "тың", "тің",
	"ға", "ге", "қа", "ке", "на", "не",
	// the dative typed on a Russian keyboard, without ғ and қ
	"га", "ка",
	"ны", "ні", "ды", "ді", "ты", "ті",
	"да", "де", "та", "те",
	"дан", "ден", "тан", "тен", "нан", "нен",
	"мен", "бен", "пен", "ша", "ше",
	"дағы", "дегі", "тағы", "тегі", "ындағы", "індегі",
	// participles, verbal nouns, converbs, tense and person endings
	"ған", "ген", "қан", "кен", "атын", "етін", "йтын", "йтін",
	"уы", "уі", "у", "ып", "іп", "п",
	"ады", "еді", "йды", "йді", "ар", "ер",
	"мақ", "мек", "бақ", "бек", "пақ", "пек",
	"ынды", "інді", "ылды", "ілді", "ылған", "ілген", "ынған", "інген",
	"дық", "дік", "тық", "тік", "дым", "дім", "тым", "тім",
	"мыз",
	// conditional
	"са", "се",
	// the polite imperative: «беріңізші», «айтыңызшы»
	"ыңызшы", "іңізші", "ңызшы", "ңізші",
)

func sortByLength(s ...string) []string {
	seen := make(map[string]bool, len(s))
	out := s[:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return utf8.RuneCountInString(out[i]) > utf8.RuneCountInString(out[j])
	})
	return out
}

// minKazakhStem is the shortest stem StemKazakh leaves. Kazakh roots are
// mostly of one syllable; three letters keep "заң", "сот" and "жер" apart
// from their endings without cutting them into each other.
const minKazakhStem = 3

// maxKazakhStrips bounds how many endings come off one word, so that a root
// that happens to end like a suffix is not eaten away.
const maxKazakhStrips = 4

// StemKazakh removes the inflectional endings of a normalised Kazakh word so
// that its forms share one term: "сотта", "соттың" and "сотқа" all become
// "сот". It is a light stemmer: it prefers leaving an ending on to cutting
// into a root.
func StemKazakh(word string) string {
	for range maxKazakhStrips {
		n := utf8.RuneCountInString(word)
		stripped := false
		for _, suf := range kazakhSuffixes {
			if !strings.HasSuffix(word, suf) {
				continue
			}
			sn := utf8.RuneCountInString(suf)
			min := minKazakhStem
			if sn == 1 {
				// A lone vowel or consonant ending is too easily part of a root.
				min++
			}
			if n-sn < min {
				continue
			}
			word = word[:len(word)-len(suf)]
			if startsWithVowel(suf) {
				word = devoice(word)
			}
			stripped = true
			break
		}
		if !stripped {
			break
		}
	}
	return word
}

// startsWithVowel reports whether an ending starts with a vowel, before
// which a stem's last consonant is voiced.
func startsWithVowel(suf string) bool {
	r, _ := utf8.DecodeRuneInString(suf)
	return strings.ContainsRune("аәеиоөұүуыіэюя", r)
}

// devoice undoes the voicing of a stem's last consonant before a vowel
// ending: "құқығы" has the stem "құқық", "бостандығы" "бостандық", "талабы"
// "талап". A Kazakh word does not end in ғ, г or б, so the stem takes the
// form the word has alone.
func devoice(stem string) string {
	switch {
	case strings.HasSuffix(stem, "ғ"):
		return strings.TrimSuffix(stem, "ғ") + "қ"
	case strings.HasSuffix(stem, "г"):
		return strings.TrimSuffix(stem, "г") + "к"
	case strings.HasSuffix(stem, "б"):
		return strings.TrimSuffix(stem, "б") + "п"
	}
	return stem
}

// endingSkeletons are the skeletons of the Kazakh endings (see Skeleton):
// how they look in a word typed without Kazakh letters or in Latin.
// longestEnding is the length of the longest.
var endingSkeletons, longestEnding = func() (map[string]bool, int) {
	m, longest := map[string]bool{}, 0
	for _, e := range kazakhSuffixes {
		if s := Skeleton(e); s != "" {
			m[s] = true
			longest = max(longest, len(s))
		}
	}
	return m, longest
}()

// IsKazakhEnding reports whether tail, a skeleton, is a run of Kazakh
// endings (the skeletons of «дан», «дағы», «ларын»): what may be cut off a
// word typed without Kazakh letters to find its stem. The tail of «рецепт»
// after «ре» is none, so «рецепт» is not a form of «рет».
func IsKazakhEnding(tail string) bool {
	ok := make([]bool, len(tail)+1)
	ok[0] = true
	for i := 1; i <= len(tail); i++ {
		for j := max(0, i-longestEnding); j < i && !ok[i]; j++ {
			ok[i] = ok[j] && endingSkeletons[tail[j:i]]
		}
	}
	return len(tail) > 0 && ok[len(tail)]
}
