// Package telegramtest runs a fake Telegram Bot API server for tests, in the
// manner of net/http/httptest: the real go-telegram/bot client talks to it
// over HTTP, so requests, errors and retries are exercised as they would be
// against api.telegram.org.
//
//	srv := telegramtest.New("123456:TEST")
//	defer srv.Close()
//	b, _ := bot.New("123456:TEST", bot.WithServerURL(srv.URL))
//	srv.Push(srv.PrivateText(42, "/start", "en"))
//	calls, err := srv.WaitFor("sendMessage", 1, 5*time.Second)
//
// The server answers getMe, getUpdates, sendMessage, editMessageText,
// editMessageReplyMarkup, sendMessageDraft, answerInlineQuery, answerCallbackQuery, sendChatAction, getChatMember,
// setMyCommands, getMyCommands, deleteMyCommands, setWebhook, deleteWebhook
// getWebhookInfo and getFile (with its downloads) with the shapes and errors Telegram uses, 404 to any
// other method and 401 to another token. It records every request (see
// Call) and can be told to fail the next call of a method (see FailNext),
// or every message sent to a chat (see FailChat and Migrate).
//
// Updates are queued with Push, usually built by the constructors
// (PrivateText, GroupText, ChannelPost, ReplyTo, ReplyToBot, InlineQuery,
// CallbackQuery, Sticker, Photo, Voice, VideoNote). Their users and chats are as last
// seen in a pushed update, or made up from the ids: a positive chat id is
// the private chat with that user, an id of -1000000000000 or less (-100…)
// a supergroup, another negative id a basic group. So the bot may send to
// any chat id, seen before or not, as Telegram lets it send to the chats it
// is in; only an unknown @username is "chat not found".
//
// Like Telegram, the server refuses: HTML that does not parse (unknown or
// unclosed tags, a bare "<"), texts empty or longer than 4096 UTF-16 code
// units once the markup is parsed and the text trimmed, replies to unknown
// messages, edits that change nothing or of unknown messages, answers to
// unknown or already answered queries, more than 50 inline results,
// callback data over 64 bytes, an inline results button without exactly
// one of a web app and a start parameter ("web_app": null counts as one),
// invalid bot commands, webhooks not on HTTPS,
// getUpdates while a webhook is set, and a long poll when another starts.
// Two differences: a bare "&" is refused, where Telegram shows it as it is,
// and Markdown and MarkdownV2 texts are not checked. Updates are never
// posted to a webhook.
package telegramtest
