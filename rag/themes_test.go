package rag

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"reportbot/ingest"
)

// fictionalIndex indexes a report on a fictional country, with its
// sections' words attribute dropped when words is false.
func fictionalIndex(t *testing.T, words bool) *Index {
	t.Helper()
	data, err := os.ReadFile("testdata/ruritania.en.md")
	if err != nil {
		t.Fatal(err)
	}
	if !words {
		data = []byte(strings.Replace(string(data), ` words="press; free speech; censorship"`, "", 1))
	}
	ps, err := ingest.Load(fstest.MapFS{"ruritania.en.md": {Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(context.Background(), ps, NewHashEmbedder(0), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestThemeWordsComeFromTheCorpus: an operator who adds a report declares,
// beside a heading, the words people ask about its theme in. A question in
// those words ("the press", "free speech") finds the section; the same
// report without them cannot.
func TestThemeWordsComeFromTheCorpus(t *testing.T) {
	for _, q := range []string{"what about the press?", "is there free speech", "censorship"} {
		t.Run(q, func(t *testing.T) {
			a := ask(t, NewEngine(fictionalIndex(t, true)), q)
			if !a.Found || len(a.Citations) == 0 || !strings.HasPrefix(a.Citations[0].ID, "ru2031-expression-") {
				t.Errorf("with the section's words: found %v, cites %v: %s", a.Found, ids(a.Citations), a.Answer)
			}
			a = ask(t, NewEngine(fictionalIndex(t, false)), q)
			if a.Found && strings.HasPrefix(a.Citations[0].ID, "ru2031-expression-") {
				t.Errorf("found without the section's words too: the test proves nothing")
			}
		})
	}
}

// TestPeoplesWordsFindTheReportsSections asks the real report in the words
// people use, not the report's: the press, the Americans, «свобода слова»,
// a Russian loanword with a Kazakh ending, a Kazakh filler.
func TestPeoplesWordsFindTheReportsSections(t *testing.T) {
	tests := []struct{ q, want string }{
		{"how free is the press in kazakhstan", "kz2016-media-1"},
		{"did the americans say anything when the mataevs got jailed?", "kz2016-international-5"},
		{"свобода слова в казахстане", "kz2016-media-1"},
		{"профсоюздарга не болды?", "kz2016-video-4"},
		{"митингте журналистерди канша устады?", "kz2016-media-2"},
		{"Бокаев ақыры не болды?", "kz2016-assembly-2"},
		{"gay rights kz", "kz2016-sogi-1"},
		// A Kazakh verb with a vowel-final root stems two ways («ұстады»,
		// «ұстап»): typed either way, with or without Kazakh letters.
		{"журналистерді қанша ұстады?", "kz2016-media-2"},
		{"zhurnalisterdi qansha ustady", "kz2016-media-2"},
	}
	e := engine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := ask(t, e, tt.q)
			if !a.Found || !strings.Contains(strings.Join(ids(a.Citations), " "), tt.want) {
				t.Errorf("cites %v, want %s: %s", ids(a.Citations), tt.want, a.Answer)
			}
		})
	}
}
