package ingest_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"reportbot/ingest"
)

// TestLoadBadCorpus loads each folder under testdata/bad, which holds one
// mistake a corpus editor can make, and checks that the error points at the
// file and line to fix and says what is wrong.
func TestLoadBadCorpus(t *testing.T) {
	tests := []struct {
		dir  string
		file string
		line int // 0: the message must name no line
		msg  []string
	}{
		{"empty", "notes.md", 0, []string{"empty"}},
		{"non-utf8", "notes.md", 10, []string{"not UTF-8"}},
		{"no-front-matter", "notes.md", 1, []string{"missing front matter"}},
		{"unclosed-front-matter", "notes.md", 1, []string{"front matter is not closed"}},
		{"malformed-front-matter", "notes.md", 4, []string{`not "key: value"`, "source https://example.org/notes"}},
		{"duplicate-key", "notes.md", 5, []string{"title appears twice"}},
		{"list-value", "notes.md", 4, []string{"language is not a single value"}},
		{"bad-language", "notes.md", 4, []string{`language "de"`, "en, ru, kk"}},
		{"missing-source", "notes.md", 1, []string{"no source"}},
		{"bad-events", "notes.md", 4, []string{`events "last year"`, "2015-2016"}},
		{"bad-year", "notes.md", 4, []string{`year "17"`}},
		{"section-count", "notes.ru.md", 0, []string{"3 sections", "notes.en.md has 2"}},
		{"section-id", "notes.ru.md", 15, []string{"{#courts}", "{#trials}"}},
		{"paragraph-count", "notes.ru.md", 9, []string{`section "arrests"`, "1 paragraphs", "has 2"}},
		{"missing-original", "notes.ru.md", 5, []string{"translation_of", "notes-2016.en.md"}},
		{"duplicate-section", "notes.md", 15, []string{`section id "arrests" is used twice`, "line 7"}},
		{"duplicate-doc", "astana.md", 4, []string{`doc id "notes"`, "almaty.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			ps, err := ingest.Load(os.DirFS(filepath.Join("testdata", "bad", tt.dir)))
			if err == nil {
				t.Fatalf("Load succeeded with %d passages, want an error", len(ps))
			}
			var ie *ingest.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %q (%T) is not an *ingest.Error", err, err)
			}
			if ie.File != tt.file || ie.Line != tt.line {
				t.Errorf("error at %s line %d, want %s line %d: %v", ie.File, ie.Line, tt.file, tt.line, err)
			}
			text := err.Error()
			if !strings.Contains(text, tt.file) {
				t.Errorf("message %q does not name file %s", text, tt.file)
			}
			if tt.line > 0 && !strings.Contains(text, fmt.Sprintf("line %d:", tt.line)) {
				t.Errorf("message %q does not name line %d", text, tt.line)
			}
			if tt.line == 0 && strings.Contains(text, ", line ") {
				t.Errorf("message %q names a line, but the problem has none", text)
			}
			for _, m := range tt.msg {
				if !strings.Contains(text, m) {
					t.Errorf("message %q does not say %q", text, m)
				}
			}
		})
	}
}

// TestLoadErrorWrapped checks that a caller that wraps the error can still
// find the file and line.
func TestLoadErrorWrapped(t *testing.T) {
	_, err := ingest.Load(os.DirFS("testdata/bad/bad-language"))
	err = fmt.Errorf("load corpus: %w", err)
	var ie *ingest.Error
	if !errors.As(err, &ie) || ie.File != "notes.md" || ie.Line != 4 {
		t.Fatalf("errors.As on wrapped error: %v, %+v", err, ie)
	}
}

func TestLoadEmptyFolder(t *testing.T) {
	ps, err := ingest.Load(os.DirFS(t.TempDir()))
	if err == nil {
		t.Fatalf("Load of an empty folder returned %d passages and no error", len(ps))
	}
	if !strings.Contains(err.Error(), "no Markdown, text or HTML files") {
		t.Errorf("error %q does not say the folder has no corpus files", err)
	}
}

// TestCorpusFilesThatAreNotFilesAreRefusedAtOnce puts in a corpus folder
// what would hang or exhaust a reader: a FIFO named *.md, a link to
// /dev/zero, a file over the size limit. Each is refused, by name, at once.
func TestCorpusFilesThatAreNotFilesAreRefusedAtOnce(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "corpus", "kazakhstan-2017.en.md"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		make func(dir string) error
		want string
	}{
		{"fifo", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o600) }, "pipe.md: is not a regular file"},
		{"device link", func(dir string) error { return os.Symlink("/dev/zero", filepath.Join(dir, "zero.md")) }, "zero.md: is not a regular file"},
		{"huge", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "huge.md"), bytes.Repeat([]byte("x"), ingest.MaxFileBytes+1), 0o600)
		}, "huge.md: is 4194305 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "report.md"), good, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := tt.make(dir); err != nil {
				t.Skipf("cannot make it here: %v", err)
			}
			done := make(chan error, 1)
			go func() { _, err := ingest.Load(os.DirFS(dir)); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Load: %v, want an error saying %q", err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Load hangs")
			}
		})
	}
}
