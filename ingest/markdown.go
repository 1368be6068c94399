package ingest

import (
	"regexp"
	"strings"
)

var (
	headingRe  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*#*\s*$`)
	listItemRe = regexp.MustCompile(`^(?:[-*+]|\d+[.)])\s+`)
	leadRe     = regexp.MustCompile(`^\*\*([^*]+)\*\*([^:]{0,200}):\s+`)
	imageRe    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	linkRe     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	emphasisRe = regexp.MustCompile(`\*\*|__|` + "`")
)

// parseMarkdown reads a Markdown body: "# " is the document title, deeper
// headings open sections (an optional {#id} gives the section's id), and
// paragraphs are runs of non-blank lines; a list item is a paragraph of its
// own. A paragraph that starts with a bold name and a colon ("**Name**,
// role: …") is a speaker's turn in a transcript.
func parseMarkdown(lines []string, first int, d *document) {
	var cur []string
	curLine := 0
	flush := func() {
		if len(cur) > 0 {
			d.addParagraph(markdownParagraph(strings.Join(cur, " "), curLine))
			cur = nil
		}
	}
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		n := first + i
		switch {
		case line == "":
			flush()
		case headingRe.MatchString(line):
			flush()
			m := headingRe.FindStringSubmatch(line)
			if len(m[1]) == 1 && d.title == "" {
				d.title = inlineText(m[2])
				continue
			}
			d.addSection(inlineText(m[2]), m[3], n)
		case listItemRe.MatchString(line):
			flush()
			cur, curLine = []string{listItemRe.ReplaceAllString(line, "")}, n
		default:
			if len(cur) == 0 {
				curLine = n
			}
			cur = append(cur, line)
		}
	}
	flush()
}

func markdownParagraph(s string, line int) paragraph {
	p := paragraph{line: line}
	if m := leadRe.FindStringSubmatch(s); m != nil {
		p.lead = collapseSpace(inlineText(m[1] + m[2]))
		s = s[len(m[0]):]
	}
	p.body = inlineText(s)
	return p
}

// inlineText strips the inline Markdown a reader should not see quoted back:
// images, link targets, bold and code marks.
func inlineText(s string) string {
	s = imageRe.ReplaceAllString(s, "")
	s = linkRe.ReplaceAllString(s, "$1")
	return emphasisRe.ReplaceAllString(s, "")
}
