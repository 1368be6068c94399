package lang

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
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
const analysisRevision = 2

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
