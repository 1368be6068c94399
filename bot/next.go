package bot

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/rag"
)

// Next-button settings: an answer offers up to maxNext more paragraphs of
// the sections it cites, each labelled by its opening words, which name
// the other people and events there in the chat's language as the report
// words them (a label the bot wrote itself could say what the report does
// not).
const (
	maxNext       = 3
	nextLabelRune = 48
)

// cbNext is a "more from this section" button: nx:ORD opens paragraph ORD.
const cbNext = "nx:"

// nextPassages returns, in language l, the paragraphs of the sections an
// answer cites that it does not cite, in document order from each cited
// section's first, at most maxNext.
func (b *Bot) nextPassages(l lang.Language, a rag.Answer) []ingest.Passage {
	cited := map[string]bool{}
	for _, c := range a.Citations {
		cited[c.ID] = true
	}
	var out []ingest.Passage
	for _, s := range b.report.Sections(l) {
		if !slices.ContainsFunc(s.Citations, func(id string) bool { return cited[id] }) {
			continue
		}
		for _, id := range s.Citations {
			if len(out) == maxNext {
				return out
			}
			if p, ok := b.report.Passage(id, l); ok && !cited[id] {
				out = append(out, p)
			}
		}
	}
	return out
}

// nextButtons are the buttons that open nextPassages.
func (b *Bot) nextButtons(l lang.Language, a rag.Answer) [][]models.InlineKeyboardButton {
	var rows [][]models.InlineKeyboardButton
	for _, p := range b.nextPassages(l, a) {
		n := b.report.Ordinal(p.ID)
		if n < 0 {
			continue
		}
		rows = append(rows, []models.InlineKeyboardButton{{Text: "↳ " + label(p.Text), CallbackData: cbNext + ordinals([]int{n})}})
	}
	return rows
}

// label is a paragraph's opening words, cut at a word within
// nextLabelRune runes.
func label(text string) string {
	if utf8.RuneCountInString(text) <= nextLabelRune {
		return text
	}
	r := string([]rune(text)[:nextLabelRune])
	if i := strings.LastIndexByte(r, ' '); i > nextLabelRune/2 {
		r = r[:i]
	}
	return strings.TrimRight(r, " ,;:") + "…"
}

// nextButton opens a paragraph from under an answer, as a reply to it.
func (b *Bot) nextButton(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, payload string) {
	ids := b.citations(payload)
	if len(ids) != 1 {
		b.answerTap(ctx, q, b.msgs.T(l, "FeedbackExpired", nil))
		return
	}
	p, ok := b.report.Passage(ids[0], l)
	if !ok {
		b.answerTap(ctx, q, b.msgs.T(l, "FeedbackExpired", nil))
		return
	}
	b.answerTap(ctx, q, "")
	_, err := b.reply(ctx, m, renderPassage(p, b.msgs, l, b.named()), nil)
	b.log.Info("next paragraph", "chat", b.hash.id(m.Chat.ID), "sent", err == nil)
}
