package ingest

import (
	"errors"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPassageRunes is the length above which a paragraph is cut into parts at
// sentence boundaries. Report paragraphs are mostly shorter; the limit keeps a
// long one from burying its best sentence in a long citation.
const MaxPassageRunes = 900

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "no": true, "vs": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"inc": true, "co": true, "u.s": true, "u.n": true, "e.g": true, "i.e": true,
	"г": true, "гг": true, "т.е": true, "т.д": true, "т.п": true, "им": true, "ст": true,
	"ж": true, "жж": true, "т.б": true,
}

// Sentences splits text at sentence ends: ".", "!", "?" or "…", with any
// closing quotes or brackets, followed by a space and a capital letter, digit
// or opening quote. A full stop after an initial or a known abbreviation does
// not end a sentence. A comma inside closing quotes ("“extremism,” “hatred”")
// never does.
func Sentences(text string) []string {
	var out []string
	start := 0
	runes := []rune(text)
	byteAt := make([]int, len(runes)+1)
	for i, b := 0, 0; i < len(runes); i++ {
		byteAt[i] = b
		b += utf8.RuneLen(runes[i])
	}
	byteAt[len(runes)] = len(text)
	for i := range runes {
		if !strings.ContainsRune(".!?…", runes[i]) {
			continue
		}
		j := i + 1
		for j < len(runes) && strings.ContainsRune("\"'”’»)]", runes[j]) {
			j++
		}
		if j >= len(runes) || !unicode.IsSpace(runes[j]) {
			continue
		}
		k := j
		for k < len(runes) && unicode.IsSpace(runes[k]) {
			k++
		}
		if k >= len(runes) || !(unicode.IsUpper(runes[k]) || unicode.IsDigit(runes[k]) || strings.ContainsRune("\"“«(", runes[k])) {
			continue
		}
		if runes[i] == '.' && isAbbreviation(runes[start:i]) {
			continue
		}
		out = append(out, strings.TrimSpace(text[byteAt[start]:byteAt[j]]))
		start = k
	}
	if rest := strings.TrimSpace(text[byteAt[start]:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// isAbbreviation reports whether the word before a full stop is an initial
// ("J." in "Jean-Claude J. Juncker") or a known abbreviation.
func isAbbreviation(before []rune) bool {
	i := len(before)
	for i > 0 && !unicode.IsSpace(before[i-1]) && !strings.ContainsRune("(«“\"", before[i-1]) {
		i--
	}
	word := strings.ToLower(string(before[i:]))
	if utf8.RuneCountInString(word) == 1 && unicode.IsLetter([]rune(word)[0]) && unicode.IsUpper(before[i]) {
		return true
	}
	return abbreviations[word]
}

// splitParagraph cuts a paragraph longer than MaxPassageRunes into parts of
// whole sentences, each as close to the limit as it can be without passing
// it. A single sentence longer than the limit stays whole.
func splitParagraph(text string) []string {
	if utf8.RuneCountInString(text) <= MaxPassageRunes {
		return []string{text}
	}
	var parts []string
	var cur []string
	n := 0
	for _, s := range Sentences(text) {
		sn := utf8.RuneCountInString(s)
		if len(cur) > 0 && n+1+sn > MaxPassageRunes {
			parts = append(parts, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		cur = append(cur, s)
		n += sn + 1
	}
	return append(parts, strings.Join(cur, " "))
}

// splitLike cuts a translated paragraph into as many parts as its original
// was cut into, ending each part at the sentence boundary nearest to where
// the original's part ends, measured as a share of the paragraph's length.
func splitLike(text string, orig []string) ([]string, error) {
	if len(orig) == 1 {
		return []string{text}, nil
	}
	sents := Sentences(text)
	if len(sents) < len(orig) {
		return nil, errors.New("the translation has fewer sentences than the original has parts; split no sentence across paragraphs")
	}
	total := 0
	for _, o := range orig {
		total += utf8.RuneCountInString(o)
	}
	// ends[i] is the share of the translation's length after sentence i.
	tTotal := 0
	ends := make([]int, len(sents))
	for i, s := range sents {
		tTotal += utf8.RuneCountInString(s)
		ends[i] = tTotal
	}
	var parts []string
	from, done := 0, 0
	for pi := range orig[:len(orig)-1] {
		done += utf8.RuneCountInString(orig[pi])
		target := float64(done) / float64(total)
		best := from
		// Leave at least one sentence for every remaining part.
		last := len(sents) - (len(orig) - pi)
		for i := from; i <= last; i++ {
			if abs(float64(ends[i])/float64(tTotal)-target) < abs(float64(ends[best])/float64(tTotal)-target) {
				best = i
			}
		}
		parts = append(parts, strings.Join(sents[from:best+1], " "))
		from = best + 1
	}
	return append(parts, strings.Join(sents[from:], " ")), nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// fragmentWords is how many words start and end a text fragment: enough to
// be unique on the page, few enough to survive small edits to the page.
const fragmentWords = 5

// fragmentText picks the text a link should scroll to: the spoken words of
// a transcript paragraph, without the speaker label the page shows apart.
func fragmentText(p paragraph, chunk string, part int) string {
	if part == 0 && p.lead != "" {
		return strings.TrimPrefix(chunk, p.lead+": ")
	}
	return chunk
}

// fragmentURL links to text on a page with a text fragment
// (#:~:text=start,end), which scrolls a browser to the text and marks it.
func fragmentURL(source, text string) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return source
	}
	base, _, _ := strings.Cut(source, "#")
	if len(words) <= 2*fragmentWords {
		return base + "#:~:text=" + fragmentEscape(strings.Join(words, " "))
	}
	start := strings.Join(words[:fragmentWords], " ")
	end := strings.Join(words[len(words)-fragmentWords:], " ")
	return base + "#:~:text=" + fragmentEscape(start) + "," + fragmentEscape(end)
}

// fragmentEscape percent-encodes text for a text fragment, where "-", ","
// and "&" have meanings of their own and must be escaped too.
func fragmentEscape(s string) string {
	e := url.PathEscape(s)
	return strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26").Replace(e)
}
