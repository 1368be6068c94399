package ingest

import (
	"strings"
	"unicode/utf8"
)

// maxHeadingRunes is the longest line a plain-text file can use as a heading.
const maxHeadingRunes = 80

// parseText reads a plain-text body: paragraphs are separated by blank lines,
// and a paragraph of one short line without closing punctuation is a heading.
// The first heading is the title when the front matter gives none.
func parseText(lines []string, first int, d *document) {
	var cur []string
	curLine := 0
	flush := func() {
		defer func() { cur = nil }()
		if len(cur) == 0 {
			return
		}
		if len(cur) == 1 && isTextHeading(cur[0]) {
			if d.title == "" && d.meta["title"] == "" && len(d.sections) == 0 {
				d.title = cur[0]
				return
			}
			d.addSection(cur[0], "", nil, curLine)
			return
		}
		d.addParagraph(paragraph{body: strings.Join(cur, " "), line: curLine})
	}
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		if line == "" {
			flush()
			continue
		}
		if len(cur) == 0 {
			curLine = first + i
		}
		cur = append(cur, line)
	}
	flush()
}

func isTextHeading(line string) bool {
	if utf8.RuneCountInString(line) > maxHeadingRunes {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".!?:;,…\"”»)", last)
}
