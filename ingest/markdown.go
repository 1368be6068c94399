package ingest

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var (
	leadRe     = regexp.MustCompile(`^\*\*([^*]+)\*\*([^:]{0,200}):\s+`)
	imageRe    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	linkRe     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	emphasisRe = regexp.MustCompile(`\*\*|__|` + "`")
)

// markdown is a CommonMark parser with tables and heading attributes, so
// that "## Heading {#id}" names its section.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithAttribute()),
)

// parseMarkdown reads a Markdown body: a first level-one heading is the
// document title, other headings open sections (an optional {#id} gives
// the section's id), and each paragraph, list item, quoted paragraph and
// table row is a paragraph. A paragraph that starts with a bold name and a
// colon ("**Name**, role: …") is a speaker's turn in a transcript. first is
// the file line number of lines[0], for error messages.
func parseMarkdown(lines []string, first int, d *document) {
	src := []byte(strings.Join(lines, "\n"))
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(offset int) int {
		return first + sort.SearchInts(starts, offset+1) - 1
	}
	doc := markdown.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			title := collapseSpace(inlineText(raw(n, src, " ")))
			if n.Level == 1 && d.title == "" {
				d.title = title
				return ast.WalkSkipChildren, nil
			}
			d.addSection(title, attribute(n, "id"), sectionWords(attribute(n, "words")), lineOf(start(n)))
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			if s := raw(n, src, " "); strings.TrimSpace(s) != "" {
				d.addParagraph(markdownParagraph(s, lineOf(start(n))))
			}
			return ast.WalkSkipChildren, nil
		case *east.TableHeader, *east.TableRow:
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if s := strings.TrimSpace(inlineText(plain(c, src))); s != "" {
					cells = append(cells, s)
				}
			}
			if len(cells) > 0 {
				d.addParagraph(paragraph{line: lineOf(rowStart(n, src)), body: strings.Join(cells, "; ")})
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			// Code and raw HTML are not report text.
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// attribute returns a heading attribute's value ({#id words="…"}), or "".
func attribute(n ast.Node, name string) string {
	v, ok := n.AttributeString(name)
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// sectionWords splits a words attribute ("press; free speech; journalists")
// into the names people use for a section's theme: an operator who adds a
// document declares, beside each heading, the words its readers will ask
// in, which the report's own may not be («свобода слова» for «свобода
// выражения мнений»).
func sectionWords(attr string) []string {
	var out []string
	for w := range strings.SplitSeq(attr, ";") {
		if w = collapseSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// raw is a block's source lines, markers of enclosing quotes and lists
// already left out by the parser, joined with sep.
func raw(n ast.Node, src []byte, sep string) string {
	ls := n.Lines()
	parts := make([]string, 0, ls.Len())
	for i := range ls.Len() {
		seg := ls.At(i)
		parts = append(parts, strings.TrimSpace(string(seg.Value(src))))
	}
	return strings.Join(parts, sep)
}

// start is the source offset of a block's first line.
func start(n ast.Node) int {
	if n.Lines().Len() == 0 {
		return 0
	}
	return n.Lines().At(0).Start
}

// rowStart is the source offset of a table row: the start of its first
// cell's text, as rows have no lines of their own.
func rowStart(n ast.Node, src []byte) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return max(off, 0)
}

// plain is the text of an inline node and its children, with link targets,
// images and emphasis marks left out.
func plain(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
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
