package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"reportbot/ingest"
)

// FuzzLoadMarkdown: whatever an editor writes, Load returns passages with
// text or an *ingest.Error that names the file, and never panics.
func FuzzLoadMarkdown(f *testing.F) {
	f.Add("title: Notes\nlanguage: en\nsource: https://example.org/notes", "## Arrests\n\n> Police detained two activists.\n")
	f.Add("title: Notes # c\nlanguage: en\nsource: https://example.org/n", "Heading\n---\n\n| a | b |\n|---|---|\n| c | d |\n")
	f.Add("title: [a, b]\nlanguage: en", "* item\n\n```\ncode\n```\n")
	f.Fuzz(func(t *testing.T, front, body string) {
		file := "---\n" + front + "\n---\n\n" + body
		ps, err := ingest.Load(fstest.MapFS{"notes.md": {Data: []byte(file)}})
		if err != nil {
			var ie *ingest.Error
			if !errors.As(err, &ie) || ie.File != "notes.md" {
				t.Fatalf("error %v (%T) does not name the file", err, err)
			}
			return
		}
		for _, p := range ps {
			if strings.TrimSpace(p.Text) == "" {
				t.Fatalf("passage %s has no text", p.ID)
			}
		}
	})
}
