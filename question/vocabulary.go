package question

import (
	"slices"
	"strings"
	"unicode/utf8"

	"reportbot/lang"
)

// Vocabulary is the set of index terms of one language's passages, arranged so
// that a question's word that the passages do not have can be matched to
// the one they do: another spelling or script of a name (by skeleton),
// a typo (by one edit of the skeleton), or another member of the word's
// family that the stemmer cut differently (by a long shared prefix).
type Vocabulary struct {
	df      map[string]int      // term → passages of the language that have it
	bySkel  map[string][]string // skeleton of a term or of a word → terms
	deletes map[string][]string // a skeleton with one letter deleted → skeletons
	byStart map[string][]string // first familyPrefix letters → terms
	words   map[string][]string // term → the words of the passages it stems
	byKey   map[string][]string // lang.NameKey of a Russian name → terms
	// capital and seen count, per term, the capitalised and all of its
	// words in the passages: a term written with a capital inside
	// sentences is a name, however a user types it.
	capital, seen map[string]int
}

// Matching limits, each chosen so that a question's word finds its own
// relatives and not a stranger.
const (
	// minFuzzy is the shortest skeleton of a name, and of the word typed
	// for it, matched with one edit: shorter ones are too often another
	// word one letter away («ақша», money, is not «АҚШ»). The first
	// letter, which people seldom mistype, must agree (see sameStart):
	// Tokaev is not Bokaev.
	minFuzzy = 5
	// familyPrefix is how many letters two terms of a word family share at
	// least, and familyShare the share of the shorter term they share:
	// "освобод" and "освобожд", "crime" and "crimin" meet; "прав" and
	// "правительств" do not (see familyLenDiff).
	familyPrefix = 4
	familyShare  = 0.75
	// familyLenDiff is how much longer one term of a family may be than the
	// other: a longer difference is another word built on the same root.
	familyLenDiff = 2
	// maxEnding is how many letters of endings a Kazakh word typed without
	// its letters may carry past a known stem ("жетекшилерин" for
	// "жетекшілерін": the stemmer knows no endings spelled so).
	maxEnding = 6
	// minStemOf is the shortest Kazakh stem a word typed without its
	// letters is matched to: Kazakh roots are mostly of one syllable
	// ("заң", "сот").
	minStemOf = 3
	// nameShare is the share of a term's words inside sentences that must
	// be capitalised for it to be a name.
	nameShare = 0.8
)

// NewVocabulary makes the vocabulary of passages from their index terms and
// their tokens (the words the terms came from).
func NewVocabulary(termLists [][]string, tokenLists [][]lang.Token) *Vocabulary {
	v := &Vocabulary{
		df: map[string]int{}, bySkel: map[string][]string{},
		deletes: map[string][]string{}, byStart: map[string][]string{},
		words: map[string][]string{}, capital: map[string]int{}, seen: map[string]int{},
		byKey: map[string][]string{},
	}
	for _, terms := range termLists {
		seen := map[string]bool{}
		for _, t := range terms {
			if !seen[t] {
				seen[t] = true
				v.df[t]++
			}
		}
	}
	added := map[[2]string]bool{}
	add := func(skel, term string) {
		if skel == "" || added[[2]string{skel, term}] {
			return
		}
		added[[2]string{skel, term}] = true
		if len(v.bySkel[skel]) == 0 && len(skel) >= minFuzzy {
			for _, d := range deletions(skel) {
				v.deletes[d] = append(v.deletes[d], skel)
			}
		}
		v.bySkel[skel] = append(v.bySkel[skel], term)
	}
	for t := range v.df {
		add(lang.Skeleton(t), t)
		if p, ok := prefix(t, familyPrefix); ok {
			v.byStart[p] = append(v.byStart[p], t)
		}
	}
	for _, tokens := range tokenLists {
		for _, tok := range tokens {
			add(lang.Skeleton(tok.Word), tok.Term)
			if !slices.Contains(v.words[tok.Term], tok.Word) {
				v.words[tok.Term] = append(v.words[tok.Term], tok.Word)
			}
			if tok.Initial {
				continue
			}
			v.seen[tok.Term]++
			if tok.Name {
				v.capital[tok.Term]++
				if k := lang.NameKey(tok.Word); !slices.Contains(v.byKey[k], tok.Term) {
					v.byKey[k] = append(v.byKey[k], tok.Term)
				}
			}
		}
	}
	return v
}

// IsName reports whether the passages write a term as a name.
func (v *Vocabulary) IsName(t string) bool {
	return v.seen[t] > 0 && float64(v.capital[t]) >= nameShare*float64(v.seen[t])
}

// Resolve returns the index terms that count as a question's token: its
// term and the term's family when the passages have the word; else the
// terms of words spelled alike in any script (the word's or the term's
// skeleton), else those one edit away (a typo), else those whose skeleton
// the word's starts with (a Kazakh word typed without Kazakh letters),
// else the term's family; else nil.
func (v *Vocabulary) Resolve(tok lang.Token, l lang.Language) []string {
	if l == lang.Russian {
		// Russian names are stemmed lightly, so a word the passages
		// capitalise ("Совета Безопасности") has another term than the
		// same word typed in lower case: both count.
		if named := v.byKey[lang.NameKey(tok.Word)]; len(named) > 0 {
			return union(v.resolveWord(tok, l), named)
		}
	}
	return v.resolveWord(tok, l)
}

// resolveWord is resolve without the Russian name keys.
func (v *Vocabulary) resolveWord(tok lang.Token, l lang.Language) []string {
	if l == lang.Kazakh {
		// A verb whose root ends in a vowel has two stems in the
		// passages; a word typed either way matches both.
		alts := v.resolveTerm(tok, l)
		for _, a := range alts {
			alts = union(alts, v.verbStems(a))
		}
		return alts
	}
	return v.resolveTerm(tok, l)
}

// resolveTerm is resolveWord without the second stems of Kazakh verbs.
func (v *Vocabulary) resolveTerm(tok lang.Token, l lang.Language) []string {
	t := tok.Term
	ws, ts := lang.Skeleton(tok.Word), lang.Skeleton(t)
	if v.df[t] > 0 {
		if l != lang.English || v.sameWord(tok) {
			return append([]string{t}, v.family(t)...)
		}
		// The stemmer gave the word the stem of another word
		// ("capital", "capitalize"): only its own spelling counts.
		return v.bySkel[ws]
	}
	if out := union(v.bySkel[ws], v.bySkel[ts]); len(out) > 0 {
		return out
	}
	if out := union(v.near(ws), v.near(ts)); len(out) > 0 {
		return out
	}
	if l == lang.Kazakh {
		if out := v.stemOf(ws); len(out) > 0 {
			return out
		}
	}
	if l == lang.English {
		if out := v.compounds(t); len(out) > 0 {
			return out
		}
		if out := v.clipped(tok.Word); len(out) > 0 {
			return out
		}
	}
	return v.family(t)
}

// verbStems returns the other stem a Kazakh verb whose root ends in a vowel
// has in the passages: "ұстады" stems to «ұст» (-ады), "ұстап" to «ұста»
// (-п), so each counts as the other. Only in matching a question's word:
// the index keeps the stemmer's terms.
func (v *Vocabulary) verbStems(t string) []string {
	var out []string
	for _, vowel := range []string{"а", "е", "ы", "і"} {
		if v.df[t+vowel] > 0 {
			out = append(out, t+vowel)
		}
	}
	if r, size := utf8.DecodeLastRuneInString(t); strings.ContainsRune("аеыі", r) && utf8.RuneCountInString(t) > 3 {
		if trimmed := t[:len(t)-size]; v.df[trimmed] > 0 {
			out = append(out, trimmed)
		}
	}
	return out
}

// Clipped words are the starts of longer ones that people type for the
// whole ("psych" ward, "trans" people): minClipped to maxClipped letters,
// standing for at most maxClippedTerms words of the passages.
const (
	minClipped      = 4
	maxClipped      = 6
	maxClippedTerms = 2
)

// clipped returns the terms of the passages' words that word w is the
// start of, when w is short and stands for few enough of them to be read
// as a clipping rather than a guess.
func (v *Vocabulary) clipped(w string) []string {
	n := utf8.RuneCountInString(w)
	start, ok := prefix(w, familyPrefix)
	if !ok || n < minClipped || n > maxClipped {
		return nil
	}
	var out []string
	for _, t := range v.byStart[start] {
		for _, full := range v.words[t] {
			if utf8.RuneCountInString(full) >= n+3 && strings.HasPrefix(full, w) && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	if len(out) > maxClippedTerms {
		return nil
	}
	return out
}

// compoundPrefixes are the prefixes English writes solid with the word they
// turn: the report says "counterterrorism" and "nongovernmental" where a
// question says "terrorism" and "governmental".
var compoundPrefixes = []string{"counter", "anti", "non"}

// compounds returns the terms that are term t with a compound prefix.
func (v *Vocabulary) compounds(t string) []string {
	var out []string
	for _, p := range compoundPrefixes {
		if v.df[p+t] > 0 {
			out = append(out, p+t)
		}
	}
	return out
}

// stemOf returns the terms whose skeleton is the longest start of skeleton
// s that leaves at most maxEnding letters, all of them Kazakh endings.
func (v *Vocabulary) stemOf(s string) []string {
	for n := len(s) - 1; n >= max(minStemOf, len(s)-maxEnding); n-- {
		if ts := v.bySkel[s[:n]]; len(ts) > 0 && lang.IsKazakhEnding(s[n:]) {
			return ts
		}
	}
	return nil
}

// sameWord reports whether a question's word is a form of a word the
// passages have under its term, not another word the stemmer cut to the
// same stem: "capital" and "capitalize" are both "capit" to Snowball.
// Only the English stemmer strips derivations so; the Russian and Kazakh
// ones strip endings, and a Kazakh word's endings are longer than any
// such test would allow.
func (v *Vocabulary) sameWord(tok lang.Token) bool {
	ws := v.words[tok.Term]
	if len(ws) == 0 {
		return true // the term came from a joined pair or a title
	}
	for _, w := range ws {
		if w == tok.Word || related(w, tok.Word) {
			return true
		}
	}
	return false
}

// glides are the skeleton letters that transliterations write for one
// another at the start of a word: "Janaozen" typed as Russian becomes
// «Йанаозен», skeleton "ianaozen", where the report has "janaozen".
const glides = "ijy"

// sameStart reports whether two skeletons start alike: with one letter, or
// with two glides.
func sameStart(a, b string) bool {
	return a[0] == b[0] || strings.IndexByte(glides, a[0]) >= 0 && strings.IndexByte(glides, b[0]) >= 0
}

// union returns the distinct strings of a and b.
func union(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for _, s := range append(a, b...) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// near returns the names whose skeleton is one edit (insertion, deletion,
// substitution or swap of neighbours) from s. Other words are left alone:
// "позиция" is one letter from "полиция".
func (v *Vocabulary) near(s string) []string {
	if len(s) < minFuzzy {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	add := func(cands []string) {
		for _, c := range cands {
			if seen[c] || len(c) < minFuzzy || !sameStart(s, c) || !oneEdit(s, c) {
				continue
			}
			seen[c] = true
			for _, t := range v.bySkel[c] {
				if v.IsName(t) && !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	add(v.deletes[s]) // s is a candidate with a letter left out
	for _, d := range deletions(s) {
		add([]string{d}) // s has a letter too many
		add(v.deletes[d])
	}
	return out
}

// family returns the other terms that share a long prefix with t.
func (v *Vocabulary) family(t string) []string {
	p, ok := prefix(t, familyPrefix)
	if !ok {
		return nil
	}
	var out []string
	for _, c := range v.byStart[p] {
		if c != t && related(t, c) {
			out = append(out, c)
		}
	}
	return out
}

// related reports whether two terms are members of one word family.
func related(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	short := min(len(ra), len(rb))
	if max(len(ra), len(rb))-short > familyLenDiff {
		return false
	}
	common := 0
	for common < short && ra[common] == rb[common] {
		common++
	}
	return common >= familyPrefix && float64(common) >= familyShare*float64(short)
}

// prefix returns the first n letters of t, and false when t is shorter.
func prefix(t string, n int) (string, bool) {
	i := 0
	for pos := range t {
		if i == n {
			return t[:pos], true
		}
		i++
	}
	return t, i == n
}

// deletions returns s with each of its letters left out in turn. Skeletons
// are ASCII, so bytes are letters.
func deletions(s string) []string {
	out := make([]string, 0, len(s))
	for i := range len(s) {
		out = append(out, s[:i]+s[i+1:])
	}
	return out
}

// oneEdit reports whether ASCII strings a and b differ by exactly one
// insertion, deletion, substitution or swap of neighbouring letters.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// MinNameStem is how much of a name's skeleton an inflected spelling must
// share with it ("марендтке" with "marendt", «велории» with "veloria").
const MinNameStem = 5

// NamesIn returns the names of the vocabulary that words spell, across
// scripts and endings: the name whole, or but its last letter, begins the
// word («Марендтке» spells "Marendt"). Sorted.
func (v *Vocabulary) NamesIn(words []string) []string {
	var out []string
	for _, w := range words {
		if lang.IsStopWord(w) {
			continue
		}
		s := lang.Skeleton(w)
		for skel, terms := range v.bySkel {
			if common := CommonPrefix(s, skel); len(skel) < MinNameStem || common < MinNameStem || common < len(skel)-1 {
				continue
			}
			for _, t := range terms {
				if v.IsName(t) && !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// CommonPrefix returns how many bytes a and b share from their start.
func CommonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
