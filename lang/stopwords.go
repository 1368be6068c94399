package lang

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Each language's file (en.go, ru.go, kk.go) adds to Snowball's stop lists
// the question words and auxiliaries that users put in questions and that
// carry no topic: "сколько" or "қанша" asks for a number but says nothing
// about which passage holds it. The words for "the report" itself are there
// too: every question is about the report, so "what does the report say
// about Zhanaozen" is a question about Zhanaozen.

// kazakhStopSkeletons are the Kazakh stop words as skeletons.
var kazakhStopSkeletons = func() map[string]bool {
	m := map[string]bool{}
	for w := range kazakhStop {
		m[Skeleton(w)] = true
	}
	return m
}()

// minStopStem is the shortest stem of a Kazakh stop word that stops every
// word of that stem: a shorter one is too often another word's root
// («қан», blood, of «қанша»; «қыс», winter, of «қысқаша»).
const minStopStem = 4

// kazakhStopStems are the stems that make a Kazakh word a stop word in any
// of its forms: those of the stop words at least minStopStem letters long
// («Қазақстандағы» is the country every paragraph is about, as
// «Қазақстанда» is), and those of the verbs of telling and giving, with
// which a question asks («айтып беріңізші», «айтыңызшы»). Kazakh adds its
// endings without end, so a list of forms is never whole.
var kazakhStopStems = func() map[string]bool {
	m := maps.Clone(kazakhStopRoots)
	for w := range kazakhStop {
		if s := StemKazakh(w); utf8.RuneCountInString(s) >= minStopStem {
			m[s] = true
		}
	}
	return m
}()

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for w := range strings.FieldsSeq(words) {
		m[w] = true
	}
	return m
}

// analysisRevision changes whenever the stemmers or the splitting of words
// change in a way that changes terms; the stop lists are hashed in
// AnalysisVersion and need no bump.
const analysisRevision = 3

// AnalysisVersion identifies how texts are turned into terms: an index
// whose terms were made by another version must analyse its passages
// again, or questions and passages would meet on stale terms.
var AnalysisVersion = sync.OnceValue(func() string {
	h := sha256.New()
	fmt.Fprintf(h, "rev %d\n", analysisRevision)
	for _, m := range []map[string]bool{englishStop, russianStop, kazakhStop} {
		words := make([]string, 0, len(m))
		for w := range m {
			words = append(words, w)
		}
		sort.Strings(words)
		fmt.Fprintln(h, strings.Join(words, " "))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})
