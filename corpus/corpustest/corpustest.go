// Package corpustest gives tests a corpus of two reports: the shipped
// chapter on Kazakhstan beside a short English-only report about a
// fictional country (testdata/reports at the repository's root), which is
// never shipped, so that no invented fact about Kazakhstan can be quoted.
package corpustest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing/fstest"

	"reportbot/corpus"
	"reportbot/ingest"
)

// Fixture is the fictional report's file name in TwoReports.
const Fixture = "veloria-2018.en.md"

// TwoReports returns the shipped corpus with the fictional report added.
func TwoReports() (fs.FS, error) {
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		return nil, fmt.Errorf("corpustest: cannot tell where the repository is")
	}
	src, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "testdata", "reports", Fixture))
	if err != nil {
		return nil, fmt.Errorf("corpustest: %w", err)
	}
	out := fstest.MapFS{Fixture: {Data: src}}
	err = fs.WalkDir(corpus.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(corpus.Files, p)
		if err == nil {
			out[p] = &fstest.MapFile{Data: b}
		}
		return err
	})
	return out, err
}

// Passages returns the passages of TwoReports.
func Passages() ([]ingest.Passage, error) {
	fsys, err := TwoReports()
	if err != nil {
		return nil, err
	}
	return ingest.Load(fsys)
}
