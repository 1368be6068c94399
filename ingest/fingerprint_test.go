package ingest_test

import (
	"io/fs"
	"maps"
	"os"
	"testing"
	"testing/fstest"

	"reportbot/ingest"
)

// corpusMapFS copies the real corpus folder into memory.
func corpusMapFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../corpus"), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS("../corpus"), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func fingerprint(t *testing.T, fsys fs.FS) string {
	t.Helper()
	fp, err := ingest.Fingerprint(fsys)
	if err != nil {
		t.Fatalf("Fingerprint: %v", err)
	}
	if len(fp) != 64 {
		t.Fatalf("Fingerprint %q is not a hex SHA-256", fp)
	}
	return fp
}

func TestFingerprint(t *testing.T) {
	base := fingerprint(t, os.DirFS("../corpus"))
	if again := fingerprint(t, os.DirFS("../corpus")); again != base {
		t.Fatalf("Fingerprint of the same folder changed: %s then %s", base, again)
	}
	const en = "kazakhstan-2017.en.md"
	tests := []struct {
		name   string
		edit   func(m fstest.MapFS)
		change bool
	}{
		{"same files in memory", func(m fstest.MapFS) {}, false},
		{"one byte changed", func(m fstest.MapFS) {
			data := []byte(string(m[en].Data))
			i := len(data) / 2
			data[i] ^= 0x01
			m[en] = &fstest.MapFile{Data: data}
		}, true},
		{"last byte removed", func(m fstest.MapFS) {
			m[en] = &fstest.MapFile{Data: m[en].Data[:len(m[en].Data)-1]}
		}, true},
		{"corpus file added", func(m fstest.MapFS) {
			m["notes.txt"] = &fstest.MapFile{Data: []byte("---\ntitle: Notes\n---\n")}
		}, true},
		{"corpus file in a subfolder added", func(m fstest.MapFS) {
			m["extra/briefing.html"] = &fstest.MapFile{Data: []byte("<p>Briefing</p>")}
		}, true},
		{"corpus file renamed", func(m fstest.MapFS) {
			m["kazakhstan-2017.en.markdown"] = m[en]
			delete(m, en)
		}, true},
		{"non-corpus file added", func(m fstest.MapFS) {
			m["photo.jpg"] = &fstest.MapFile{Data: []byte{0xff, 0xd8, 0xff}}
			m["corpus.go"] = &fstest.MapFile{Data: []byte("package corpus // changed")}
		}, false},
		{"file in a hidden folder added", func(m fstest.MapFS) {
			m[".git/notes.md"] = &fstest.MapFile{Data: []byte("---\n")}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := corpusMapFS(t)
			orig := maps.Clone(m)
			tt.edit(m)
			got := fingerprint(t, m)
			if changed := got != base; changed != tt.change {
				t.Errorf("fingerprint changed = %v, want %v", changed, tt.change)
			}
			if again := fingerprint(t, m); again != got {
				t.Errorf("second Fingerprint of the same files differs: %s then %s", got, again)
			}
			if back := fingerprint(t, orig); back != base {
				t.Errorf("fingerprint of the unedited files is %s, want %s", back, base)
			}
		})
	}
}
