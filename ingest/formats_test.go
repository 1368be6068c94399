package ingest_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"reportbot/ingest"
	"reportbot/lang"
)

// TestLoadTextAndHTML loads a plain-text and an HTML document and checks
// every passage a user could be shown from them.
func TestLoadTextAndHTML(t *testing.T) {
	ps, err := ingest.Load(os.DirFS("testdata/formats"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	type want struct {
		id, doc, title, section, sectionTitle string
		para                                  int
		text, url                             string
	}
	const (
		txtTitle  = "Zhanaozen, December 2011"
		htmlTitle = "Kazakhstan: Briefing on Trade Unions"
	)
	wants := []want{
		// Files load in name order: briefing.html before zhanaozen.txt.
		// The HTML <title> is the title; a paragraph before the first <h2>
		// forms an untitled first section.
		{"briefing-section-1-1", "briefing", htmlTitle, "section-1", htmlTitle, 1,
			"The 2014 trade union law forced independent unions to re-register.",
			"https://example.org/briefing#:~:text=The%202014%20trade%20union%20law%20forced%20independent%20unions%20to%20re%2Dregister."},
		{"briefing-confederation-1", "briefing", htmlTitle, "confederation", "The Confederation", 1,
			"The Confederation of Independent Trade Unions could not re-register.", ""},
		{"briefing-confederation-2", "briefing", htmlTitle, "confederation", "The Confederation", 2,
			"Its leaders faced surveillance.", ""},
		{"briefing-confederation-3", "briefing", htmlTitle, "confederation", "The Confederation", 3,
			"Its member unions could not amend their charters.", ""},
		{"briefing-what-the-ilo-said-1", "briefing", htmlTitle, "what-the-ilo-said", "What the ILO said", 1,
			"The government should amend the restrictive law.", ""},
		// The plain-text file has no title in its front matter, so its first
		// heading is the title; the paragraph under it is an untitled section.
		{"zhanaozen-section-1-1", "zhanaozen", txtTitle, "section-1", txtTitle, 1,
			"On December 16, 2011, police opened fire on striking oil workers and others in the town of Zhanaozen. At least 12 people were killed.",
			"https://example.org/zhanaozen#:~:text=On%20December%2016%2C%202011%2C%20police,least%2012%20people%20were%20killed."},
		{"zhanaozen-trials-1", "zhanaozen", txtTitle, "trials", "Trials", 1,
			"Dozens of people were convicted after the events. Several said they had been tortured in custody.", ""},
		{"zhanaozen-trials-2", "zhanaozen", txtTitle, "trials", "Trials", 2,
			"Authorities have not credibly investigated the torture allegations.", ""},
		{"zhanaozen-demands-1", "zhanaozen", txtTitle, "demands", "Demands", 1,
			"Human Rights Watch called for an independent inquiry.", ""},
	}
	if len(ps) != len(wants) {
		for _, p := range ps {
			t.Logf("got %s %q", p.ID, p.Text)
		}
		t.Fatalf("%d passages, want %d", len(ps), len(wants))
	}
	for i, w := range wants {
		p := ps[i]
		t.Run(w.id, func(t *testing.T) {
			if p.ID != w.id || p.Doc != w.doc || p.Section != w.section || p.Paragraph != w.para {
				t.Errorf("passage %d is %s (doc %s, section %s, paragraph %d), want %s (doc %s, section %s, paragraph %d)",
					i, p.ID, p.Doc, p.Section, p.Paragraph, w.id, w.doc, w.section, w.para)
			}
			if p.Title != w.title || p.SectionTitle != w.sectionTitle {
				t.Errorf("Title %q SectionTitle %q, want %q %q", p.Title, p.SectionTitle, w.title, w.sectionTitle)
			}
			if p.Text != w.text || p.Original != w.text {
				t.Errorf("Text %q Original %q, want %q", p.Text, p.Original, w.text)
			}
			if p.Lang != lang.English || p.OriginalLang != lang.English || p.Unofficial {
				t.Errorf("Lang %q OriginalLang %q Unofficial %v, want en, en, false", p.Lang, p.OriginalLang, p.Unofficial)
			}
			base := "https://example.org/" + w.doc + "#:~:text="
			if !strings.HasPrefix(p.URL, base) {
				t.Errorf("URL %s does not start with %s", p.URL, base)
			}
			if w.url != "" && p.URL != w.url {
				t.Errorf("URL\n got %s\nwant %s", p.URL, w.url)
			}
			for _, f := range []string{"Skip to main content", "Read a text description", "Reuters", "©", "Home", "tracking", "color", "Trade unions under pressure"} {
				if strings.Contains(p.Text, f) || strings.Contains(p.SectionTitle, f) {
					t.Errorf("passage contains page furniture %q: %q", f, p.Text)
				}
			}
		})
	}
}

func TestIsCorpusFile(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"kazakhstan-2017.en.md", true},
		{"notes.MARKDOWN", true},
		{"zhanaozen.txt", true},
		{"briefing.html", true},
		{"old/briefing.HTM", true},
		{"corpus.go", false},
		{"photo.jpg", false},
		{"report.pdf", false},
		{"README", false},
	}
	for _, tt := range tests {
		if got := ingest.IsCorpusFile(tt.name); got != tt.want {
			t.Errorf("IsCorpusFile(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestFrontMatterAsTheREADMEShowsIt loads a file whose front matter is the
// README's example, trailing comments included: a corpus editor copies it.
func TestFrontMatterAsTheREADMEShowsIt(t *testing.T) {
	ps, err := ingest.Load(os.DirFS("testdata/readme"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(ps) != 1 {
		t.Fatalf("%d passages, want 1", len(ps))
	}
	p := ps[0]
	if p.ID != "kz2016-assembly-1" || p.Lang != lang.English || p.Title != "Kazakhstan: Events of 2016" {
		t.Errorf("passage %s in %s titled %q, want kz2016-assembly-1 in en titled \"Kazakhstan: Events of 2016\"", p.ID, p.Lang, p.Title)
	}
	if !strings.HasPrefix(p.URL, "https://www.hrw.org/world-report/2017/country-chapters/kazakhstan") {
		t.Errorf("link %q does not point at the source", p.URL)
	}
}

// TestMarkdownAsEditorsWriteIt: a quote is read without its ">" markers,
// an underlined (setext) heading opens a section, a table row keeps its
// cells apart, and list items and links read as plain sentences.
func TestMarkdownAsEditorsWriteIt(t *testing.T) {
	ps, err := ingest.Load(os.DirFS("testdata/markdown"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []struct{ id, section, text string }{
		{"notes-arrests-1", "Arrests", "Police detained two activists outside the court."},
		{"notes-arrests-2", "Arrests", "Name; Sentence"},
		{"notes-arrests-3", "Arrests", "Max Bokayev; five years"},
		{"notes-courts-1", "Courts", "The appeal court upheld the verdict."},
		{"notes-courts-2", "Courts", "The lawyers were not admitted."},
	}
	if len(ps) != len(want) {
		for _, p := range ps {
			t.Logf("%s %q: %q", p.ID, p.SectionTitle, p.Text)
		}
		t.Fatalf("%d passages, want %d", len(ps), len(want))
	}
	for i, w := range want {
		p := ps[i]
		if p.ID != w.id || p.SectionTitle != w.section || p.Text != w.text {
			t.Errorf("passage %d is %s in %q: %q, want %s in %q: %q", i+1, p.ID, p.SectionTitle, p.Text, w.id, w.section, w.text)
		}
	}
}

// TestSectionWordsFromTheHeading reads the names people use for a
// section's theme from its heading's words attribute: entries split at
// ";", blanks dropped, each passage of the section carrying them in its
// own language; a heading without the attribute has none.
func TestSectionWordsFromTheHeading(t *testing.T) {
	const doc = "---\ntitle: Ruritania\nlanguage: en\ndoc: ru2031\nsource: https://example.org/ruritania\n---\n\n" +
		"## Restrictions on Expression {#expression words=\"press;  free   speech ; ;censorship\"}\n\n" +
		"The Strelsau Gazette was closed in March.\n\n## Elections {#elections}\n\nVoting was held in May.\n"
	ps, err := ingest.Load(fstest.MapFS{"ruritania.md": {Data: []byte(doc)}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"ru2031-expression-1": {"press", "free speech", "censorship"}, "ru2031-elections-1": nil}
	for _, p := range ps {
		if w, ok := want[p.ID]; !ok || !slices.Equal(p.SectionWords, w) {
			t.Errorf("%s: words %q, want %q", p.ID, p.SectionWords, w)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d passages, want %d", len(ps), len(want))
	}
}
