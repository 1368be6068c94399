package bot

import (
	"context"
	"html"
	"strings"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/ingest"
	"reportbot/lang"
)

// Inline mode settings.
const (
	// inlineResults is how many evidence cards an inline query returns.
	inlineResults = 10
	// inlineCacheSeconds lets Telegram reuse results for the same words:
	// the report does not change between queries.
	inlineCacheSeconds = 300
	// snippetRunes is the length of a card's description.
	snippetRunes = 120
)

// inline answers "@bot words" with evidence cards: the passages that match,
// each posting its quote with the citation and a link when chosen. An empty
// query shows the report's overview.
func (b *Bot) inline(ctx context.Context, q *models.InlineQuery) {
	text := strings.TrimSpace(q.Query)
	if q.From != nil {
		if ok, _, _ := b.inlineLimit.Allow(q.From.ID); !ok {
			// Over the limit: an empty answer, with no search behind it.
			b.retry(ctx, func() error {
				_, err := b.tg.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{InlineQueryID: q.ID, Results: []models.InlineQueryResult{}, IsPersonal: true})
				return err
			})
			b.log.Info("inline rate limited", "user", b.hash.id(q.From.ID))
			return
		}
	}
	passages, l, err := b.engine.Cards(ctx, text, userLang(q.From), inlineResults)
	if err != nil {
		b.log.Warn("inline search failed", "error", err.Error())
	}
	results := make([]models.InlineQueryResult, 0, len(passages))
	for _, p := range passages {
		results = append(results, b.card(l, p))
	}
	if len(results) == 0 {
		results = append(results, b.nothingFound(l))
	}
	err = b.retry(ctx, func() error {
		_, err := b.tg.AnswerInlineQuery(ctx, &tgbot.AnswerInlineQueryParams{
			InlineQueryID: q.ID, Results: results, CacheTime: inlineCacheSeconds,
			// Cards are in the asker's language: one user's must not be
			// served to another from Telegram's cache.
			IsPersonal: true,
		})
		return err
	})
	user := int64(0)
	if q.From != nil {
		user = q.From.ID
	}
	b.log.Info("inline", "user", b.hash.id(user), "lang", string(l), "results", len(results), "sent", err == nil)
	if err != nil {
		b.log.Warn("inline answer not sent", "error", redact(err.Error(), b.cfg.Token))
	}
}

// card is one evidence card: titled by section, described by the start of
// the passage, posting the quote with its citation and link.
func (b *Bot) card(l lang.Language, p ingest.Passage) *models.InlineQueryResultArticle {
	msg := renderCard(p, b.msgs, l)
	return &models.InlineQueryResultArticle{
		ID:          p.ID,
		Title:       p.SectionTitle,
		Description: snippet(p.Text),
		InputMessageContent: &models.InputTextMessageContent{
			MessageText:        msg,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		},
	}
}

// nothingFound is the one result of an inline search that matches nothing:
// it says so and suggests words to try, and choosing it posts how to search
// the report.
func (b *Bot) nothingFound(l lang.Language) *models.InlineQueryResultArticle {
	hint := b.msgs.T(l, "InlineTry", map[string]any{"Bot": b.username})
	return &models.InlineQueryResultArticle{
		ID:          "nothing",
		Title:       b.msgs.T(l, "InlineNothing", nil),
		Description: hint,
		InputMessageContent: &models.InputTextMessageContent{
			MessageText: html.EscapeString(hint),
			ParseMode:   models.ParseModeHTML,
		},
	}
}

func snippet(s string) string {
	if utf8.RuneCountInString(s) <= snippetRunes {
		return s
	}
	r := []rune(s)[:snippetRunes]
	if i := strings.LastIndexByte(string(r), ' '); i > snippetRunes/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
