package rag

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"reportbot/ingest"
	"reportbot/lang"
)

// A model's sentence may carry a valid [1] and still say what passage 1
// does not: "…sentenced to 25 days [1]" where the report says 15, "He
// later became a member of parliament [1]". A citation number only says
// where to look; grounding checks that what a sentence says is there.

// minGrounded is the share of a sentence's content words that the passages
// it cites must hold. A faithful paraphrase keeps most of the report's words
// ("jailed for 15 days" for "sentenced to 15 days' detention"); an invented
// claim brings its own ("compensation", "parliament").
const minGrounded = 0.5

// contact matches what a sentence must never pass on unless the report has
// it: a handle, a link, an e-mail address or a phone number.
var contact = regexp.MustCompile(`@\w+|https?://|www\.|t\.me/|\w+@\w+\.\w+|\+?\d[\d\s()-]{6,}\d`)

// grounded reports whether a sentence of a model's answer in language l
// says only what the passages it cites say, in l or in the original:
// every number and name it has is in them, no contact that is not, and at
// least minGrounded of its other words.
func grounded(sentence string, l lang.Language, cited []Hit) bool {
	if len(cited) == 0 {
		return false
	}
	var source strings.Builder
	for _, h := range cited {
		source.WriteString(h.Passage.Text + "\n" + h.Passage.Original + "\n")
	}
	src := source.String()
	text := markerRe.ReplaceAllString(sentence, "")
	for _, c := range contact.FindAllString(text, -1) {
		if !strings.Contains(src, strings.TrimSpace(c)) {
			return false
		}
	}
	have := termSet(append(lang.Terms(src, l), lang.Terms(src, lang.English)...))
	words := lang.Words(src)
	seen := termSet(words)
	// A name in another case than the passage's («Аяну» for «Аяна»).
	nameKeys := map[string]bool{}
	for _, w := range words {
		nameKeys[lang.NameKey(w)] = true
	}
	first := true
	var content, found int
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		norm := lang.Normalize(w)
		isFirst := first
		first = false
		if strings.ContainsFunc(w, unicode.IsDigit) {
			// A number is the report's or it is not: 25 is not 15.
			if !seen[norm] {
				return false
			}
			continue
		}
		t := lang.Term(norm, l)
		if t == "" {
			continue
		}
		ok := have[t] || seen[norm]
		capital := unicode.IsUpper([]rune(w)[0])
		ok = ok || capital && nameKeys[lang.NameKey(norm)]
		if capital && !isFirst && !ok {
			// A name the passages do not have is someone else.
			return false
		}
		content++
		if ok {
			found++
		}
	}
	return content == 0 || float64(found)/float64(content) >= minGrounded
}

// groundedReply keeps the sentences of a model's reply that are grounded in
// the passages they cite (given, numbered from 1 as the prompt numbered
// them), and says whether its first sentence, the one that answers, was
// kept. A sentence without a marker is judged against every given passage.
func groundedReply(reply string, l lang.Language, given []Hit) (kept string, firstKept bool) {
	var out []string
	sentences := ingest.Sentences(reply)
	for i, s := range sentences {
		var cited []Hit
		for _, m := range markerRe.FindAllStringSubmatch(s, -1) {
			for f := range strings.SplitSeq(m[1], ",") {
				if n, _ := strconv.Atoi(strings.TrimSpace(f)); n >= 1 && n <= len(given) {
					cited = append(cited, given[n-1])
				}
			}
		}
		if !markerRe.MatchString(s) {
			cited = given
		}
		if grounded(s, l, cited) {
			out = append(out, s)
			if i == 0 {
				firstKept = true
			}
		}
	}
	if len(out) == len(sentences) {
		// A faithful answer is shown as the model wrote it.
		return reply, firstKept
	}
	return strings.Join(out, " "), firstKept
}
