package ingest

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads an HTML document. Its front matter is in its head: the
// language from <html lang> (or <meta name="language">), the title from
// <title>, the source from <link rel="canonical"> (or <meta name="source">),
// and any other key from <meta name="KEY" content="…">. In the body, <h1> is
// the title, <h2>–<h4> open sections (their id attribute is the section id),
// and <p>, <li> and <blockquote> are paragraphs. Navigation, scripts, figures
// and forms are page furniture and are skipped.
func parseHTML(file string, src []byte, d *document) error {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return errorf(file, 0, "cannot parse HTML: %v", err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Nav, atom.Header, atom.Footer, atom.Aside,
				atom.Figure, atom.Noscript, atom.Form, atom.Button, atom.Template, atom.Svg:
				return
			case atom.Html:
				if v := attr(n, "lang"); v != "" {
					d.setMeta("language", v)
				}
			case atom.Title:
				d.setMeta("title", collapseSpace(textOf(n)))
				return
			case atom.Meta:
				if name := attr(n, "name"); name != "" {
					d.setMeta(strings.ToLower(name), attr(n, "content"))
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					d.setMeta("source", attr(n, "href"))
				}
			case atom.H1:
				if d.title == "" {
					d.title = collapseSpace(textOf(n))
					return
				}
				d.addSection(textOf(n), attr(n, "id"), sectionWords(attr(n, "data-words")), 0)
				return
			case atom.H2, atom.H3, atom.H4:
				d.addSection(textOf(n), attr(n, "id"), sectionWords(attr(n, "data-words")), 0)
				return
			case atom.P, atom.Li, atom.Blockquote:
				d.addParagraph(paragraph{body: textOf(n)})
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return nil
}

// setMeta records a head value unless the head already gave the key: the
// first of <meta name="language"> and <html lang> wins.
func (d *document) setMeta(key, value string) {
	if _, ok := d.meta[key]; !ok && strings.TrimSpace(value) != "" {
		d.meta[key] = strings.TrimSpace(value)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return collapseSpace(b.String())
}
