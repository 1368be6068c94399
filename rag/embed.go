package rag

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"

	"reportbot/lang"
)

// Embedder turns texts into unit-length vectors, many at a time, so that a
// remote embedder can send them in batches.
type Embedder interface {
	// Name identifies the embedder and every setting that changes its
	// vectors: an index made by an embedder of another name is rebuilt.
	Name() string
	// Embed returns one unit vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Dimensioned is an Embedder that knows the size of its vectors, 0 while
// it does not yet (a model server not asked yet). An index whose vectors
// have another size is rebuilt.
type Dimensioned interface {
	Dims() int
}

// HashEmbedder is the offline embedder: it hashes the character n-grams of a
// text's words into a fixed number of dimensions. It needs no model and no
// network, is deterministic, and matches words that share a stem or a root
// even where a stemmer does not ("қамауға" and "қамауда").
type HashEmbedder struct {
	dims int
}

// DefaultHashDims is the vector size of the offline embedder: large enough
// that the n-grams of a passage rarely collide, small enough that a query
// over 100,000 passages stays fast.
const DefaultHashDims = 1024

// NewHashEmbedder returns an offline embedder with vectors of dims
// dimensions (DefaultHashDims when dims <= 0).
func NewHashEmbedder(dims int) *HashEmbedder {
	if dims <= 0 {
		dims = DefaultHashDims
	}
	return &HashEmbedder{dims: dims}
}

// Name implements Embedder. Its vectors leave out stop words, so the name
// carries the analysis version (lang.AnalysisVersion): a saved index made
// with other stop lists must not lend its vectors (see Build), and is
// rebuilt rather than read.
func (e *HashEmbedder) Name() string {
	return fmt.Sprintf("hash-ngram-v1-%d-%s", e.dims, lang.AnalysisVersion()[:8])
}

// Dims returns the size of the embedder's vectors.
func (e *HashEmbedder) Dims() int { return e.dims }

// Embed implements Embedder. It never fails.
func (e *HashEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = e.vector(t)
	}
	return out, nil
}

// vector adds a signed feature for every word and for every 3- and 4-gram of
// the word padded with boundary marks, skipping stop words in all three
// languages, then scales the result to unit length.
func (e *HashEmbedder) vector(text string) []float32 {
	v := make([]float32, e.dims)
	h := fnv.New64a()
	add := func(feature []byte, weight float32) {
		h.Reset()
		h.Write(feature)
		x := h.Sum64()
		if x>>63 == 1 {
			weight = -weight
		}
		v[x%uint64(e.dims)] += weight
	}
	buf := make([]byte, 0, 64)
	for _, w := range lang.Words(text) {
		if lang.IsStopWord(w) {
			continue
		}
		buf = append(append(append(buf[:0], '^'), w...), '$')
		add(buf, 2)
		r := []rune(string(buf))
		for n := 3; n <= 4; n++ {
			for i := 0; i+n <= len(r); i++ {
				add([]byte(string(r[i:i+n])), 1)
			}
		}
	}
	var norm float64
	for _, x := range v {
		norm += float64(x) * float64(x)
	}
	if norm == 0 {
		// A text of stop words only: any unit vector will do, and a fixed
		// one keeps the result deterministic.
		v[0] = 1
		return v
	}
	scale := float32(1 / math.Sqrt(norm))
	for i := range v {
		v[i] *= scale
	}
	return v
}
