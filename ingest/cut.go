package ingest

import (
	"fmt"
	"path"
	"strconv"

	"reportbot/lang"
)

// cut turns parsed documents into passages: it gives every section of an
// original its id, checks that each translation has its original's shape,
// and splits long paragraphs at the same places in every language.
func cut(names []string, docs map[string]*document) ([]Passage, error) {
	var originals, translations []string
	byBase := make(map[string]string, len(names))
	for _, name := range names {
		byBase[path.Base(name)] = name
		if docs[name].meta["translation_of"] == "" {
			originals = append(originals, name)
		} else {
			translations = append(translations, name)
		}
	}

	var out []Passage
	seenDoc := map[string]string{}
	for _, name := range originals {
		d := docs[name]
		if other, dup := seenDoc[d.meta["doc"]]; dup {
			return nil, errorf(name, d.metaLine["doc"], "doc id %q is already used by %s", d.meta["doc"], other)
		}
		seenDoc[d.meta["doc"]] = name
		if err := assignSectionIDs(d); err != nil {
			return nil, err
		}
		out = append(out, cutOriginal(d)...)
	}

	seenTranslation := map[string]string{}
	for _, name := range translations {
		d := docs[name]
		origName, ok := byBase[path.Base(d.meta["translation_of"])]
		if !ok || docs[origName].meta["translation_of"] != "" {
			return nil, errorf(name, d.metaLine["translation_of"], "translation_of names %q, which is not an original in the corpus", d.meta["translation_of"])
		}
		orig := docs[origName]
		key := origName + "|" + d.meta["language"]
		if other, dup := seenTranslation[key]; dup {
			return nil, errorf(name, d.metaLine["language"], "%s already translates %s into %s", other, origName, d.meta["language"])
		}
		seenTranslation[key] = name
		if d.meta["language"] == orig.meta["language"] {
			return nil, errorf(name, d.metaLine["language"], "translation is in the language of its original (%s)", d.meta["language"])
		}
		if doc := d.meta["doc"]; d.metaLine["doc"] > 0 && doc != orig.meta["doc"] {
			return nil, errorf(name, d.metaLine["doc"], "doc id %q differs from its original's %q", doc, orig.meta["doc"])
		}
		d.meta["doc"] = orig.meta["doc"]
		if err := align(d, orig); err != nil {
			return nil, err
		}
		ps, err := cutTranslation(d, orig, out)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// assignSectionIDs gives each section of an original its id: the explicit
// anchor, else a slug of its heading, else its position. Ids must be unique
// in a document because citation ids are built from them.
func assignSectionIDs(d *document) error {
	seen := map[string]int{}
	for i := range d.sections {
		s := &d.sections[i]
		if s.id == "" {
			s.id = slug(s.title)
		}
		if s.id == "" {
			s.id = "section-" + strconv.Itoa(i+1)
		}
		if line, dup := seen[s.id]; dup {
			return errorf(d.file, s.line, "section id %q is used twice (first at line %d); give one of them an explicit {#id}", s.id, line)
		}
		seen[s.id] = s.line
	}
	return nil
}

// align checks that a translation has the sections and paragraph counts of
// its original and gives its sections the original's ids.
func align(d, orig *document) error {
	if len(d.sections) != len(orig.sections) {
		return errorf(d.file, 0, "translation has %d sections, its original %s has %d", len(d.sections), orig.file, len(orig.sections))
	}
	for i := range d.sections {
		s, o := &d.sections[i], orig.sections[i]
		if s.id != "" && s.id != o.id {
			return errorf(d.file, s.line, "section %d is {#%s}, its original %s has {#%s} there", i+1, s.id, orig.file, o.id)
		}
		s.id = o.id
		if len(s.paras) != len(o.paras) {
			line := s.line
			if line == 0 && len(s.paras) > 0 {
				line = s.paras[0].line
			}
			return errorf(d.file, line, "section %q has %d paragraphs, its original %s has %d", o.id, len(s.paras), orig.file, len(o.paras))
		}
	}
	return nil
}

func cutOriginal(d *document) []Passage {
	l, _ := lang.Parse(d.meta["language"])
	year, _ := strconv.Atoi(d.meta["year"])
	events, _ := eventYears(d.meta["events"], d.title)
	var out []Passage
	for _, s := range d.sections {
		for pi, p := range s.paras {
			chunks := splitParagraph(p.text())
			for ci, c := range chunks {
				out = append(out, Passage{
					ID:           passageID(d.meta["doc"], s.id, pi+1, ci+1, len(chunks)),
					Doc:          d.meta["doc"],
					Lang:         l,
					Title:        d.title,
					Report:       d.meta["report"],
					Publisher:    d.meta["publisher"],
					Year:         year,
					Events:       events,
					Section:      s.id,
					SectionTitle: sectionTitle(s, d),
					SectionWords: s.words,
					Paragraph:    pi + 1,
					Text:         c,
					Original:     c,
					OriginalLang: l,
					URL:          fragmentURL(d.meta["source"], fragmentText(p, c, ci)),
					Unofficial:   isUnofficial(d),
					Spoken:       p.lead != "",
					File:         d.file,
				})
			}
		}
	}
	return out
}

// cutTranslation cuts each translated paragraph into as many parts as its
// original paragraph was cut into, at the sentence boundaries nearest to the
// original's, and gives each part the original part's id, link and text.
func cutTranslation(d, orig *document, originals []Passage) ([]Passage, error) {
	l, _ := lang.Parse(d.meta["language"])
	byID := make(map[string]Passage, len(originals))
	for _, p := range originals {
		if p.File == orig.file {
			byID[p.ID] = p
		}
	}
	var out []Passage
	for si, s := range d.sections {
		o := orig.sections[si]
		for pi, p := range s.paras {
			origChunks := splitParagraph(o.paras[pi].text())
			chunks, err := splitLike(p.text(), origChunks)
			if err != nil {
				return nil, errorf(d.file, p.line, "paragraph %d of section %q: %v", pi+1, s.id, err)
			}
			for ci, c := range chunks {
				op := byID[passageID(orig.meta["doc"], o.id, pi+1, ci+1, len(chunks))]
				op.Lang = l
				op.Title = d.title
				// The report is the original's; its names are the
				// edition's own, where it gives them.
				op.Report, op.Publisher = or(d.meta["report"], op.Report), or(d.meta["publisher"], op.Publisher)
				op.SectionTitle = sectionTitle(s, d)
				op.SectionWords = s.words
				op.Text = c
				op.Unofficial = isUnofficial(d) || d.meta["unofficial"] == ""
				op.File = d.file
				out = append(out, op)
			}
		}
	}
	return out, nil
}

func sectionTitle(s section, d *document) string {
	if s.title != "" {
		return s.title
	}
	return d.title
}

func isUnofficial(d *document) bool {
	v, _ := strconv.ParseBool(d.meta["unofficial"])
	return v
}

func passageID(doc, section string, para, part, parts int) string {
	id := fmt.Sprintf("%s-%s-%d", doc, section, para)
	if parts > 1 {
		id += "." + strconv.Itoa(part)
	}
	return id
}

// or returns s, or else def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
