package rag

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/locale"
)

// testIndex builds the index of the real corpus once for all tests.
var testIndex = sync.OnceValues(func() (*Index, error) {
	ps, err := ingest.Load(corpus.Files)
	if err != nil {
		return nil, err
	}
	fp, err := ingest.Fingerprint(corpus.Files)
	if err != nil {
		return nil, err
	}
	return Build(context.Background(), ps, NewHashEmbedder(0), fp, nil)
})

func engine(t testing.TB) *Engine {
	t.Helper()
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	return NewEngine(ix)
}

func TestAskAnswersInTheQuestionsLanguageWithCitations(t *testing.T) {
	tests := []struct {
		q        string
		lang     string
		wantID   string // a citation the answer must have
		wantText string // a word the answer must quote
	}{
		{"What happened to Maks Bokaev?", "en", "kz2016-assembly-2", "Bokaev"},
		{"Что случилось с Максом Бокаевым?", "ru", "kz2016-assembly-2", "Бокаев"},
		{"Макс Боқаевқа не болды?", "kk", "kz2016-assembly-2", "Боқаев"},
		{"Who is Seitkazy Mataev?", "en", "kz2016-media-3", "Mataev"},
		{"Сколько лет дали Сейтказы Матаеву?", "ru", "kz2016-media-3", "Матаев"},
	}
	e := engine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.q, lang.English)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || a.Language != tt.lang || a.Mode != ModeExtractive {
				t.Fatalf("found=%v language=%s mode=%s, want found in %s extractively; answer: %s", a.Found, a.Language, a.Mode, tt.lang, a.Answer)
			}
			if !strings.Contains(a.Answer, "[1]") || !strings.Contains(a.Answer, tt.wantText) {
				t.Errorf("answer lacks [1] or %q: %s", tt.wantText, a.Answer)
			}
			if got, _ := lang.Detect(a.Answer); string(got) != tt.lang {
				t.Errorf("answer reads as %s, want %s: %s", got, tt.lang, a.Answer)
			}
			var ids []string
			for i, c := range a.Citations {
				ids = append(ids, c.ID)
				if c.N != i+1 || c.Lang != tt.lang || c.Text == "" || c.Original == "" || c.Section == "" {
					t.Errorf("citation %d is incomplete: %+v", i, c)
				}
				if !strings.HasPrefix(c.URL, "https://www.hrw.org/world-report/2017/country-chapters/kazakhstan#:~:text=") {
					t.Errorf("citation %d URL %q has no text fragment", c.N, c.URL)
				}
				if !strings.Contains(a.Answer, "["+string(rune('0'+c.N))+"]") {
					t.Errorf("citation %d is not marked in the answer", c.N)
				}
			}
			if !slices.Contains(ids, tt.wantID) {
				t.Errorf("citations %v lack %s", ids, tt.wantID)
			}
			if tt.lang != "en" && !strings.Contains(a.Answer, said(t, lang.Language(tt.lang), "UnofficialNote")) {
				t.Errorf("a translated answer must say the translation is unofficial: %s", a.Answer)
			}
		})
	}
}

func TestAskDeclinesWhatTheReportDoesNotCover(t *testing.T) {
	tests := []struct{ q, lang string }{
		{"What is the capital of France?", "en"},
		{"Какой курс доллара к тенге?", "ru"},
		{"Ертең Астанада ауа райы қандай болады?", "kk"},
		{"Recommend a good pizza place", "en"},
	}
	e := engine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.q, lang.English)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || len(a.Citations) != 0 || strings.Contains(a.Answer, "[1]") {
				t.Fatalf("found=%v with %d citations, want a plain decline: %s", a.Found, len(a.Citations), a.Answer)
			}
			if a.Answer != said(t, lang.Language(tt.lang), "NotFound") {
				t.Errorf("decline %q is not the %s one", a.Answer, tt.lang)
			}
			if a.Citations == nil {
				t.Error("citations must be an empty list, not null, in JSON")
			}
		})
	}
}

func TestAskEdgeCases(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	if _, err := e.Ask(ctx, "   ", lang.English); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("blank question: err = %v, want ErrEmptyQuestion", err)
	}
	a, err := e.Ask(ctx, "???", lang.Russian)
	if err != nil || a.Found || a.Language != "ru" || a.Answer != said(t, lang.Russian, "NoWords") {
		t.Errorf("question without words: %+v, %v; want the Russian hint", a, err)
	}
	long := strings.Repeat("Что случилось с Бокаевым? ", 100)
	a, err = e.Ask(ctx, long, lang.English)
	if err != nil || a.Found || a.Answer != said(t, lang.Russian, "TooLong") {
		t.Errorf("too long question: found=%v answer=%q err=%v", a.Found, a.Answer, err)
	}
}

func TestSearchReturnsEachCitationOnceInTheQuestionsLanguage(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lang.All {
		hits, err := ix.Search(context.Background(), "torture пытки азаптау prison тюрьма", l, PassagesShown)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) < 5 {
			t.Fatalf("%s: %d hits, want at least 5", l, len(hits))
		}
		seen := map[string]bool{}
		for i, h := range hits {
			if seen[h.Passage.ID] {
				t.Errorf("%s: %s appears twice", l, h.Passage.ID)
			}
			seen[h.Passage.ID] = true
			if h.Passage.Lang != l {
				t.Errorf("%s: hit %s is in %s", l, h.Passage.ID, h.Passage.Lang)
			}
			if i > 0 && h.Score > hits[i-1].Score {
				t.Errorf("%s: hits not sorted by score at %d", l, i)
			}
		}
	}
}

func TestCrossLanguageQuestionFindsTheSamePassage(t *testing.T) {
	// The same question in three languages must lead to the same paragraph.
	e := engine(t)
	qs := []string{
		"Why was Natalya Ulasik placed in psychiatric detention?",
		"Почему Наталью Уласик поместили в психиатрический стационар?",
		"Наталья Уласик неге психиатриялық стационарға орналастырылды?",
	}
	for _, q := range qs {
		a, err := e.Ask(context.Background(), q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Passages) == 0 || a.Passages[0].ID != "kz2016-civil-society-4" {
			t.Errorf("%q: top passage %v, want kz2016-civil-society-4", q, a.Passages)
		}
	}
}

// countingEmbedder wraps the hash embedder and counts the texts it embeds.
type countingEmbedder struct {
	*HashEmbedder
	mu    sync.Mutex
	texts int
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.mu.Lock()
	c.texts += len(texts)
	c.mu.Unlock()
	return c.HashEmbedder.Embed(ctx, texts)
}

func TestOpenBuildsOnceThenLoadsAndRebuildsOnlyChangedPassages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "index.gob")
	corpusDir := t.TempDir()
	copyCorpus(t, corpusDir)
	log := slog.New(slog.DiscardHandler)
	emb := &countingEmbedder{HashEmbedder: NewHashEmbedder(256)}

	ix, err := Open(ctx, path, os.DirFS(corpusDir), emb, log)
	if err != nil {
		t.Fatal(err)
	}
	if emb.texts != ix.Len() {
		t.Fatalf("first open embedded %d texts, want all %d", emb.texts, ix.Len())
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("index not saved: %v", err)
	}

	emb.texts = 0
	if _, err := Open(ctx, path, os.DirFS(corpusDir), emb, log); err != nil {
		t.Fatal(err)
	}
	if emb.texts != 0 {
		t.Errorf("reopening an unchanged corpus embedded %d passages, want 0", emb.texts)
	}

	// Change one English paragraph: only it is embedded again.
	en := filepath.Join(corpusDir, "kazakhstan-2017.en.md")
	src, _ := os.ReadFile(en)
	src = []byte(strings.Replace(string(src), "Impunity for torture persists.", "Impunity for torture still persists.", 1))
	if err := os.WriteFile(en, src, 0o600); err != nil {
		t.Fatal(err)
	}
	emb.texts = 0
	ix, err = Open(ctx, path, os.DirFS(corpusDir), emb, log)
	if err != nil {
		t.Fatal(err)
	}
	if emb.texts != 1 {
		t.Errorf("changing one paragraph embedded %d passages, want 1", emb.texts)
	}
	p, _ := ix.Passage("kz2016-overview-2", lang.English)
	if !strings.Contains(p.Text, "still persists") {
		t.Errorf("rebuilt index has the old text: %s", p.Text)
	}
}

func TestOpenRebuildsADamagedIndexAndFailedSavesLeaveNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "index.gob")
	if err := os.WriteFile(path, []byte("not an index"), 0o600); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, path, corpus.Files, NewHashEmbedder(128), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("a damaged index must be rebuilt, got %v", err)
	}
	if _, err := Load(ctx, path, NewHashEmbedder(128), ix.Fingerprint()); err != nil {
		t.Errorf("rebuilt index does not load: %v", err)
	}
	// One changed byte inside a field, not a whole foreign file: still
	// found and rebuilt (TestADamagedIndexIsRebuiltNeverQuoted damages
	// each kind of field).
	data, _ := os.ReadFile(path)
	data[len(data)/3] ^= 0x01
	os.WriteFile(path, data, 0o600)
	if _, err := Load(ctx, path, NewHashEmbedder(128), ix.Fingerprint()); err == nil {
		t.Error("an index with a changed byte loads")
	}
	if _, err := Open(ctx, path, corpus.Files, NewHashEmbedder(128), slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("an index with a changed byte is not rebuilt: %v", err)
	}

	// A save into a folder that cannot be created fails cleanly, and the
	// old index is untouched.
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o600)
	if err := ix.Save(filepath.Join(blocker, "index.gob")); err == nil {
		t.Error("saving under a file succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestLoadReportsStaleIndexes(t *testing.T) {
	ctx := context.Background()
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "index.gob")
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, path, NewHashEmbedder(0), "another corpus"); !errors.Is(err, ErrStale) {
		t.Errorf("other corpus: err = %v, want ErrStale", err)
	}
	if _, err := Load(ctx, path, NewHashEmbedder(64), ix.Fingerprint()); !errors.Is(err, ErrStale) {
		t.Errorf("other embedder: err = %v, want ErrStale", err)
	}
	if _, err := Load(ctx, filepath.Join(t.TempDir(), "none"), NewHashEmbedder(0), ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want fs.ErrNotExist", err)
	}
	loaded, err := Load(ctx, path, NewHashEmbedder(0), ix.Fingerprint())
	if err != nil {
		t.Fatal(err)
	}
	q := "Что случилось с Максом Бокаевым?"
	a1, _ := NewEngine(ix).Ask(ctx, q, lang.English)
	a2, _ := NewEngine(loaded).Ask(ctx, q, lang.English)
	if a1.Answer != a2.Answer || len(a1.Passages) != len(a2.Passages) {
		t.Errorf("a loaded index answers differently:\n%s\n%s", a1.Answer, a2.Answer)
	}
}

func TestHashEmbedderGivesDeterministicUnitVectors(t *testing.T) {
	e := NewHashEmbedder(0)
	vs, err := e.Embed(context.Background(), []string{"Torture persists", "Torture persists", "the of and", ""})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		var n float64
		for _, x := range v {
			n += float64(x) * float64(x)
		}
		if n < 0.999 || n > 1.001 {
			t.Errorf("vector %d has squared norm %f, want 1", i, n)
		}
	}
	for i := range vs[0] {
		if vs[0][i] != vs[1][i] {
			t.Fatal("the same text gave two vectors")
		}
	}
	if NewHashEmbedder(64).Name() == e.Name() {
		t.Error("embedders of different sizes share a name, so an index would not be rebuilt")
	}
	// Its vectors leave out stop words: an index saved with other stop
	// lists must not lend them, so the name says which lists made them.
	if !strings.Contains(e.Name(), lang.AnalysisVersion()[:8]) {
		t.Errorf("the hash embedder's name %q does not carry the analysis version", e.Name())
	}
}

func copyCorpus(t *testing.T, dir string) {
	t.Helper()
	err := fs.WalkDir(corpus.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(corpus.Files, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAnswerDoesNotQuoteTheSameFactTwice(t *testing.T) {
	// The overview and the civil society section both report Kozlov's
	// parole; the answer should say it once.
	a, err := engine(t).Ask(context.Background(), "What happened to Vladimir Kozlov?", lang.English)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(a.Answer, "released on parole"); n != 1 {
		t.Errorf("answer says %q %d times: %s", "released on parole", n, a.Answer)
	}
}

func TestQuestionsWordedAsWhatIsSaidFindThePassage(t *testing.T) {
	e := engine(t)
	for _, q := range []string{
		"What does the report say about Zhanaozen?",
		"Что говорится о Жанаозене?",
		"Жаңаөзен оқиғалары туралы не айтылған?",
	} {
		a, err := e.Ask(context.Background(), q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || len(a.Citations) == 0 || a.Citations[0].ID != "kz2016-torture-3" {
			t.Errorf("%q: found=%v citations=%v, want kz2016-torture-3 first", q, a.Found, a.Citations)
		}
	}
}

func TestAnswerIsNotPaddedWithOtherPeoplesCases(t *testing.T) {
	// "Years" and "sentenced" are in several paragraphs; every quoted
	// paragraph must be about the person asked about.
	tests := []struct{ q, want, name string }{
		{"Матаевтар қанша жылға сотталды?", "kz2016-media-3", "Матаев"},
		{"Что случилось с Сейтказы Матаевым?", "kz2016-media-3", "Матаев"},
		{"Что случилось с Вадимом Курамшиным?", "kz2016-civil-society-5", "Курамшин"},
	}
	for _, tt := range tests {
		a, err := engine(t).Ask(context.Background(), tt.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range a.Citations {
			ids = append(ids, c.ID)
		}
		if !slices.Contains(ids, tt.want) {
			t.Errorf("%q: citations %v lack %s", tt.q, ids, tt.want)
		}
		for _, c := range a.Citations {
			if !strings.Contains(c.Text, tt.name) {
				t.Errorf("%q: cites %s, which does not mention %s: %s", tt.q, c.ID, tt.name, c.Text)
			}
		}
	}
}

// TestALoadedIndexWithTermsOfAnotherAnalysisAnalysesAgain saves an index,
// marks its terms as made by another analysis (as an upgrade that changes
// the stop lists would), and loads it: the answers must be the fresh
// index's, not ones made on stale terms.
func TestALoadedIndexWithTermsOfAnotherAnalysisAnalysesAgain(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	terms := make([][]string, len(ix.terms))
	for i := range terms {
		terms[i] = []string{"stale"}
	}
	stale, err := assemble(context.Background(), file{
		Version: indexVersion, Fingerprint: ix.fingerprint, Embedder: ix.builtBy,
		Passages: ix.passages, Vectors: ix.vectors, Hashes: ix.hashes, Terms: terms,
	}, NewHashEmbedder(0))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "index")
	if err := stale.Save(path); err != nil {
		t.Fatal(err)
	}
	// Saving stamps today's analysis; stamp another, as an old file has.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v := lang.AnalysisVersion()
	if !strings.Contains(string(data), v) {
		t.Fatalf("the index file does not record its analysis %s", v)
	}
	if err := os.WriteFile(path, resum([]byte(strings.Replace(string(data), v, strings.Repeat("0", len(v)), 1))), 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(context.Background(), path, NewHashEmbedder(0), ix.Fingerprint())
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewEngine(loaded).Ask(context.Background(), "What happened to Maks Bokaev?", lang.English)
	if err != nil {
		t.Fatal(err)
	}
	if !cites(a, "kz2016-assembly-2") {
		t.Errorf("after loading, the answer cites %v: %s", citedIDs(a), a.Answer)
	}
}

// resum gives an index file whose content was changed on purpose a valid
// checksum trailer again.
func resum(data []byte) []byte {
	content := data[:len(data)-sha256.Size]
	sum := sha256.Sum256(content)
	return append(append([]byte(nil), content...), sum[:]...)
}

// TestADamagedIndexIsRebuiltNeverQuoted damages a saved index the ways
// disks and crashes do, field by field, and opens it as the bot starts:
// every time the index is rebuilt from the corpus, the answer quotes the
// report's own figure (50 journalists, not 90), and a temporary file left
// by a crashed save is removed.
func TestADamagedIndexIsRebuiltNeverQuoted(t *testing.T) {
	ctx := context.Background()
	emb := NewHashEmbedder(0)
	good := filepath.Join(t.TempDir(), "index")
	ix, err := Open(ctx, good, corpus.Files, emb, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	pos := bytes.Index(saved, []byte("over 50 journalists"))
	if pos < 0 {
		t.Fatal("the saved index does not hold the passage's text")
	}
	damages := map[string]func([]byte) []byte{
		"a digit changed in a passage": func(b []byte) []byte {
			b[pos+len("over ")] = '9'
			return b
		},
		"vector bytes flipped": func(b []byte) []byte {
			for i := len(b) - sha256.Size - 4000; i < len(b)-sha256.Size-3000; i++ {
				b[i] ^= 0xff
			}
			return b
		},
		"truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"the checksum itself": func(b []byte) []byte {
			b[len(b)-1] ^= 1
			return b
		},
		"empty":            func([]byte) []byte { return nil },
		"not an index":     func([]byte) []byte { return []byte("not an index") },
		"one byte missing": func(b []byte) []byte { return append(b[:pos], b[pos+1:]...) },
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "index")
			if err := os.WriteFile(path, damage(bytes.Clone(saved)), 0o600); err != nil {
				t.Fatal(err)
			}
			temp := filepath.Join(dir, ".index-123.tmp")
			os.WriteFile(temp, []byte("half a save"), 0o600)
			old := time.Now().Add(-time.Hour)
			os.Chtimes(temp, old, old)
			var logs bytes.Buffer
			got, err := Open(ctx, path, corpus.Files, emb, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatalf("a damaged index must be rebuilt, got %v", err)
			}
			a, err := NewEngine(got).Ask(ctx, "How many journalists were detained?", lang.English)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Answer, "50 journalists") || strings.Contains(a.Answer, "90") {
				t.Errorf("after the damage the bot says: %s", a.Answer)
			}
			if !strings.Contains(logs.String(), "rebuilding") {
				t.Errorf("the rebuild is not logged: %s", logs.String())
			}
			if _, err := os.Stat(temp); !errors.Is(err, fs.ErrNotExist) {
				t.Error("the crashed save's temporary file is still there")
			}
			if again, err := Load(ctx, path, emb, ix.Fingerprint()); err != nil || again.Len() != ix.Len() {
				t.Errorf("the rebuilt index does not load: %v", err)
			}
		})
	}
}

// FuzzIndexReader feeds the index reader any content with a valid
// checksum, as a file damaged before it was summed would be: it must
// return an error or an index, never panic or ask for more memory than the
// file could fill.
func FuzzIndexReader(f *testing.F) {
	ix, err := testIndex()
	if err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(f.TempDir(), "index")
	if err := ix.Save(path); err != nil {
		f.Fatal(err)
	}
	saved, _ := os.ReadFile(path)
	f.Add(saved[:len(saved)-sha256.Size])
	f.Add(saved[:200])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, content []byte) {
		sum := sha256.Sum256(content)
		p := filepath.Join(t.TempDir(), "index")
		if err := os.WriteFile(p, append(content, sum[:]...), 0o600); err != nil {
			t.Fatal(err)
		}
		Load(context.Background(), p, NewHashEmbedder(0), ix.Fingerprint())
	})
}

// TestSelfCheckCatchesAnIndexThatDoesNotFitItsPassages makes an index whose
// terms and vectors do not belong to its passages, as a damaged file that
// passed every other check would: the health check must say so, and must
// pass for a sound index.
func TestSelfCheckCatchesAnIndexThatDoesNotFitItsPassages(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.SelfCheck(context.Background()); err != nil {
		t.Fatalf("a sound index fails its check: %v", err)
	}
	terms := make([][]string, len(ix.terms))
	vectors := make([][]float32, len(ix.vectors))
	for i := range terms {
		terms[i] = []string{"stale"}
		vectors[i] = ix.vectors[len(ix.vectors)-1-i] // every passage another's vector
	}
	bad, err := assemble(context.Background(), file{
		Version: indexVersion, Embedder: ix.builtBy, Passages: ix.passages, Vectors: vectors, Hashes: ix.hashes, Terms: terms,
	}, NewHashEmbedder(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.SelfCheck(context.Background()); err == nil {
		t.Error("an index that does not fit its passages passes its check")
	}
}

// said is the locale bundle's text key in language l: what a user reads.
func said(t testing.TB, l lang.Language, key string) string {
	t.Helper()
	m, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	return m.T(l, key, map[string]any{"Report": ix.Named(l)})
}

// misnamed embeds with one embedder under another's name, as a file built
// by another model and relabelled would have it.
type misnamed struct {
	Embedder
	name string
}

func (m misnamed) Name() string { return m.name }

// TestAnIndexOfTheWrongVectorSizeIsRebuilt loads an index whose checksum,
// corpus and embedder name all hold but whose vectors have another size: it
// is rebuilt, and questions are answered, not failed.
func TestAnIndexOfTheWrongVectorSizeIsRebuilt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index")
	right := NewHashEmbedder(128)
	log := slog.New(slog.DiscardHandler)
	if _, err := Open(ctx, path, corpus.Files, misnamed{NewHashEmbedder(64), right.Name()}, log); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, path, corpus.Files, right, log)
	if err != nil {
		t.Fatalf("an index of the wrong vector size is not rebuilt: %v", err)
	}
	if _, err := Load(ctx, path, right, ix.Fingerprint()); err != nil {
		t.Errorf("the rebuilt index does not load: %v", err)
	}
	a, err := NewEngine(ix).Ask(ctx, "What happened to Maks Bokaev?", lang.English)
	if err != nil || !a.Found {
		t.Errorf("asked after the rebuild: found %v, %v", a.Found, err)
	}
}
