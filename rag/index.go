package rag

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/philippgille/chromem-go"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/question"
)

// indexVersion changes whenever the index file's layout or the way passages
// are analysed changes, so that an old file is rebuilt rather than misread.
const indexVersion = 6

// Index holds the passages of a corpus, their vectors in a chromem-go
// collection and a BM25 index of their terms. It is safe for concurrent
// searches once built.
type Index struct {
	passages  []ingest.Passage
	terms     [][]string        // index terms of each passage, see indexText
	titles    []map[string]bool // terms of each passage's section title
	overviews map[string]string // each document's first section, its overview
	sentMu    sync.Mutex
	sentences [][]sentence // each passage's sentences, analysed on first use
	ids       []string     // distinct citation ids, sorted
	vectors   [][]float32
	hashes    [][sha256.Size]byte
	byID      map[string]map[lang.Language]int // citation id → language → passage
	// collections hold the passages' vectors, one per report (by
	// document id): a question asked of one report searches its
	// collection alone.
	collections map[string]*chromem.Collection
	bm25        *bm25
	embedder    Embedder
	builtBy     string // the embedder name the vectors were made by
	fingerprint string
	// lex is what questions are read against (see lexicon).
	lexOnce sync.Once
	lex     *question.Lexicon
	// reports are the reports the passages come from, oldest events
	// first.
	reports []ingest.Report
	// shared are the section ids more than one report has (see Theme).
	shared map[string]bool
}

// collections puts the passages' vectors in one chromem-go collection per
// report, every edition in it, so that a question asked of one report
// (a year, a country) scans that report alone. A search across editions
// stays as it was: a translation's vector still votes for its passage.
func collections(ctx context.Context, f file, ids []string, emb Embedder) (map[string]*chromem.Collection, error) {
	db := chromem.NewDB()
	byDoc := map[string][]int{}
	for i, p := range f.Passages {
		byDoc[p.Doc] = append(byDoc[p.Doc], i)
	}
	out := map[string]*chromem.Collection{}
	for doc, at := range byDoc {
		// Queries pass their own vectors; the function is there so that
		// chromem never falls back to its default, which would call
		// OpenAI.
		coll, err := db.CreateCollection("passages-"+doc, nil, func(ctx context.Context, text string) ([]float32, error) {
			vs, err := emb.Embed(ctx, []string{text})
			if err != nil {
				return nil, err
			}
			return vs[0], nil
		})
		if err != nil {
			return nil, fmt.Errorf("create collection: %w", err)
		}
		lids, vecs := make([]string, len(at)), make([][]float32, len(at))
		for j, i := range at {
			lids[j], vecs[j] = ids[i], f.Vectors[i]
		}
		if err := coll.AddConcurrently(ctx, lids, vecs, nil, nil, runtime.GOMAXPROCS(0)); err != nil {
			return nil, fmt.Errorf("fill collection: %w", err)
		}
		out[doc] = coll
	}
	return out, nil
}

// startsWith reports whether a sentence's first word is w.
func startsWith(sentence, w string) bool {
	words := lang.Words(sentence)
	return len(words) > 0 && words[0] == w
}

// Reports returns the reports of the corpus, the one with the oldest
// events first.
func (ix *Index) Reports() []ingest.Report { return ix.reports }

// lexicon returns what questions are read against, made on the first
// question rather than at start-up.
func (ix *Index) lexicon() *question.Lexicon {
	ix.lexOnce.Do(func() {
		terms := map[lang.Language][][]string{}
		tokens := map[lang.Language][][]lang.Token{}
		an := lang.NewAnalyzer()
		for i, p := range ix.passages {
			terms[p.Lang] = append(terms[p.Lang], ix.terms[i])
			// Sentence by sentence, so that a word capitalised only
			// because it starts one is told from a name.
			var toks []lang.Token
			for _, s := range ingest.Sentences(p.Text) {
				st := an.Tokens(s, p.Lang)
				if len(st) > 0 && startsWith(s, st[0].Word) {
					st[0].Name = false
					st[0].Initial = true
				}
				toks = append(toks, st...)
			}
			tokens[p.Lang] = append(tokens[p.Lang], toks)
		}
		vocabs := map[lang.Language]*question.Vocabulary{}
		for l := range terms {
			vocabs[l] = question.NewVocabulary(terms[l], tokens[l])
		}
		ix.lex = question.NewLexicon(vocabs, ix.bm25.idf, ix.buildThemes())
	})
	return ix.lex
}

// vocab returns the vocabulary of language l's passages.
func (ix *Index) vocab(l lang.Language) *question.Vocabulary { return ix.lexicon().Vocabulary(l) }

// analyse reads a question against the index's words.
func (ix *Index) analyse(m lang.Message) question.Question { return ix.lexicon().Read(m) }

// file is what an index is saved as. Vectors are stored with a hash of the
// text they were made from, so that a rebuild embeds only changed passages.
type file struct {
	Version     int
	Fingerprint string
	Embedder    string
	Passages    []ingest.Passage
	Vectors     [][]float32
	Hashes      [][sha256.Size]byte
	// Terms are the passages' index terms, when already analysed: a loaded
	// index does not stem its passages again.
	Terms [][]string
}

// Build embeds the passages and indexes them. fingerprint identifies the
// corpus they came from (see ingest.Fingerprint). When prev is an index made
// by the same embedder, the vectors of passages whose text has not changed
// are taken from it instead of being embedded again.
func Build(ctx context.Context, passages []ingest.Passage, emb Embedder, fingerprint string, prev *Index) (*Index, error) {
	if len(passages) == 0 {
		return nil, errors.New("build index: no passages")
	}
	reuse := map[[sha256.Size]byte][]float32{}
	if prev != nil && prev.builtBy == emb.Name() {
		for i, h := range prev.hashes {
			reuse[h] = prev.vectors[i]
		}
	}
	hashes := make([][sha256.Size]byte, len(passages))
	vectors := make([][]float32, len(passages))
	var todo []int
	for i, p := range passages {
		hashes[i] = sha256.Sum256([]byte(indexText(p)))
		if v, ok := reuse[hashes[i]]; ok {
			vectors[i] = v
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		texts := make([]string, len(todo))
		for j, i := range todo {
			texts[j] = indexText(passages[i])
		}
		vs, err := emb.Embed(ctx, texts)
		if err != nil {
			return nil, fmt.Errorf("embed passages: %w", err)
		}
		if len(vs) != len(texts) {
			return nil, fmt.Errorf("embed passages: embedder returned %d vectors for %d texts", len(vs), len(texts))
		}
		for j, i := range todo {
			vectors[i] = vs[j]
		}
	}
	return assemble(ctx, file{
		Version: indexVersion, Fingerprint: fingerprint, Embedder: emb.Name(),
		Passages: passages, Vectors: vectors, Hashes: hashes,
	}, emb)
}

// assemble builds the in-memory structures from a file's contents.
func assemble(ctx context.Context, f file, emb Embedder) (*Index, error) {
	ix := &Index{
		passages: f.Passages, vectors: f.Vectors, hashes: f.Hashes,
		byID: map[string]map[lang.Language]int{}, embedder: emb, builtBy: f.Embedder,
		fingerprint: f.Fingerprint,
		reports:     byEvents(ingest.Reports(f.Passages)),
	}
	ids := make([]string, len(f.Passages))
	terms := make([][]string, len(f.Passages))
	an := lang.NewAnalyzer()
	ix.sentences = make([][]sentence, len(f.Passages))
	ix.titles = make([]map[string]bool, len(f.Passages))
	ix.overviews = map[string]string{}
	ix.shared = map[string]bool{}
	sectionDoc := map[string]string{}
	titles := map[string]map[string]bool{} // by language and title
	analysed := len(f.Terms) == len(f.Passages)
	if analysed {
		terms = f.Terms
	}
	for i, p := range f.Passages {
		if ix.byID[p.ID] == nil {
			ix.byID[p.ID] = map[lang.Language]int{}
		}
		if _, dup := ix.byID[p.ID][p.Lang]; dup {
			return nil, fmt.Errorf("build index: passage %s appears twice in %s", p.ID, p.Lang)
		}
		ix.byID[p.ID][p.Lang] = i
		// The document id is the passage's position: the search reads the
		// passage from ix.passages, so chromem-go keeps only the vector.
		ids[i] = strconv.Itoa(i)
		if doc, ok := sectionDoc[p.Section]; ok && doc != p.Doc {
			ix.shared[p.Section] = true
		}
		sectionDoc[p.Section] = p.Doc
		if _, ok := ix.overviews[p.Doc]; !ok {
			ix.overviews[p.Doc] = p.Section
		}
		key := string(p.Lang) + "\x00" + p.Doc + "\x00" + p.SectionTitle
		if titles[key] == nil {
			titles[key] = termSet(an.Terms(p.SectionTitle, p.Lang))
		}
		ix.titles[i] = titles[key]
		if analysed {
			continue
		}
		terms[i] = append(an.Terms(indexText(p), p.Lang), an.JoinedTerms(p.Text, p.Lang)...)
	}
	colls, err := collections(ctx, f, ids, emb)
	if err != nil {
		return nil, err
	}
	ix.collections = colls
	ix.ids = citationIDs(ix)
	ix.terms = terms
	ix.bm25 = newBM25(terms)
	return ix, nil
}

// sentence is a sentence of a passage with its terms, analysed the first
// time the passage is quoted rather than for every question.
type sentence struct {
	text  string
	terms []string
	// words are the sentence's normalised words, for the particulars a
	// question asks for (see lang.States).
	words []string
	// opens is true when the sentence starts with a pronoun (see
	// lang.StartsWithPronoun), refers is true when it has one anywhere.
	opens, refers bool
}

// sentencesOf returns passage i's sentences, analysing them on first use.
func (ix *Index) sentencesOf(i int) []sentence {
	ix.sentMu.Lock()
	defer ix.sentMu.Unlock()
	if ix.sentences[i] == nil {
		p := ix.passages[i]
		for _, s := range ingest.Sentences(p.Text) {
			ix.sentences[i] = append(ix.sentences[i], sentence{
				text: s, terms: lang.Terms(s, p.Lang), words: lang.Words(s),
				opens: lang.StartsWithPronoun(s, p.Lang), refers: lang.HasPronoun(s, p.Lang),
			})
		}
	}
	return ix.sentences[i]
}

// indexText is what a passage is embedded and indexed as: the passage under
// its document and section titles. The titles carry what the passage takes
// for granted: a passage of "Kazakhstan: Events of 2016" under
// "Counterterrorism" is about Kazakhstan, 2016 and counterterrorism even when
// it names none of them.
func indexText(p ingest.Passage) string {
	return p.Title + ". " + p.SectionTitle + ". " + p.Text
}

// Len returns the number of passages in the index, all languages counted.
func (ix *Index) Len() int { return len(ix.passages) }

// SelfCheck searches for the first passage by its own opening words and
// returns an error unless that passage comes first: an index whose vectors
// or terms do not fit its passages must not say it is healthy.
func (ix *Index) SelfCheck(ctx context.Context) error {
	if len(ix.passages) == 0 {
		return errors.New("index has no passages")
	}
	p := ix.passages[0]
	words := strings.Fields(p.Text)
	probe := strings.Join(words[:min(12, len(words))], " ")
	hits, err := ix.Search(ctx, probe, p.Lang, 3)
	if err != nil {
		return fmt.Errorf("index cannot search: %w", err)
	}
	for _, h := range hits {
		if h.Passage.ID == p.ID {
			return nil
		}
	}
	return fmt.Errorf("index does not find passage %s by its own words", p.ID)
}

// Fingerprint returns the fingerprint of the corpus the index was built from.
func (ix *Index) Fingerprint() string { return ix.fingerprint }

// Passage returns the passage with a citation id in a language, falling back
// to the original when there is no translation into that language.
func (ix *Index) Passage(id string, l lang.Language) (ingest.Passage, bool) {
	i := ix.lookup(id, l)
	if i < 0 {
		return ingest.Passage{}, false
	}
	return ix.passages[i], true
}

// lookup returns the position of a passage in a language, else of its
// original, else -1.
func (ix *Index) lookup(id string, l lang.Language) int {
	langs, ok := ix.byID[id]
	if !ok {
		return -1
	}
	if i, ok := langs[l]; ok {
		return i
	}
	for _, i := range langs {
		if p := ix.passages[i]; p.Lang == p.OriginalLang {
			return i
		}
	}
	return -1
}

// Save writes the index to path atomically: to a temporary file in the same
// folder, synced, then renamed over path, so a crash or a full disk never
// leaves a half-written index behind.
func (ix *Index) Save(path string) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".index-*.tmp")
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	f := file{
		Version: indexVersion, Fingerprint: ix.fingerprint, Embedder: ix.embedder.Name(),
		Passages: ix.passages, Vectors: ix.vectors, Hashes: ix.hashes,
		Terms: ix.terms,
	}
	// The file ends with the SHA-256 of everything before it, so that a
	// damaged file is rebuilt rather than quoted ("over 90 journalists"
	// from one changed digit).
	sum := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(tmp, sum), 1<<20)
	if err := writeIndex(w, f); err != nil {
		return fmt.Errorf("save index: encode: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("save index: encode: %w", err)
	}
	if _, err := tmp.Write(sum.Sum(nil)); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ErrStale means an index file exists but was built from another corpus, by
// another embedder or by another version of the bot.
var ErrStale = errors.New("index is stale")

// Load reads an index saved by Save. When the file was built from another
// corpus or by another embedder it returns ErrStale together with a partial
// index that cannot be searched but can be passed to Build as prev, so that
// unchanged passages are not embedded again. When there is no file the error
// wraps fs.ErrNotExist.
func Load(ctx context.Context, path string, emb Embedder, fingerprint string) (*Index, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	defer fh.Close()
	size, err := checkSum(fh)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	return decode(ctx, bufio.NewReaderSize(io.LimitReader(fh, size), 1<<20), size, emb, fingerprint)
}

// checkSum verifies the SHA-256 trailer of an index file and returns the
// size of the content before it.
func checkSum(fh *os.File) (int64, error) {
	st, err := fh.Stat()
	if err != nil {
		return 0, err
	}
	if !st.Mode().IsRegular() || st.Size() < sha256.Size {
		return 0, fmt.Errorf("%w: not a regular file of an index's size", errDamaged)
	}
	size := st.Size() - sha256.Size
	sum := sha256.New()
	if _, err := io.Copy(sum, io.LimitReader(fh, size)); err != nil {
		return 0, err
	}
	var trailer [sha256.Size]byte
	if _, err := io.ReadFull(fh, trailer[:]); err != nil {
		return 0, err
	}
	if !bytes.Equal(sum.Sum(nil), trailer[:]) {
		return 0, fmt.Errorf("%w: checksum mismatch", errDamaged)
	}
	return size, nil
}

func decode(ctx context.Context, r *bufio.Reader, size int64, emb Embedder, fingerprint string) (*Index, error) {
	f, err := readIndex(r, size)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	if len(f.Passages) == 0 || len(f.Vectors) != len(f.Passages) || len(f.Hashes) != len(f.Passages) {
		return nil, fmt.Errorf("load index: %d passages, %d vectors, %d hashes: file is damaged", len(f.Passages), len(f.Vectors), len(f.Hashes))
	}
	if f.Embedder != emb.Name() || f.Fingerprint != fingerprint {
		stale := &Index{passages: f.Passages, vectors: f.Vectors, hashes: f.Hashes, builtBy: f.Embedder}
		return stale, fmt.Errorf("load index: built by %s from corpus %.12s, want %s from %.12s: %w",
			f.Embedder, f.Fingerprint, emb.Name(), fingerprint, ErrStale)
	}
	if err := sameDims(f, emb); err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	ix, err := assemble(ctx, f, emb)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	return ix, nil
}

// sameDims checks that the file's vectors have as many dimensions as the
// embedder's, when it knows its size (see Dimensioned): a file whose
// checksum holds but whose vectors another model made would fail every
// question.
func sameDims(f file, emb Embedder) error {
	d, ok := emb.(Dimensioned)
	if !ok || d.Dims() <= 0 {
		return nil
	}
	if want, got := d.Dims(), len(f.Vectors[0]); want != got {
		return fmt.Errorf("%w: vectors of %d dimensions, the embedder makes %d", errDamaged, got, want)
	}
	return nil
}
