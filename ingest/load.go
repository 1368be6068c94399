package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportbot/lang"
)

// IsCorpusFile reports whether ingest reads a file of this name: Markdown,
// plain text or HTML. Everything else in a corpus folder is left alone.
func IsCorpusFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt", ".html", ".htm":
		return true
	}
	return false
}

// Load reads every corpus file in fsys and returns its passages: originals
// first, then translations, each in document order. Any problem with a file
// stops the load with an *Error naming the file and, where it can, the line.
func Load(fsys fs.FS) ([]Passage, error) {
	names, err := corpusFiles(fsys)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("corpus has no Markdown, text or HTML files")
	}
	docs := make(map[string]*document, len(names))
	for _, name := range names {
		src, err := readCorpusFile(fsys, name)
		if err != nil {
			return nil, err
		}
		d, err := parse(name, src)
		if err != nil {
			return nil, err
		}
		docs[name] = d
	}
	return cut(names, docs)
}

// Fingerprint hashes the names and contents of the corpus files, so that an
// index built from them can tell when it is stale. It reads files but parses
// nothing.
func Fingerprint(fsys fs.FS) (string, error) {
	names, err := corpusFiles(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, name := range names {
		src, err := readCorpusFile(fsys, name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(src))
		h.Write(src)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// MaxFileBytes is the largest corpus file read: a report chapter is tens of
// kilobytes, and a file of many megabytes is a mistake (a dump, a link to a
// device) that would take the program's memory and time.
const MaxFileBytes = 4 << 20

// readCorpusFile reads one corpus file, which must be a regular file of at
// most MaxFileBytes: a FIFO named *.md would hang the read, a link to
// /dev/zero would never end it.
func readCorpusFile(fsys fs.FS, name string) ([]byte, error) {
	// Stat before opening: opening a FIFO waits for a writer.
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read corpus file %s: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{File: name, Msg: "is not a regular file"}
	}
	if info.Size() > MaxFileBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("is %d bytes, more than a corpus file may be (%d)", info.Size(), MaxFileBytes)}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read corpus file %s: %w", name, err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read corpus file %s: %w", name, err)
	}
	if len(src) > MaxFileBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("is more than %d bytes", MaxFileBytes)}
	}
	return src, nil
}

func corpusFiles(fsys fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && p != "." && strings.HasPrefix(e.Name(), ".") {
			return fs.SkipDir
		}
		if !e.IsDir() && IsCorpusFile(p) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	sort.Strings(names)
	return names, nil
}

// parse checks a file's encoding and front matter and reads its structure.
func parse(name string, src []byte) (*document, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, errorf(name, 0, "file is empty")
	}
	if !utf8.Valid(src) {
		bad := len(src)
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				bad = i
				break
			}
			i += size
		}
		return nil, errorf(name, 1+bytes.Count(src[:bad], []byte("\n")), "file is not UTF-8 (invalid byte at offset %d)", bad)
	}
	d := &document{file: name, meta: map[string]string{}, metaLine: map[string]int{}}
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		if err := parseHTML(name, src, d); err != nil {
			return nil, err
		}
	default:
		lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
		rest, first, err := parseFrontMatter(name, lines, d)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(strings.ToLower(name), ".txt") {
			parseText(rest, first, d)
		} else {
			parseMarkdown(rest, first, d)
		}
	}
	d.dropEmptySections()
	return d, checkMeta(d)
}

// checkMeta validates the keys every document needs and fills the defaults.
func checkMeta(d *document) error {
	for _, key := range []string{"language", "source"} {
		if d.meta[key] == "" {
			return errorf(d.file, 1, "missing front matter: no %s", key)
		}
	}
	if _, ok := lang.Parse(d.meta["language"]); !ok {
		return errorf(d.file, d.metaLine["language"], "front matter language %q is not one of en, ru, kk", d.meta["language"])
	}
	if !strings.HasPrefix(d.meta["source"], "https://") && !strings.HasPrefix(d.meta["source"], "http://") {
		return errorf(d.file, d.metaLine["source"], "front matter source %q is not an http(s) URL", d.meta["source"])
	}
	if v := d.meta["unofficial"]; v != "" {
		if _, err := strconv.ParseBool(v); err != nil {
			return errorf(d.file, d.metaLine["unofficial"], "front matter unofficial %q is not true or false", v)
		}
	}
	if d.meta["title"] != "" {
		d.title = d.meta["title"]
	}
	if d.title == "" {
		return errorf(d.file, 1, "missing front matter: no title, and no heading to take one from")
	}
	if v := d.meta["year"]; v != "" {
		if y, err := strconv.Atoi(v); err != nil || y < 1900 || y > 2200 {
			return errorf(d.file, d.metaLine["year"], "front matter year %q is not a year such as 2017", v)
		}
	}
	if _, ok := eventYears(d.meta["events"], d.title); !ok {
		return errorf(d.file, d.metaLine["events"], "front matter events %q is not a year or years such as 2016 or 2015-2016", d.meta["events"])
	}
	if d.meta["doc"] == "" {
		d.meta["doc"] = slug(strings.SplitN(path.Base(d.file), ".", 2)[0])
	}
	if slug(d.meta["doc"]) != d.meta["doc"] || d.meta["doc"] == "" {
		return errorf(d.file, d.metaLine["doc"], "front matter doc %q must be lower-case letters, digits and hyphens", d.meta["doc"])
	}
	if len(d.sections) == 0 {
		return errorf(d.file, 0, "file has no paragraphs")
	}
	return nil
}
