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
