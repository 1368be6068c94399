package rag

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"

	"reportbot/ingest"
	"reportbot/lang"
)

// An index file is a gob header, the passages in gob chunks, then the
// vectors as raw little-endian float32s. Terms are numbers into the
// header's vocabulary. Compared with one gob of everything this decodes an
// index of 100,000 passages several times faster and with a fraction of the
// memory: a cold start only reads.

// chunkPassages is how many passages one gob chunk holds, so that no single
// gob message is huge.
const chunkPassages = 4096

type fileHeader struct {
	Version     int
	Fingerprint string
	Embedder    string
	// Analysis is lang.AnalysisVersion when the terms were made: terms of
	// another are made again on load, and the vectors kept.
	Analysis string
	N, Dims  int
	Vocab    []string
}

type fileChunk struct {
	Passages []ingest.Passage
	Hashes   [][sha256.Size]byte
	Terms    []byte // per passage: a uvarint count, then uvarint vocabulary indexes
}

func writeIndex(w *bufio.Writer, f file) error {
	h := fileHeader{Version: f.Version, Fingerprint: f.Fingerprint, Embedder: f.Embedder, Analysis: lang.AnalysisVersion(), N: len(f.Passages)}
	if len(f.Vectors) > 0 {
		h.Dims = len(f.Vectors[0])
	}
	ids := map[string]uint64{}
	for _, ts := range f.Terms {
		for _, t := range ts {
			if _, ok := ids[t]; !ok {
				ids[t] = uint64(len(h.Vocab))
				h.Vocab = append(h.Vocab, t)
			}
		}
	}
	enc := gob.NewEncoder(w)
	if err := enc.Encode(h); err != nil {
		return err
	}
	for start := 0; start < len(f.Passages); start += chunkPassages {
		end := min(start+chunkPassages, len(f.Passages))
		c := fileChunk{Passages: f.Passages[start:end], Hashes: f.Hashes[start:end]}
		for i := start; i < end; i++ {
			var ts []string
			if i < len(f.Terms) {
				ts = f.Terms[i]
			}
			c.Terms = binary.AppendUvarint(c.Terms, uint64(len(ts)))
			for _, t := range ts {
				c.Terms = binary.AppendUvarint(c.Terms, ids[t])
			}
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	var buf [4]byte
	for _, v := range f.Vectors {
		if len(v) != h.Dims {
			return fmt.Errorf("vectors of %d and %d dimensions", h.Dims, len(v))
		}
		for _, x := range v {
			binary.LittleEndian.PutUint32(buf[:], math.Float32bits(x))
			if _, err := w.Write(buf[:]); err != nil {
				return err
			}
		}
	}
	return nil
}

var errDamaged = errors.New("index file is damaged")

// maxDims bounds the vector size an index file may claim; embedding models
// have a few thousand dimensions at most.
const maxDims = 1 << 16

// readIndex reads what writeIndex wrote. r must be the file's only reader:
// gob reads exactly its messages from a bufio.Reader, and the vectors
// follow them.
// size is the number of bytes the file holds: no count in the header may
// ask for more memory than that could fill.
func readIndex(r *bufio.Reader, size int64) (file, error) {
	dec := gob.NewDecoder(r)
	var h fileHeader
	if err := dec.Decode(&h); err != nil {
		return file{}, err
	}
	if h.Version != indexVersion {
		return file{}, fmt.Errorf("version %d, want %d: %w", h.Version, indexVersion, ErrStale)
	}
	if h.N <= 0 || h.Dims <= 0 || h.Dims > maxDims || int64(h.N) > size || int64(h.N)*int64(h.Dims)*4 > size {
		return file{}, fmt.Errorf("%w: %d passages of %d dimensions in %d bytes", errDamaged, h.N, h.Dims, size)
	}
	f := file{Version: h.Version, Fingerprint: h.Fingerprint, Embedder: h.Embedder,
		Passages: make([]ingest.Passage, 0, h.N), Hashes: make([][sha256.Size]byte, 0, h.N), Terms: make([][]string, 0, h.N)}
	for len(f.Passages) < h.N {
		var c fileChunk
		if err := dec.Decode(&c); err != nil {
			return file{}, fmt.Errorf("%w: %v", errDamaged, err)
		}
		if len(c.Hashes) != len(c.Passages) {
			return file{}, errDamaged
		}
		f.Passages = append(f.Passages, c.Passages...)
		f.Hashes = append(f.Hashes, c.Hashes...)
		buf := c.Terms
		for range c.Passages {
			n, k := binary.Uvarint(buf)
			if k <= 0 || n > uint64(len(buf)) {
				return file{}, errDamaged
			}
			buf = buf[k:]
			ts := make([]string, n)
			for j := range ts {
				id, k := binary.Uvarint(buf)
				if k <= 0 || id >= uint64(len(h.Vocab)) {
					return file{}, errDamaged
				}
				buf = buf[k:]
				ts[j] = h.Vocab[id]
			}
			f.Terms = append(f.Terms, ts)
		}
	}
	if len(f.Passages) != h.N {
		return file{}, errDamaged
	}
	flat := make([]float32, h.N*h.Dims)
	chunk := make([]byte, 1<<20)
	for i := 0; i < len(flat); {
		n := min(len(chunk)/4, len(flat)-i)
		if _, err := io.ReadFull(r, chunk[:4*n]); err != nil {
			return file{}, fmt.Errorf("%w: vectors: %v", errDamaged, err)
		}
		for j := range n {
			flat[i+j] = math.Float32frombits(binary.LittleEndian.Uint32(chunk[4*j:]))
		}
		i += n
	}
	f.Vectors = make([][]float32, h.N)
	for i := range f.Vectors {
		f.Vectors[i] = flat[i*h.Dims : (i+1)*h.Dims : (i+1)*h.Dims]
	}
	if h.Analysis != lang.AnalysisVersion() {
		// Terms made by another analysis would not meet today's
		// questions' terms: assemble makes them again.
		f.Terms = nil
	}
	return f, nil
}
