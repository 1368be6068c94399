package lang

import "testing"

// TestEveryOverviewWordIsAStopWord: a request for the report as a whole is
// told by having no topic of its own, so a word that asks for an overview
// must not count as a topic; "main points" would otherwise be refused.
func TestEveryOverviewWordIsAStopWord(t *testing.T) {
	for w := range overviews {
		if !IsStopWord(w) {
			t.Errorf("%q asks for an overview but is not a stop word", w)
		}
	}
}
