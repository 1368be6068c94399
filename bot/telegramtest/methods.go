package telegramtest

import (
	"context"
	"encoding/json"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// getMe answers with the bot, in the shape of Telegram's getMe (which
// names supports_inline_queries, where go-telegram/bot v1.19.0 reads
// support_inline_queries).
func (s *Server) getMe(context.Context, map[string]string) (any, *Fault) {
	return struct {
		ID                      int64  `json:"id"`
		IsBot                   bool   `json:"is_bot"`
		FirstName               string `json:"first_name"`
		Username                string `json:"username"`
		CanJoinGroups           bool   `json:"can_join_groups"`
		CanReadAllGroupMessages bool   `json:"can_read_all_group_messages"`
		SupportsInlineQueries   bool   `json:"supports_inline_queries"`
		CanConnectToBusiness    bool   `json:"can_connect_to_business"`
		HasMainWebApp           bool   `json:"has_main_web_app"`
	}{
		ID: s.botID, IsBot: true, FirstName: "Report Bot", Username: s.username(),
		CanJoinGroups: true, SupportsInlineQueries: true,
	}, nil
}

// sendMessage checks the text, chat, keyboard and reply, and answers with
// the new Message: its text without markup, and the entities of the markup.
// A chat failed with FailChat or Migrate answers with its fault.
func (s *Server) sendMessage(_ context.Context, p map[string]string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, f := s.chatParam(p["chat_id"])
	if f != nil {
		return nil, f
	}
	if f, ok := s.chatFaults[chat.ID]; ok {
		return nil, &f
	}
	text, ents, markup, f := messageContent(p, "message is too long")
	if f != nil {
		return nil, f
	}
	if raw := p["link_preview_options"]; raw != "" && !json.Valid([]byte(raw)) {
		return nil, badRequest("can't parse link preview options JSON object")
	}
	reply, f := s.replyTarget(chat.ID, p)
	if f != nil {
		return nil, f
	}
	s.lastMessageID++
	from := s.BotUser()
	m := models.Message{
		ID: s.lastMessageID, From: &from, Date: int(time.Now().Unix()), Chat: chat,
		Text: text, Entities: ents, ReplyToMessage: reply, ReplyMarkup: markup,
	}
	m.MessageThreadID, _ = strconv.Atoi(p["message_thread_id"])
	k := msgKey{chat.ID, m.ID}
	st := &stored{msg: m, fromBot: true, content: contentKey(text, ents, markup)}
	st.msg.ReplyToMessage = nil
	s.messages[k] = st
	s.botMessages[chat.ID] = append(s.botMessages[chat.ID], m.ID)
	return m, nil
}

// editMessageText edits one of the bot's messages and answers with it, or
// with true for an inline message. Like Telegram, an edit that changes
// nothing is refused, and one without reply_markup removes the keyboard. A
// chat failed with FailChat or Migrate answers with its fault.
func (s *Server) editMessageText(_ context.Context, p map[string]string) (any, *Fault) {
	if f := s.chatFault(p); f != nil {
		return nil, f
	}
	// Telegram words a too-long edit differently from a too-long send.
	text, ents, markup, f := messageContent(p, "MESSAGE_TOO_LONG")
	if f != nil {
		return nil, f
	}
	if p["inline_message_id"] != "" {
		return true, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, f := s.chatParam(p["chat_id"])
	if f != nil {
		return nil, f
	}
	id, _ := strconv.Atoi(p["message_id"])
	if id == 0 {
		return nil, badRequest("message identifier is not specified")
	}
	st, ok := s.messages[msgKey{chat.ID, id}]
	switch {
	case !ok:
		return nil, badRequest("message to edit not found")
	case !st.fromBot:
		return nil, badRequest("message can't be edited")
	case st.content == contentKey(text, ents, markup):
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a content and reply markup of the current message")
	}
	st.msg.Text, st.msg.Entities, st.msg.ReplyMarkup = text, ents, markup
	st.msg.EditDate = int(time.Now().Unix())
	st.content = contentKey(text, ents, markup)
	return st.msg, nil
}

// editMessageReplyMarkup replaces the keyboard of one of the bot's
// messages, or removes it when reply_markup is absent. Like Telegram, an
// edit that changes nothing is refused.
func (s *Server) editMessageReplyMarkup(_ context.Context, p map[string]string) (any, *Fault) {
	if f := s.chatFault(p); f != nil {
		return nil, f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	markup, f := parseMarkup(p["reply_markup"])
	if f != nil {
		return nil, f
	}
	chat, f := s.chatParam(p["chat_id"])
	if f != nil {
		return nil, f
	}
	id, _ := strconv.Atoi(p["message_id"])
	st, ok := s.messages[msgKey{chat.ID, id}]
	switch {
	case id == 0:
		return nil, badRequest("message identifier is not specified")
	case !ok:
		return nil, badRequest("message to edit not found")
	case !st.fromBot:
		return nil, badRequest("message can't be edited")
	case st.content == contentKey(st.msg.Text, st.msg.Entities, markup):
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a content and reply markup of the current message")
	}
	st.msg.ReplyMarkup = markup
	st.msg.EditDate = int(time.Now().Unix())
	st.content = contentKey(st.msg.Text, st.msg.Entities, markup)
	return st.msg, nil
}

// answerInlineQuery checks the results and answers a pushed inline query,
// once.
func (s *Server) answerInlineQuery(_ context.Context, p map[string]string) (any, *Fault) {
	var results []map[string]json.RawMessage
	if json.Unmarshal([]byte(p["results"]), &results) != nil {
		return nil, badRequest("can't parse inline query results JSON object")
	}
	if len(results) > 50 {
		return nil, badRequest("RESULTS_TOO_MUCH")
	}
	ids := map[string]bool{}
	for _, r := range results {
		var typ, id string
		_ = json.Unmarshal(r["type"], &typ)
		_ = json.Unmarshal(r["id"], &id)
		switch {
		case typ == "":
			return nil, badRequest("RESULT_TYPE_INVALID")
		case id == "" || len(id) > 64:
			return nil, badRequest("RESULT_ID_INVALID")
		case ids[id]:
			return nil, badRequest("RESULT_ID_DUPLICATE")
		}
		ids[id] = true
		if f := checkInputText(r["input_message_content"]); f != nil {
			return nil, f
		}
	}
	if raw, ok := p["button"]; ok {
		if f := checkResultsButton(raw); f != nil {
			return nil, f
		}
	}
	return s.closeQuery(p["inline_query_id"])
}

// startParameter is what a deep link's start parameter may hold.
var startParameter = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// checkResultsButton checks an InlineQueryResultsButton: a text and
// exactly one of a web app or a start parameter. A "web_app" that is
// present is a web app, even as null, which Telegram refuses.
func checkResultsButton(raw string) *Fault {
	var b map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &b) != nil {
		return badRequest("can't parse inline query results button JSON object")
	}
	var text, start string
	_ = json.Unmarshal(b["text"], &text)
	_, web := b["web_app"]
	_, hasStart := b["start_parameter"]
	_ = json.Unmarshal(b["start_parameter"], &start)
	switch {
	case strings.TrimSpace(text) == "" || utf8.RuneCountInString(text) > 64:
		return badRequest("BUTTON_TEXT_INVALID")
	case web == hasStart:
		return badRequest("BUTTON_TYPE_INVALID")
	case web && string(b["web_app"]) == "null":
		return badRequest("BUTTON_TYPE_INVALID")
	case hasStart && !startParameter.MatchString(start):
		return badRequest("START_PARAM_INVALID")
	}
	return nil
}

// checkInputText checks the text of an InputTextMessageContent.
func checkInputText(raw json.RawMessage) *Fault {
	var c struct {
		MessageText *string         `json:"message_text"`
		ParseMode   string          `json:"parse_mode"`
		Entities    json.RawMessage `json:"entities"`
	}
	if raw == nil || json.Unmarshal(raw, &c) != nil || c.MessageText == nil {
		return nil
	}
	text, _, f := formatText(*c.MessageText, c.ParseMode, string(c.Entities))
	switch {
	case f != nil:
		return f
	case text == "":
		return badRequest("MESSAGE_EMPTY")
	case utf16Len(text) > maxTextLen:
		return badRequest("MESSAGE_TOO_LONG")
	}
	return nil
}

// answerCallbackQuery answers a pushed callback query, once.
func (s *Server) answerCallbackQuery(_ context.Context, p map[string]string) (any, *Fault) {
	if utf16Len(p["text"]) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	return s.closeQuery(p["callback_query_id"])
}

// closeQuery marks a pushed query answered: a query can be answered once.
func (s *Server) closeQuery(id string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.openQueries[id] {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	delete(s.openQueries, id)
	return true, nil
}

var chatActions = []string{
	"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
	"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}

func (s *Server) sendChatAction(_ context.Context, p map[string]string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, f := s.chatParam(p["chat_id"]); f != nil {
		return nil, f
	}
	if !slices.Contains(chatActions, p["action"]) {
		return nil, badRequest("wrong parameter action in request")
	}
	return true, nil
}

// commandsKey is where the commands of a scope and language are kept.
func commandsKey(p map[string]string) (string, *Fault) {
	lang := p["language_code"]
	if lang != "" && (len(lang) != 2 || !isAlpha(lang[0]) || !isAlpha(lang[1])) {
		return "", badRequest("invalid language code specified")
	}
	scope := map[string]any{"type": "default"}
	if raw := p["scope"]; raw != "" && json.Unmarshal([]byte(raw), &scope) != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	k, _ := json.Marshal(scope) // sorted keys
	return string(k) + " " + strings.ToLower(lang), nil
}

// setMyCommands checks the commands as Telegram does and keeps them for
// getMyCommands.
func (s *Server) setMyCommands(_ context.Context, p map[string]string) (any, *Fault) {
	var cmds []models.BotCommand
	if json.Unmarshal([]byte(p["commands"]), &cmds) != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for i, c := range cmds {
		c.Command = strings.TrimPrefix(strings.TrimSpace(c.Command), "/")
		c.Description = strings.TrimSpace(c.Description)
		switch {
		case c.Command == "":
			return nil, badRequest("command must be non-empty")
		case utf8.RuneCountInString(c.Command) > 32:
			return nil, badRequest("command length must not exceed 32")
		case strings.IndexFunc(c.Command, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') }) >= 0:
			return nil, badRequest("BOT_COMMAND_INVALID")
		case c.Description == "":
			return nil, badRequest("command description must be non-empty")
		case utf8.RuneCountInString(c.Description) > 256:
			return nil, badRequest("command description length must not exceed 256")
		}
		cmds[i] = c
	}
	key, f := commandsKey(p)
	if f != nil {
		return nil, f
	}
	raw, _ := json.Marshal(cmds)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = string(raw)
	}
	return true, nil
}

// getMyCommands answers with the commands set for the scope and language.
func (s *Server) getMyCommands(_ context.Context, p map[string]string) (any, *Fault) {
	key, f := commandsKey(p)
	if f != nil {
		return nil, f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if raw, ok := s.commands[key]; ok {
		return json.RawMessage(raw), nil
	}
	return []models.BotCommand{}, nil
}

func (s *Server) deleteMyCommands(_ context.Context, p map[string]string) (any, *Fault) {
	key, f := commandsKey(p)
	if f != nil {
		return nil, f
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return true, nil
}

// setWebhook keeps the webhook (an empty url removes it). Updates are not
// posted to it; getUpdates answers 409 while it is set.
func (s *Server) setWebhook(_ context.Context, p map[string]string) (any, *Fault) {
	hook := models.WebhookInfo{URL: p["url"], IPAddress: p["ip_address"], MaxConnections: 40}
	if hook.URL != "" {
		u, err := url.Parse(hook.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
		}
		if port := u.Port(); port != "" && !slices.Contains([]string{"80", "88", "443", "8443"}, port) {
			return nil, badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
		}
	}
	if n, err := strconv.Atoi(p["max_connections"]); err == nil && n > 0 {
		hook.MaxConnections = min(n, 100)
	}
	if raw, ok := p["allowed_updates"]; ok && json.Unmarshal([]byte(raw), &hook.AllowedUpdates) != nil {
		return nil, badRequest("can't parse allowed_updates JSON array")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := p["allowed_updates"]; ok {
		s.allowed = hook.AllowedUpdates
	}
	if p["drop_pending_updates"] == "true" {
		s.queue = nil
	}
	if hook.URL == "" {
		hook = models.WebhookInfo{}
	}
	s.webhook = hook
	return true, nil
}

func (s *Server) deleteWebhook(_ context.Context, p map[string]string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p["drop_pending_updates"] == "true" {
		s.queue = nil
	}
	s.webhook = models.WebhookInfo{}
	return true, nil
}

func (s *Server) getWebhookInfo(context.Context, map[string]string) (any, *Fault) {
	return s.WebhookInfo(), nil
}

// WebhookInfo returns what getWebhookInfo answers: the webhook set, if
// any, and the number of updates pending.
func (s *Server) WebhookInfo() models.WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := s.webhook
	info.PendingUpdateCount = len(s.queue)
	return info
}

// messageContent checks and parses the text, entities and keyboard that
// sendMessage and editMessageText share; tooLong is the method's wording for
// a text over the limit.
func messageContent(p map[string]string, tooLong string) (string, []models.MessageEntity, *models.InlineKeyboardMarkup, *Fault) {
	text, ents, f := formatText(p["text"], p["parse_mode"], p["entities"])
	if f != nil {
		return "", nil, nil, f
	}
	if text == "" {
		return "", nil, nil, badRequest("message text is empty")
	}
	if utf16Len(text) > maxTextLen {
		return "", nil, nil, badRequest("%s", tooLong)
	}
	markup, f := parseMarkup(p["reply_markup"])
	if f != nil {
		return "", nil, nil, f
	}
	return text, ents, markup, nil
}

// sendMessageDraft shows a message being written in a private chat, as
// Telegram does for a bot that streams: it checks the text like sendMessage
// and answers true, storing nothing; the message sent after it replaces it.
// An empty text is Telegram's "Thinking…" placeholder.
func (s *Server) sendMessageDraft(_ context.Context, p map[string]string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, f := s.chatParam(p["chat_id"])
	if f != nil {
		return nil, f
	}
	if chat.Type != models.ChatTypePrivate {
		return nil, badRequest("message drafts can be sent only to private chats")
	}
	if id, err := strconv.ParseInt(p["draft_id"], 10, 64); err != nil || id <= 0 || id > math.MaxInt32 {
		// Telegram's draft_id is a positive 32-bit integer.
		return nil, badRequest("invalid draft_id specified")
	}
	if text, ok := p["text"]; ok && text == "" {
		// An empty draft is the "Thinking…" placeholder.
		return true, nil
	}
	if _, _, _, f := messageContent(p, "message is too long"); f != nil {
		return nil, f
	}
	return true, nil
}
