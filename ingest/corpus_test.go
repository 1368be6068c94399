package ingest_test

import (
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"reportbot/ingest"
	"reportbot/lang"
)

const reportURL = "https://www.hrw.org/world-report/2017/country-chapters/kazakhstan"

// loadCorpus loads the real report and groups its passages by language, in
// the order Load returned them.
func loadCorpus(t *testing.T) map[lang.Language][]ingest.Passage {
	t.Helper()
	ps, err := ingest.Load(os.DirFS("../corpus"))
	if err != nil {
		t.Fatalf("Load(corpus): %v", err)
	}
	byLang := map[lang.Language][]ingest.Passage{}
	for _, p := range ps {
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	return byLang
}

func ids(ps []ingest.Passage) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// fragment returns the decoded text of a URL's #:~:text= fragment: its start
// and, when it has one, its end.
func fragment(t *testing.T, u string) []string {
	t.Helper()
	_, frag, ok := strings.Cut(u, "#:~:text=")
	if !ok {
		t.Fatalf("URL %s has no text fragment", u)
	}
	var out []string
	for part := range strings.SplitSeq(frag, ",") {
		s, err := url.PathUnescape(part)
		if err != nil {
			t.Fatalf("URL %s: fragment part %q does not decode: %v", u, part, err)
		}
		out = append(out, s)
	}
	return out
}

func TestCorpusPassagesPerLanguage(t *testing.T) {
	byLang := loadCorpus(t)
	if len(byLang) != 3 {
		t.Errorf("corpus has passages in %d languages, want 3 (en, ru, kk)", len(byLang))
	}
	en := ids(byLang[lang.English])
	for _, l := range lang.All {
		t.Run(string(l), func(t *testing.T) {
			ps := byLang[l]
			if len(ps) != 44 {
				t.Errorf("%d passages, want 44", len(ps))
			}
			if got := ids(ps); !slices.Equal(got, en) {
				t.Errorf("citation ids differ from English:\n got %v\nwant %v", got, en)
			}
			seen := map[string]bool{}
			for _, p := range ps {
				if seen[p.ID] {
					t.Errorf("citation id %s appears twice", p.ID)
				}
				seen[p.ID] = true
				if p.Doc != "kz2016" || p.OriginalLang != lang.English {
					t.Errorf("%s: Doc %q OriginalLang %q, want kz2016 and en", p.ID, p.Doc, p.OriginalLang)
				}
				if strings.TrimSpace(p.Text) == "" || p.Text != strings.TrimSpace(p.Text) {
					t.Errorf("%s: Text %q is empty or has outer space", p.ID, p.Text)
				}
				if l != lang.English {
					if got, _ := lang.Detect(p.Text); got != l {
						t.Errorf("%s: Text is detected as %q, want %q: %.80s", p.ID, got, l, p.Text)
					}
				}
			}
		})
	}
}

func TestCorpusCitationIDs(t *testing.T) {
	byLang := loadCorpus(t)
	idRe := regexp.MustCompile(`^kz2016-[a-z]+(?:-[a-z]+)*-[1-9][0-9]*(?:\.[1-9][0-9]*)?$`)
	for _, p := range byLang[lang.English] {
		if !idRe.MatchString(p.ID) {
			t.Errorf("citation id %q is not of the form kz2016-SECTION-N", p.ID)
		}
	}
	tests := []struct {
		id, section string
		para        int
		start       map[lang.Language]string
	}{
		{"kz2016-overview-1", "overview", 1, map[lang.Language]string{
			lang.English: "Against the backdrop of an economic downturn",
			lang.Russian: "На фоне экономического спада",
			lang.Kazakh:  "Экономикалық құлдырау аясында",
		}},
		{"kz2016-assembly-2", "assembly", 2, map[lang.Language]string{
			lang.English: "In advance of countrywide protests planned for May 21",
		}},
		{"kz2016-video-4", "video", 4, map[lang.Language]string{
			lang.English: "Larisa Kharkova, Confederation of Independent Trade Unions of Kazakhstan: ",
		}},
		{"kz2016-international-6", "international", 6, map[lang.Language]string{
			lang.English: "In June 2016, Kazakhstan became an elected member of the UN",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			for _, l := range lang.All {
				i := slices.IndexFunc(byLang[l], func(p ingest.Passage) bool { return p.ID == tt.id })
				if i < 0 {
					t.Errorf("%s: no passage %s", l, tt.id)
					continue
				}
				p := byLang[l][i]
				if p.Section != tt.section || p.Paragraph != tt.para {
					t.Errorf("%s: section %q paragraph %d, want %q %d", l, p.Section, p.Paragraph, tt.section, tt.para)
				}
				if want, ok := tt.start[l]; ok && !strings.HasPrefix(p.Text, want) {
					t.Errorf("%s: Text starts %.80q, want %q", l, p.Text, want)
				}
			}
		})
	}
}

func TestCorpusTranslationsAreUnofficialWithEnglishOriginal(t *testing.T) {
	byLang := loadCorpus(t)
	english := map[string]ingest.Passage{}
	for _, p := range byLang[lang.English] {
		if p.Unofficial {
			t.Errorf("en %s is marked Unofficial", p.ID)
		}
		if p.Original != p.Text {
			t.Errorf("en %s: Original differs from Text", p.ID)
		}
		english[p.ID] = p
	}
	for _, l := range []lang.Language{lang.Russian, lang.Kazakh} {
		t.Run(string(l), func(t *testing.T) {
			for _, p := range byLang[l] {
				en := english[p.ID]
				if !p.Unofficial {
					t.Errorf("%s is not marked Unofficial", p.ID)
				}
				if p.Original != en.Text {
					t.Errorf("%s: Original = %.60q, want the English text %.60q", p.ID, p.Original, en.Text)
				}
				if p.Text == en.Text {
					t.Errorf("%s: Text is the English text, not a translation", p.ID)
				}
				if p.URL != en.URL {
					t.Errorf("%s: URL %s, want the English passage's %s", p.ID, p.URL, en.URL)
				}
				if p.Section != en.Section || p.Paragraph != en.Paragraph {
					t.Errorf("%s: section %s paragraph %d, English has %s %d", p.ID, p.Section, p.Paragraph, en.Section, en.Paragraph)
				}
			}
		})
	}
}

func TestCorpusURLs(t *testing.T) {
	byLang := loadCorpus(t)
	prefix := reportURL + "#:~:text="
	for _, l := range lang.All {
		for _, p := range byLang[l] {
			if !strings.HasPrefix(p.URL, prefix) {
				t.Errorf("%s %s: URL %s does not start with %s", l, p.ID, p.URL, prefix)
				continue
			}
			if strings.ContainsAny(p.URL, " \n") {
				t.Errorf("%s %s: URL %q has unescaped space", l, p.ID, p.URL)
			}
			// The fragment must be words of the English paragraph, so that a
			// browser finds them on the page.
			for _, f := range fragment(t, p.URL) {
				if !strings.Contains(p.Original, f) {
					t.Errorf("%s %s: fragment %q is not in the English text", l, p.ID, f)
				}
			}
		}
	}
}

func TestCorpusVideoSpeakers(t *testing.T) {
	byLang := loadCorpus(t)
	speakers := map[lang.Language][]string{
		lang.English: {"Mihra Rittmann", "Yevgeniy Zhovtis", "Larisa Kharkova"},
		lang.Russian: {"Михра Риттманн", "Евгений Жовтис", "Лариса Харькова"},
		lang.Kazakh:  {"Михра Риттманн", "Евгений Жовтис", "Лариса Харькова"},
	}
	for _, l := range lang.All {
		t.Run(string(l), func(t *testing.T) {
			n := 0
			for _, p := range byLang[l] {
				if p.Section != "video" {
					continue
				}
				n++
				named := ""
				for _, s := range speakers[l] {
					if strings.HasPrefix(p.Text, s+", ") {
						named = s
					}
				}
				if named == "" {
					t.Errorf("%s: Text does not start with a speaker: %.80q", p.ID, p.Text)
				}
				if strings.Contains(p.Text, "**") {
					t.Errorf("%s: Text keeps Markdown bold marks: %.80q", p.ID, p.Text)
				}
				for _, f := range fragment(t, p.URL) {
					for _, s := range speakers[lang.English] {
						if strings.Contains(f, s) || strings.Contains(f, "Human Rights Watch:") {
							t.Errorf("%s: URL fragment %q contains the speaker label", p.ID, f)
						}
					}
				}
			}
			if n != 7 {
				t.Errorf("%d video transcript passages, want 7", n)
			}
		})
	}
	// The link of Larisa Kharkova's first turn starts at her spoken words.
	for _, p := range byLang[lang.English] {
		if p.ID == "kz2016-video-4" {
			if f := fragment(t, p.URL); f[0] != "The activities of trade unions" {
				t.Errorf("kz2016-video-4: fragment starts %q, want %q", f[0], "The activities of trade unions")
			}
		}
	}
}

func TestCorpusHasNoPageFurniture(t *testing.T) {
	byLang := loadCorpus(t)
	furniture := []string{
		"Skip to main content", "Read a text description", "© 2012 Reuters",
		"Share this via", "Download the full report", "](", "{#", "**",
	}
	for _, l := range lang.All {
		for _, p := range byLang[l] {
			for _, f := range furniture {
				for field, s := range map[string]string{"Text": p.Text, "SectionTitle": p.SectionTitle, "Title": p.Title} {
					if strings.Contains(s, f) {
						t.Errorf("%s %s: %s contains page furniture %q", l, p.ID, field, f)
					}
				}
			}
		}
	}
}

func TestCorpusTitles(t *testing.T) {
	byLang := loadCorpus(t)
	tests := []struct {
		l                  lang.Language
		title, overviewSec string
	}{
		{lang.English, "Kazakhstan: Events of 2016", "Overview"},
		{lang.Russian, "Казахстан: события 2016 года", "Обзор"},
		{lang.Kazakh, "Қазақстан: 2016 жылғы оқиғалар", "Шолу"},
	}
	for _, tt := range tests {
		p := byLang[tt.l][0]
		if p.Title != tt.title || p.SectionTitle != tt.overviewSec {
			t.Errorf("%s first passage: Title %q SectionTitle %q, want %q %q", tt.l, p.Title, p.SectionTitle, tt.title, tt.overviewSec)
		}
		if p.File != "kazakhstan-2017."+string(tt.l)+".md" {
			t.Errorf("%s first passage: File %q", tt.l, p.File)
		}
	}
}
