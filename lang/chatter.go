package lang

import (
	"regexp"
	"strings"
)

// chatter matches what Telegram messages carry around a question and that
// is not part of it: mentions of the bot or of people (@name), links, and
// list or footnote numbers in brackets ("(1)", "[2]").
var chatter = regexp.MustCompile(`@[A-Za-z0-9_]{3,}|https?://\S+|[(\[]\d{1,2}[)\]]`)

// StripChatter removes mentions, links and bracketed numbers from a
// message, leaving the question. Polite and conversational words ("скажи",
// "please", "айтшы") are stop words instead, so that they never count for
// or against a passage.
func StripChatter(text string) string {
	return strings.TrimSpace(strings.Join(strings.Fields(chatter.ReplaceAllString(text, " ")), " "))
}

// pronouns are the words a sentence that continues its paragraph starts
// with when it does not name whom it is about.
var pronouns = byLanguage(func(p *profile) map[string]bool { return p.pronouns })

// pronounWindow is how many words into a sentence its subject pronoun
// may come, after an opening phrase ("At time of writing they…", «Осы
// мәтін жазылып жатқан уақытта оларды…»).
const pronounWindow = 6

// StartsWithPronoun reports whether a sentence in language l starts with a
// pronoun, after an opening phrase of time ("In July, she…", "Шілдеде
// ол…"): read alone, it does not say whom it is about.
func StartsWithPronoun(sentence string, l Language) bool {
	words := Words(sentence)
	for i, w := range words {
		if i >= pronounWindow {
			break
		}
		if pronouns[l][w] {
			return true
		}
	}
	return false
}

// HasPronoun reports whether a sentence in language l has a pronoun
// anywhere: it goes on about someone named before it.
func HasPronoun(sentence string, l Language) bool {
	for _, w := range Words(sentence) {
		if pronouns[l][w] {
			return true
		}
	}
	return false
}
