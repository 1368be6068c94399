package bot

import (
	"context"
	"encoding/json"
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
	results := make([]json.RawMessage, 0, len(passages))
	for _, p := range passages {
		// The library's result types put their "type" in here.
		if raw, err := b.card(l, p).MarshalCustom(); err == nil {
			results = append(results, raw)
		}
	}
	answer := inlineAnswer{
		InlineQueryID: q.ID, Results: results, CacheTime: inlineCacheSeconds,
		// Cards are in the asker's language: one user's must not be
		// served to another from Telegram's cache.
		IsPersonal: true,
	}
	if len(results) == 0 {
		// Said above the (empty) results, where nothing can be posted
		// into the chat by mistake; a tap opens the bot to ask there.
		answer.Button = &inlineButton{Text: b.msgs.T(l, "InlineNothing", nil), StartParameter: startAsk}
	}
	err = b.retry(ctx, func() error {
		_, err := b.call(ctx, "answerInlineQuery", answer)
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

// startAsk is the deep link's parameter of the inline "nothing found"
// button: the bot opens with how to ask.
const startAsk = "ask"

// inlineAnswer is answerInlineQuery's parameters as the Bot API takes
// them: the library's button type always sends "web_app", as null when
// unset, which the API refuses.
type inlineAnswer struct {
	InlineQueryID string            `json:"inline_query_id"`
	Results       []json.RawMessage `json:"results"`
	CacheTime     int               `json:"cache_time,omitempty"`
	IsPersonal    bool              `json:"is_personal,omitempty"`
	Button        *inlineButton     `json:"button,omitempty"`
}

// inlineButton is a button above inline results that opens the bot with
// a start parameter.
type inlineButton struct {
	Text           string `json:"text"`
	StartParameter string `json:"start_parameter"`
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
