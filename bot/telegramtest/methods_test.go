package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// badRequestWith fails t unless err is a 400 whose description has want.
func badRequestWith(t *testing.T, what string, err error, want string) {
	t.Helper()
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: %v, want a 400 with %q", what, err, want)
	}
}

func TestEditMessageText(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "one"})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(id int, text string) (*models.Message, error) {
		return b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 42, MessageID: id, Text: text, ParseMode: models.ParseModeHTML})
	}
	e, err := edit(m.ID, "<i>two</i>")
	if err != nil || e.ID != m.ID || e.Text != "two" || e.EditDate == 0 || len(e.Entities) != 1 {
		t.Fatalf("edit = %+v, %v", e, err)
	}
	if msgs := srv.Messages(42); len(msgs) != 1 || msgs[0].Text != "two" {
		t.Fatalf("Messages(42) after the edit = %+v", msgs)
	}
	_, err = edit(m.ID, "<i>two</i>")
	badRequestWith(t, "same text", err, "message is not modified")
	_, err = edit(9999, "three")
	badRequestWith(t, "unknown message", err, "message to edit not found")
	_, err = edit(m.ID, strings.Repeat("x", 4097))
	badRequestWith(t, "long text", err, "MESSAGE_TOO_LONG")
	_, err = edit(m.ID, "<b>three")
	badRequestWith(t, "bad HTML", err, "can't parse entities")

	u := srv.PrivateText(42, "mine", "")
	srv.Push(u)
	_, err = edit(u.Message.ID, "yours")
	badRequestWith(t, "user's message", err, "message can't be edited")
}

func TestAnswerInlineQuery(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	u := srv.InlineQuery(42, "rights")
	srv.Push(u)
	article := func(id, html string) models.InlineQueryResult {
		return &models.InlineQueryResultArticle{ID: id, Title: id, InputMessageContent: &models.InputTextMessageContent{
			MessageText: html, ParseMode: models.ParseModeHTML,
		}}
	}
	answer := func(id string, results ...models.InlineQueryResult) error {
		_, err := b.AnswerInlineQuery(ctx, &bot.AnswerInlineQueryParams{InlineQueryID: id, Results: results})
		return err
	}

	badRequestWith(t, "unknown query", answer("nope", article("a", "x")), "query is too old")
	var many []models.InlineQueryResult
	for i := range 51 {
		many = append(many, article(strings.Repeat("i", i+1), "x"))
	}
	badRequestWith(t, "51 results", answer(u.InlineQuery.ID, many...), "RESULTS_TOO_MUCH")
	badRequestWith(t, "bad HTML", answer(u.InlineQuery.ID, article("a", "<b>x")), "can't parse entities")
	badRequestWith(t, "same ids", answer(u.InlineQuery.ID, article("a", "x"), article("a", "y")), "RESULT_ID_DUPLICATE")
	// The library sends "web_app": null with a start parameter.
	_, err := b.AnswerInlineQuery(ctx, &bot.AnswerInlineQueryParams{InlineQueryID: u.InlineQuery.ID, Results: []models.InlineQueryResult{},
		Button: &models.InlineQueryResultsButton{Text: "Open the bot", StartParameter: "ask"}})
	badRequestWith(t, "a button with a null web app", err, "BUTTON_TYPE_INVALID")
	if err := answer(u.InlineQuery.ID, many[:50]...); err != nil {
		t.Fatalf("50 results: %v", err)
	}
	calls := srv.Calls("answerInlineQuery")
	var results []map[string]any
	if err := calls[len(calls)-1].Decode("results", &results); err != nil || len(results) != 50 || results[0]["type"] != "article" {
		t.Fatalf("recorded results: %v", err)
	}
	badRequestWith(t, "second answer", answer(u.InlineQuery.ID, article("a", "x")), "query is too old")
}

func TestCallbackQuery(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	kb := thumbsUp()
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "rate me", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	srv.Push(srv.CallbackQuery(42, *m, "u:1"))

	status, body, err := post(ctx, srv, testToken, "getUpdates", nil)
	var r struct{ Result []models.Update }
	if err != nil || status != 200 || json.Unmarshal([]byte(body), &r) != nil || len(r.Result) != 1 {
		t.Fatalf("getUpdates = %d %s, %v", status, body, err)
	}
	q := r.Result[0].CallbackQuery
	if q == nil || q.Data != "u:1" || q.From.ID != 42 || q.Message.Message == nil || q.Message.Message.ID != m.ID || q.Message.Message.ReplyMarkup == nil {
		t.Fatalf("callback query = %s", body)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: strings.Repeat("x", 201)}); err == nil {
		t.Fatal("a 201-character answer was accepted")
	}
	if ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: "Thanks"}); !ok || err != nil {
		t.Fatalf("answer = %v, %v", ok, err)
	}
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID})
	badRequestWith(t, "second answer", err, "query is too old")

	long := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "x", "callback_data": strings.Repeat("d", 65)}}}}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "x", ReplyMarkup: long})
	badRequestWith(t, "65-byte callback data", err, "BUTTON_DATA_INVALID")
}

func TestSendChatAction(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	if ok, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 42, Action: models.ChatActionTyping}); !ok || err != nil {
		t.Fatalf("typing: %v, %v", ok, err)
	}
	_, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 42, Action: "dancing"})
	badRequestWith(t, "unknown action", err, "wrong parameter action")
	if c := srv.Calls("sendChatAction"); len(c) != 2 || c[0].Params["action"] != "typing" {
		t.Fatalf("calls = %v", c)
	}
}

func TestCommands(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	set := func(lang string, cmds ...models.BotCommand) error {
		_, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, LanguageCode: lang})
		return err
	}
	if err := set("en", models.BotCommand{Command: "ask", Description: "Ask the report"}); err != nil {
		t.Fatal(err)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{LanguageCode: "en"})
	if err != nil || len(got) != 1 || got[0].Command != "ask" {
		t.Fatalf("getMyCommands en = %v, %v", got, err)
	}
	if got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{LanguageCode: "ru"}); err != nil || len(got) != 0 {
		t.Fatalf("getMyCommands ru = %v, %v", got, err)
	}
	badRequestWith(t, "uppercase", set("", models.BotCommand{Command: "Ask", Description: "x"}), "BOT_COMMAND_INVALID")
	badRequestWith(t, "no description", set("", models.BotCommand{Command: "ask", Description: " "}), "command description must be non-empty")
	badRequestWith(t, "bad language", set("english", models.BotCommand{Command: "ask", Description: "x"}), "invalid language code")
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{LanguageCode: "en"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{LanguageCode: "en"}); len(got) != 0 {
		t.Fatalf("commands left after deleteMyCommands: %v", got)
	}
}

func TestWebhook(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	_, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "http://example.org/hook"})
	badRequestWith(t, "plain HTTP", err, "An HTTPS URL must be provided")
	if ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://example.org/hook", AllowedUpdates: []string{"message"}}); !ok || err != nil {
		t.Fatalf("setWebhook = %v, %v", ok, err)
	}
	srv.Push(srv.PrivateText(42, "hi", ""))
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != "https://example.org/hook" || info.PendingUpdateCount != 1 {
		t.Fatalf("getWebhookInfo = %+v, %v", info, err)
	}
	if status, body, _ := post(ctx, srv, testToken, "getUpdates", nil); status != 409 || !strings.Contains(body, "webhook is active") {
		t.Fatalf("getUpdates with a webhook = %d %s", status, body)
	}
	if ok, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true}); !ok || err != nil {
		t.Fatalf("deleteWebhook = %v, %v", ok, err)
	}
	if got := getUpdates(t, srv, url.Values{}); len(got) != 0 {
		t.Fatalf("dropped updates delivered: %v", got)
	}
}

func TestUpdateConstructors(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	const group = -1001234567890
	p := srv.PrivateText(42, "hi", "ru")
	if m := p.Message; m.Chat.Type != models.ChatTypePrivate || m.Chat.ID != 42 || m.From.ID != 42 || m.From.LanguageCode != "ru" {
		t.Fatalf("private text = %+v", m)
	}
	srv.Push(p)
	g := srv.GroupText(group, 42, "/ask@ReportBot why?")
	if m := g.Message; m.Chat.Type != models.ChatTypeSupergroup || m.From.LanguageCode != "ru" || len(m.Entities) != 1 || m.Entities[0].Type != "bot_command" {
		t.Fatalf("group text = %+v", m)
	}
	if r := srv.ReplyToBot(group, 42, "more"); r.Message.ReplyToMessage == nil || !r.Message.ReplyToMessage.From.IsBot {
		t.Fatalf("reply to a made-up bot message = %+v", r.Message)
	}
	sent, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: group, Text: "answer"})
	if err != nil {
		t.Fatal(err)
	}
	r := srv.ReplyToBot(group, 42, "thanks")
	if r.Message.ReplyToMessage.ID != sent.ID || r.Message.ID <= sent.ID {
		t.Fatalf("reply to the bot = %+v", r.Message)
	}
	for _, u := range []models.Update{g, r, srv.Sticker(42, 42, "👍"), srv.Photo(group, 42, "look @ReportBot"), srv.Voice(42, 42, 3)} {
		srv.Push(u)
	}
	status, body, err := post(context.Background(), srv, testToken, "getUpdates", nil)
	var got struct{ Result []models.Update }
	if err != nil || status != 200 || json.Unmarshal([]byte(body), &got) != nil || len(got.Result) != 6 {
		t.Fatalf("getUpdates = %d %s, %v", status, body, err)
	}
	res := got.Result
	if res[3].Message.Sticker.Emoji != "👍" || len(res[4].Message.Photo) != 3 || res[4].Message.CaptionEntities[0].Type != "mention" || res[5].Message.Voice.Duration != 3 {
		t.Fatalf("media updates = %s", body)
	}
	for i, u := range res {
		if u.ID != int64(i+1) {
			t.Fatalf("update %d has id %d", i, u.ID)
		}
	}
}

// thumbsUp is a keyboard of one button as the Bot API takes it: without
// the empty copy_text go-telegram/bot's own type sends.
func thumbsUp() any {
	return map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "👍", "callback_data": "u:1"}}}}
}

// TestKeyboardsTheAPIRefuses sends what Telegram refuses: a button with an
// empty copy_text, as go-telegram/bot v1.19.0 marshals every button, and a
// keyboard of null rows.
func TestKeyboardsTheAPIRefuses(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	library := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "👍", CallbackData: "u:1"}}}}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "x", ReplyMarkup: library})
	badRequestWith(t, "empty copy_text", err, "BUTTON_COPY_TEXT_INVALID")
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "x", ReplyMarkup: thumbsUp()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: 42, MessageID: m.ID, ReplyMarkup: map[string]any{"inline_keyboard": nil}})
	badRequestWith(t, "null keyboard", err, "must be an Array")
}
