package rag

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/llm"
	"reportbot/llm/llmtest"
)

// BenchmarkIngest reads, cuts, embeds and indexes the whole corpus, all three
// languages, as `reportbot ingest` does (without writing the file).
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		ps, err := ingest.Load(corpus.Files)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(ctx, ps, NewHashEmbedder(0), "", nil); err != nil {
			b.Fatal(err)
		}
	}
}

var benchQuestions = []string{
	"Что случилось с Максом Бокаевым?",
	"What did the UN Subcommittee on the Prevention of Torture find?",
	"Қазақстанда жұмысшылардың ереуілге шығу құқығы бар ма?",
	"Какая сегодня погода в Алматы?",
}

// BenchmarkAsk answers one offline question end to end: language detection,
// hybrid retrieval, the relevance check and the extractive answer.
func BenchmarkAsk(b *testing.B) { benchAsk(b, benchQuestions) }

// benchAsk asks the questions in turn, one an iteration.
func benchAsk(b *testing.B, questions []string) {
	e := engine(b)
	e.Index().vocab(lang.English) // made once per index, at start-up
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if _, err := e.Ask(ctx, questions[i%len(questions)], lang.English); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// realisticQuestions are worded as people write in chats: Latin-script
// Kazakh, a typo, a wrapper, a person's whole story, a broad theme, a
// follow-up's kind of fragment, a question outside the report.
var realisticQuestions = []string{
	"Maks Boqaevqa ne boldy?",
	"Kozlv released?",
	"Скажи, @reportbot, что случилось с Бокаевым?",
	"Кто такая Наталья Уласик?",
	"religion",
	"сколько суток дали боқаеву",
	"what does hrw say about torture in uzbekistan",
	"Is torture still a problem?",
}

// BenchmarkAskRealistic is BenchmarkAsk on questions as people type them,
// which take the slower paths: spelling resolution, whole stories, themes.
func BenchmarkAskRealistic(b *testing.B) { benchAsk(b, realisticQuestions) }

// BenchmarkSearch retrieves over synthetic corpora made of the report's own
// sentences shuffled into new passages, so that term statistics stay
// realistic while the corpus grows.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			ix := syntheticIndex(b, n)
			ix.vocab(lang.English) // made once, on the first question or by NewEngine
			ctx := context.Background()
			i := 0
			b.ResetTimer()
			for b.Loop() {
				q := benchQuestions[i%len(benchQuestions)]
				l, _ := lang.Detect(q)
				if _, err := ix.Search(ctx, q, l, PassagesShown); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkAskAtScale is BenchmarkAsk over the synthetic corpora of
// BenchmarkSearch: reading, retrieval, the relevance check and the
// extractive answer as the corpus grows.
func BenchmarkAskAtScale(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			e := NewEngine(syntheticIndex(b, n))
			e.Index().vocab(lang.English) // made once, on the first question or by NewEngine
			ctx := context.Background()
			i := 0
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Ask(ctx, benchQuestions[i%len(benchQuestions)], lang.English); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func syntheticIndex(b *testing.B, n int) *Index {
	b.Helper()
	ix, err := Build(context.Background(), syntheticPassages(b, n), NewHashEmbedder(0), "", nil)
	if err != nil {
		b.Fatal(err)
	}
	return ix
}

// BenchmarkRemoteIngest10k builds the index of 10,000 passages with
// embeddings from the fake OpenAI-compatible server, and reports the
// embedding requests it took.
func BenchmarkRemoteIngest10k(b *testing.B) {
	srv := llmtest.New()
	defer srv.Close()
	client := llm.New(llm.Config{BaseURL: srv.BaseURL()})
	ps := syntheticPassages(b, 10_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(context.Background(), ps, client, "", nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(srv.EmbedCalls())/float64(b.N), "requests/op")
}

func syntheticPassages(b *testing.B, n int) []ingest.Passage {
	b.Helper()
	ps, err := ingest.Load(corpus.Files)
	if err != nil {
		b.Fatal(err)
	}
	sentences := map[lang.Language][]string{}
	for _, p := range ps {
		sentences[p.Lang] = append(sentences[p.Lang], ingest.Sentences(p.Text)...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]ingest.Passage, 0, n)
	for i := 0; len(out) < n; i++ {
		for _, l := range lang.All {
			s := sentences[l]
			var parts []string
			for range 2 + rng.IntN(3) {
				parts = append(parts, s[rng.IntN(len(s))])
			}
			text := strings.Join(parts, " ")
			out = append(out, ingest.Passage{
				ID: fmt.Sprintf("syn-%d", i), Lang: l, OriginalLang: lang.English,
				Title: "Synthetic", SectionTitle: "Section", Text: text, Original: text,
			})
		}
	}
	return out[:n]
}

// BenchmarkColdStart100k loads a saved index of 100,000 passages, as serve
// does when a stopped machine wakes: read the file, restore the vector
// collection and the BM25 index, ready to answer. Nothing is embedded.
func BenchmarkColdStart100k(b *testing.B) {
	ix := syntheticIndex(b, 100_000)
	path := filepath.Join(b.TempDir(), "index.gob")
	if err := ix.Save(path); err != nil {
		b.Fatal(err)
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
	}
	emb := &countingEmbedder{HashEmbedder: NewHashEmbedder(0)}
	b.ResetTimer()
	for b.Loop() {
		loaded, err := Load(context.Background(), path, emb, ix.Fingerprint())
		if err != nil {
			b.Fatal(err)
		}
		if loaded.Len() != 100_000 {
			b.Fatalf("%d passages loaded", loaded.Len())
		}
	}
	if emb.texts != 0 {
		b.Fatalf("loading embedded %d texts", emb.texts)
	}
}

// BenchmarkVocab makes the vocabulary questions are matched against, which
// NewEngine starts on and the first question waits for: the real corpus
// (passages=0) and a synthetic one.
func BenchmarkVocab(b *testing.B) {
	for _, n := range []int{0, 10_000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			var ix *Index
			if n == 0 {
				ps, err := ingest.Load(corpus.Files)
				if err != nil {
					b.Fatal(err)
				}
				if ix, err = Build(context.Background(), ps, NewHashEmbedder(0), "", nil); err != nil {
					b.Fatal(err)
				}
			} else {
				ix = syntheticIndex(b, n)
			}
			for b.Loop() {
				ix.lexOnce = sync.Once{}
				ix.vocab(lang.English)
			}
		})
	}
}

// BenchmarkSearchOneReport searches one report of ten, as a question about
// one report's year does: with a collection per report it scans that
// report's vectors, not every report's.
func BenchmarkSearchOneReport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			ps := syntheticPassages(b, n)
			for i := range ps {
				var k int
				fmt.Sscanf(ps[i].ID, "syn-%d", &k)
				ps[i].Doc = fmt.Sprintf("r%d", k%10)
			}
			ix, err := Build(context.Background(), ps, NewHashEmbedder(0), "", nil)
			if err != nil {
				b.Fatal(err)
			}
			ix.vocab(lang.English)
			ctx := context.Background()
			i := 0
			b.ResetTimer()
			for b.Loop() {
				m := lang.Read(benchQuestions[i%len(benchQuestions)], lang.English)
				q := ix.analyse(m)
				q.Docs = map[string]bool{"r3": true}
				qv, err := ix.EmbedQuestion(ctx, q.Text)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.search(ctx, q, qv, PassagesShown); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
