package rag

import (
	"slices"
	"sort"

	"reportbot/ingest"
	"reportbot/lang"
)

// Section is a section of a corpus document, for listing the report's
// themes and browsing it.
type Section struct {
	// Doc and ID identify the section: "kz2016", "assembly".
	Doc, ID string
	// Title is the section heading in the language asked for.
	Title string
	// Citations are the section's citation ids in document order.
	Citations []string
}

// Sections lists the sections of every document in document order, titled
// in language l where the corpus has that language.
func (ix *Index) Sections(l lang.Language) []Section {
	var out []Section
	at := map[[2]string]int{}
	for _, p := range ix.passages {
		if p.Lang != p.OriginalLang {
			continue
		}
		k := [2]string{p.Doc, p.Section}
		i, ok := at[k]
		if !ok {
			t, _ := ix.Passage(p.ID, l)
			out = append(out, Section{Doc: p.Doc, ID: p.Section, Title: t.SectionTitle})
			i = len(out) - 1
			at[k] = i
		}
		out[i].Citations = append(out[i].Citations, p.ID)
	}
	return out
}

// Theme is the name a digest subscription keeps a section by: its id
// ("assembly"), or its report's id and its own ("vl2017/assembly") where
// another report has a section of the same id.
func (ix *Index) Theme(s Section) string {
	if ix.shared[s.ID] {
		return s.Doc + "/" + s.ID
	}
	return s.ID
}

// citationIDs returns the distinct citation ids, sorted.
func citationIDs(ix *Index) []string {
	ids := make([]string, 0, len(ix.byID))
	for id := range ix.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Ordinal returns a citation id's position among the index's citation ids
// in sorted order, a short and stable reference for places with little room
// (Telegram's 64-byte button data); -1 when the id is unknown. It stays the
// same while the corpus does.
func (ix *Index) Ordinal(id string) int {
	i := sort.SearchStrings(ix.ids, id)
	if i < len(ix.ids) && ix.ids[i] == id {
		return i
	}
	return -1
}

// CitationAt returns the citation id at an ordinal.
func (ix *Index) CitationAt(n int) (string, bool) {
	if n < 0 || n >= len(ix.ids) {
		return "", false
	}
	return ix.ids[n], true
}

// overview returns the passages of a report's first section in language
// l, in order: its own short version of itself. doc "" is the newest
// report's.
func (ix *Index) overview(doc string, l lang.Language) []ingest.Passage {
	if doc == "" {
		doc = ix.newest().ID
	}
	i := slices.IndexFunc(ix.Sections(l), func(s Section) bool { return s.Doc == doc })
	if i < 0 {
		return nil
	}
	var out []ingest.Passage
	for _, id := range ix.Sections(l)[i].Citations {
		if p, ok := ix.Passage(id, l); ok {
			out = append(out, p)
		}
	}
	return out
}

// inOverview reports whether passage i is in the first section of its
// document: the document's summary of itself.
func (ix *Index) inOverview(i int) bool {
	return ix.overviews[ix.passages[i].Doc] == ix.passages[i].Section
}
