package bot

import (
	"slices"
	"strconv"
	"strings"
)

// Callback data, all of it: what a button sends back when tapped. Each kind
// has a prefix, by which go-telegram/bot routes the tap to its handler (see
// New), and a payload that fits Telegram's 64 bytes.
//
//	o:ORDS   the English originals of passages (ORDS: passage ordinals in
//	         base 36, dot-separated; see Index.Ordinal)
//	u:ORDS   👍 on an answer citing these passages
//	d:ORDS   👎 on it
//	dg:ACT   a /digest setting: on, off, all, h:-, h:0, h:+, l:CODE, t:N
//	th:      the /themes list; th:S:P paragraph P of section S
//	lg:CODE  /lang's button for a language
//	nx:ORD   paragraph ORD, more from a section an answer cites
const (
	cbOriginal = "o:"
	cbUp       = "u:"
	cbDown     = "d:"
	cbDigest   = "dg:"
	cbThemes   = "th:"
	cbLang     = "lg:"
)

// ordinals encodes passage ordinals as a payload, dropping the last ones
// that would not fit in a button next to prefix.
func ordinals(ords []int) string {
	var parts []string
	for _, n := range ords {
		parts = append(parts, strconv.FormatInt(int64(n), 36))
	}
	data := strings.Join(parts, ".")
	if len(data) > 60 {
		data = data[:strings.LastIndex(data[:60], ".")]
	}
	return data
}

// themesPage is the payload of paragraph p of section s in /themes.
func themesData(s, p int) string {
	return cbThemes + strconv.Itoa(s) + ":" + strconv.Itoa(p)
}

// themesReport is the /themes payload of report r's sections.
func themesReport(r int) string { return cbThemes + "r" + strconv.Itoa(r) }

// parseThemes reads a /themes payload (after the prefix): list is true for
// the list (of sections, or of reports when there are several), report
// is a report's sections ("r1", else -1), else s and p say which
// paragraph; ok is false for anything else.
func parseThemes(payload string) (s, p, report int, list, ok bool) {
	if payload == "" {
		return 0, 0, -1, true, true
	}
	if rs, isReport := strings.CutPrefix(payload, "r"); isReport {
		r, err := strconv.Atoi(rs)
		return 0, 0, r, false, err == nil && r >= 0
	}
	ss, ps, found := strings.Cut(payload, ":")
	s, err1 := strconv.Atoi(ss)
	p, err2 := strconv.Atoi(ps)
	return s, p, -1, false, found && err1 == nil && err2 == nil
}

// citations decodes an ORDS payload back into citation ids, each once
// (a forged payload repeating one passage posts or counts it once); nil
// when any ordinal is not a passage (a button from before the corpus
// changed) or the payload names more than a button can.
func (b *Bot) citations(data string) []string {
	var ids []string
	for f := range strings.SplitSeq(data, ".") {
		n, err := strconv.ParseInt(f, 36, 32)
		if err != nil || len(ids) >= maxCitationsInData {
			return nil
		}
		id, ok := b.report.CitationAt(int(n))
		if !ok {
			return nil
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// maxCitationsInData is the most passages a button's payload names: 60
// bytes of one-character ordinals and dots.
const maxCitationsInData = 30
