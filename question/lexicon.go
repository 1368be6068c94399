package question

import (
	"slices"
	"strings"

	"reportbot/lang"
)

// Lexicon is what a question is read against: each edition's vocabulary,
// the rarity of every index term, and the names people use for the
// sections' themes.
type Lexicon struct {
	vocabs map[lang.Language]*Vocabulary
	idf    func(term string) float64
	themes map[lang.Language][]Theme
}

// NewLexicon returns the lexicon of a corpus: its vocabularies by
// language, idf, which gives each index term's BM25 rarity, and its
// theme names by language.
func NewLexicon(vocabs map[lang.Language]*Vocabulary, idf func(term string) float64, themes map[lang.Language][]Theme) *Lexicon {
	return &Lexicon{vocabs: vocabs, idf: idf, themes: themes}
}

// IsPerson reports whether an index term of language l names a person or
// a case: a name in at most MaxPersonParagraphs paragraphs, and in English
// one the other editions spell alike, as they do people's and not bodies'
// names.
func (x *Lexicon) IsPerson(t string, l lang.Language) bool {
	v := x.Vocabulary(l)
	return v.IsName(t) && v.df[t] <= MaxPersonParagraphs && (l != lang.English || x.NamedElsewhere([]string{t}, v))
}

// Vocabulary returns the vocabulary of language l's passages, empty when the
// corpus has no edition in l.
func (x *Lexicon) Vocabulary(l lang.Language) *Vocabulary {
	if v, ok := x.vocabs[l]; ok {
		return v
	}
	return NewVocabulary(nil, nil)
}

// Language settles a question's language where its letters cannot, by the
// editions that have its words: a Cyrillic question with no Kazakh letter
// and no word only one language has ("азаптау" typed alone), or a Latin one
// with no English word ("azaptau", "pytki"), is in the language whose
// edition has its words. A function word says more than any vocabulary: a
// question with one is left as Detect read it.
func (x *Lexicon) Language(m lang.Message) lang.Language {
	switch {
	case m.Lang == lang.Russian && !slices.ContainsFunc(m.Words, lang.HasKazakhLetters):
		if x.editionVotes(m.Words, nil) > 0 {
			return lang.Kazakh
		}
	case m.Lang == lang.Kazakh && !m.Detected && len(m.Words) > 0:
		// Cyrillic with nothing of either language, read as the
		// reader's Kazakh: an edition that has only its Russian words
		// («пытки») says otherwise.
		if x.editionVotes(m.Words, nil) < 0 {
			return lang.Russian
		}
	case m.Lang == lang.English && m.Detected:
		switch votes := x.editionVotes(m.Words, x.Vocabulary(lang.English)); {
		case votes > 0:
			return lang.Kazakh
		case votes < 0:
			return lang.Russian
		}
	}
	return m.Lang
}

// editionVotes counts the words only the Kazakh edition has less those only
// the Russian one has, leaving out names, which both editions have, each
// spelled its own way. It is 0 when any word is a function word. For a
// message in Latin letters english is the English vocabulary, and a word
// it holds also makes it 0 ("torture" is English whatever Kazakh or Russian
// word shares its skeleton); for a Cyrillic one english is nil.
func (x *Lexicon) editionVotes(words []string, english *Vocabulary) int {
	ru, kk := x.Vocabulary(lang.Russian), x.Vocabulary(lang.Kazakh)
	latin := english != nil
	votes := 0
	for _, w := range words {
		switch {
		case latin && lang.IsEnglishFunctionWord(w):
			return 0
		case latin && (lang.IsStopWord(w) || strings.ContainsAny(w, "0123456789")):
			// Neither a number nor "kazakhstan" tells English from a
			// transliteration.
			continue
		case lang.IsStopWord(w):
			return 0
		}
		s := lang.Skeleton(w)
		if slices.ContainsFunc(kk.bySkel[s], kk.IsName) || slices.ContainsFunc(ru.bySkel[s], ru.IsName) {
			continue
		}
		if latin && len(english.bySkel[s]) > 0 {
			return 0
		}
		inRu, inKk := len(ru.bySkel[s]) > 0, len(kk.bySkel[s]) > 0
		switch {
		case inKk && !inRu:
			votes++
		case inRu && !inKk:
			votes--
		}
	}
	return votes
}

// NamedElsewhere reports whether the words of terms (of the English
// vocabulary v) are names in another edition too, spelled alike in its
// script, or whether there is no other edition to tell by.
func (x *Lexicon) NamedElsewhere(terms []string, v *Vocabulary) bool {
	others := 0
	for _, l := range []lang.Language{lang.Russian, lang.Kazakh} {
		o := x.Vocabulary(l)
		if len(o.df) == 0 {
			continue
		}
		others++
		for _, t := range terms {
			for _, w := range v.words[t] {
				if slices.ContainsFunc(o.bySkel[lang.Skeleton(w)], o.IsName) {
					return true
				}
			}
		}
	}
	return others == 0
}

// Names returns the names an earlier answer speaks of, as its words: the
// people and cases a follow-up's pronoun may refer to.
func (x *Lexicon) Names(text string, l lang.Language) []string {
	v := x.Vocabulary(l)
	var out []string
	for _, tok := range lang.Tokens(text, l) {
		if tok.Name && v.IsName(tok.Term) && !slices.Contains(out, tok.Word) {
			out = append(out, tok.Word)
		}
	}
	return out
}

// NameWords returns the words of a text that are names the report uses,
// however they are typed ("козлова", "bokayev"): what a pronoun after it
// may stand for.
func (x *Lexicon) NameWords(text string, l lang.Language) []string {
	v := x.Vocabulary(l)
	m := lang.Read(text, l).In(l)
	var out []string
	for _, tok := range lang.Tokens(m.Text, l) {
		if slices.ContainsFunc(v.Resolve(tok, l), v.IsName) && !slices.Contains(out, tok.Word) {
			out = append(out, tok.Word)
		}
	}
	return out
}
