package bot

import (
	"context"
	"fmt"
	"html"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/lang"
	"reportbot/rag"
)

// themesList is the /themes message: the report's sections as buttons, two
// a row, each opening the section's first paragraph. With several reports
// it lists the reports first (see reportsList).
func (b *Bot) themesList(l lang.Language) (string, *models.InlineKeyboardMarkup) {
	if reports := b.report.Reports(); len(reports) > 1 {
		return b.reportsList(l)
	}
	return b.sectionsList(l, "")
}

// reportsList is the reports as buttons, one a row, each opening its
// sections.
func (b *Bot) reportsList(l lang.Language) (string, *models.InlineKeyboardMarkup) {
	var rows [][]models.InlineKeyboardButton
	for i, r := range b.report.Reports() {
		rows = append(rows, []models.InlineKeyboardButton{{Text: r.Name(l).String(), CallbackData: themesReport(i)}})
	}
	return html.EscapeString(b.msgs.T(l, "ThemesReports", nil)), &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// sectionsList is the sections of report doc ("" for every report) as
// buttons, two a row, each opening the section's first paragraph.
func (b *Bot) sectionsList(l lang.Language, doc string) (string, *models.InlineKeyboardMarkup) {
	var rows [][]models.InlineKeyboardButton
	var row []models.InlineKeyboardButton
	for i, s := range b.report.Sections(l) {
		if doc != "" && s.Doc != doc {
			continue
		}
		row = append(row, models.InlineKeyboardButton{Text: s.Title, CallbackData: themesData(i, 0)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	return html.EscapeString(b.msgs.T(l, "ThemesHeading", nil)), &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// themesPage is paragraph p of section s: its title with the place in the
// section, the paragraph in the chat's language with its link, and buttons
// to page through the section, see the English original of a translation,
// and go back to the list. ok is false for a section or paragraph that is
// not there (a button from before the corpus changed).
func (b *Bot) themesPage(l lang.Language, s, p int) (text string, kb *models.InlineKeyboardMarkup, ok bool) {
	ix := b.report
	secs := ix.Sections(l)
	if s < 0 || s >= len(secs) || p < 0 || p >= len(secs[s].Citations) {
		return "", nil, false
	}
	sec := secs[s]
	passage, found := ix.Passage(sec.Citations[p], l)
	if !found {
		return "", nil, false
	}
	n := len(sec.Citations)
	var sb strings.Builder
	title := sec.Title
	if b.named() {
		title = rag.NameOf(passage).String() + " · " + title
	}
	fmt.Fprintf(&sb, "<b>%s</b> · %d/%d\n\n%s", html.EscapeString(title), p+1, n, html.EscapeString(passage.Text))
	if u, ok := webLink(passage.URL); ok {
		fmt.Fprintf(&sb, "\n\n<a href=\"%s\">%s ↗</a>", html.EscapeString(u), html.EscapeString(b.msgs.T(l, "OpenInReport", nil)))
	}
	if passage.Unofficial {
		fmt.Fprintf(&sb, " · %s", html.EscapeString(b.msgs.T(l, "Unofficial", nil)))
	}
	page := func(to int) string { return themesData(s, to) }
	var nav []models.InlineKeyboardButton
	if p > 0 {
		nav = append(nav, models.InlineKeyboardButton{Text: "◀", CallbackData: page(p - 1)})
	}
	if p < n-1 {
		nav = append(nav, models.InlineKeyboardButton{Text: "▶", CallbackData: page(p + 1)})
	}
	rows := [][]models.InlineKeyboardButton{}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	if passage.Lang != passage.OriginalLang {
		if o := ix.Ordinal(passage.ID); o >= 0 {
			rows = append(rows, []models.InlineKeyboardButton{{Text: b.msgs.T(l, "ButtonOriginal", nil), CallbackData: cbOriginal + ordinals([]int{o})}})
		}
	}
	rows = append(rows, []models.InlineKeyboardButton{{Text: "⬅ " + b.msgs.T(l, "ThemesBack", nil), CallbackData: cbThemes}})
	return sb.String(), &models.InlineKeyboardMarkup{InlineKeyboard: rows}, true
}

// themesButton answers a tap in the /themes browser by editing its message
// to the list or to the page asked for.
func (b *Bot) themesButton(ctx context.Context, q *models.CallbackQuery, m *models.Message, l lang.Language, data string) {
	answer := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: q.ID}
	defer func() {
		b.retry(ctx, func() error { _, err := b.tg.AnswerCallbackQuery(ctx, answer); return err })
	}()
	var text string
	var kb *models.InlineKeyboardMarkup
	s, p, report, list, ok := parseThemes(data)
	reports := b.report.Reports()
	switch {
	case list:
		text, kb = b.themesList(l)
	case ok && report >= 0:
		if ok = report < len(reports); ok {
			text, kb = b.sectionsList(l, reports[report].ID)
			kb.InlineKeyboard = append(kb.InlineKeyboard, []models.InlineKeyboardButton{{Text: "⬅ " + b.msgs.T(l, "ThemesBack", nil), CallbackData: cbThemes}})
		}
	case ok:
		text, kb, ok = b.themesPage(l, s, p)
	}
	if !ok {
		answer.Text = b.msgs.T(l, "FeedbackExpired", nil)
		return
	}
	_, err := b.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
		ChatID: m.Chat.ID, MessageID: m.ID, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}, ReplyMarkup: strict(kb),
	})
	if err != nil && !strings.Contains(err.Error(), "message is not modified") {
		b.log.Warn("themes page not shown", "chat", b.hash.id(m.Chat.ID), "error", redact(err.Error(), b.cfg.Token))
	}
}
