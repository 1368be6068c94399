package rag

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"reportbot/ingest"
)

// Open returns a searchable index of the corpus in fsys. It loads the index
// saved at path when that was built from the same corpus by the same
// embedder; otherwise it reads the corpus, builds the index (re-embedding
// only the passages whose text changed) and saves it to path. A fresh machine
// therefore needs no separate ingest step. An empty path keeps the index in
// memory only; an index that cannot be saved (a read-only disk) is logged and
// used all the same.
func Open(ctx context.Context, path string, corpus fs.FS, emb Embedder, log *slog.Logger) (*Index, error) {
	fp, err := ingest.Fingerprint(corpus)
	if err != nil {
		return nil, err
	}
	var prev *Index
	if path != "" {
		removeStaleTemps(path, log)
		ix, err := Load(ctx, path, emb, fp)
		switch {
		case err == nil:
			log.Debug("index loaded", "passages", ix.Len())
			return ix, nil
		case errors.Is(err, ErrStale):
			log.Info("index is stale; rebuilding", "reason", err.Error())
			prev = ix
		case errors.Is(err, fs.ErrNotExist):
			log.Info("no index yet; building it")
		default:
			// A damaged file is never answered from: the corpus is the truth.
			log.Warn("index unreadable or damaged; rebuilding from the corpus", "error", err.Error())
		}
	}
	return build(ctx, path, corpus, emb, fp, prev, log)
}

// Rebuild reads the corpus and builds and saves its index even when a fresh
// one exists, for the ingest command.
func Rebuild(ctx context.Context, path string, corpus fs.FS, emb Embedder, log *slog.Logger) (*Index, error) {
	fp, err := ingest.Fingerprint(corpus)
	if err != nil {
		return nil, err
	}
	var prev *Index
	if path != "" {
		// A fresh or stale index still lends its vectors.
		prev, _ = Load(ctx, path, emb, fp)
	}
	return build(ctx, path, corpus, emb, fp, prev, log)
}

func build(ctx context.Context, path string, corpus fs.FS, emb Embedder, fp string, prev *Index, log *slog.Logger) (*Index, error) {
	start := time.Now()
	passages, err := ingest.Load(corpus)
	if err != nil {
		return nil, err
	}
	ix, err := Build(ctx, passages, emb, fp, prev)
	if err != nil {
		return nil, err
	}
	log.Info("index built", "passages", ix.Len(), "embedder", emb.Name(), "took", time.Since(start).Round(time.Millisecond).String())
	if path != "" {
		if err := ix.Save(path); err != nil {
			log.Warn("index not saved; using it from memory", "error", err.Error())
		}
	}
	return ix, nil
}

// staleTemp is how old a temporary file from a save must be to be taken for
// the leftover of a crash rather than another process's save in progress.
const staleTemp = 10 * time.Minute

// removeStaleTemps removes the temporary files that saves killed half-way
// left beside the index.
func removeStaleTemps(path string, log *slog.Logger) {
	temps, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".index-*.tmp"))
	for _, t := range temps {
		if st, err := os.Stat(t); err == nil && time.Since(st.ModTime()) > staleTemp {
			if err := os.Remove(t); err == nil {
				log.Info("removed a temporary index file left by a crashed save", "file", filepath.Base(t))
			}
		}
	}
}
