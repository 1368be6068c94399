package telegramtest

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// msgKey identifies a message: message ids are unique within a chat.
type msgKey struct {
	chat int64
	id   int
}

// stored is a message the server knows: sent by the bot or pushed.
type stored struct {
	msg     models.Message // without its reply_to_message
	fromBot bool
	content string // see contentKey
}

// contentKey sums up what editMessageText compares to answer "message is
// not modified".
func contentKey(text string, ents []models.MessageEntity, markup *models.InlineKeyboardMarkup) string {
	e, _ := json.Marshal(ents)
	m, _ := json.Marshal(markup)
	return text + "\x00" + string(e) + "\x00" + string(m)
}

// BotUser returns the bot as it appears in the "from" of its messages.
func (s *Server) BotUser() models.User {
	return models.User{ID: s.botID, IsBot: true, FirstName: "Report Bot", Username: s.username()}
}

func (s *Server) username() string {
	if s.Username == "" {
		return "ReportBot"
	}
	return s.Username
}

// Messages returns the bot's messages in chatID, in the order sent and as
// they are now (after edits), without their reply_to_message. They include
// the bot's messages carried by pushed updates, such as the message of a
// callback query.
func (s *Server) Messages(chatID int64) []models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []models.Message
	for _, id := range s.botMessages[chatID] {
		out = append(out, s.messages[msgKey{chatID, id}].msg)
	}
	return out
}

// user returns the user with this id: as last seen in a pushed update, or
// made up as "User <id>" (@user<id>); s.mu must be held.
func (s *Server) user(id int64) models.User {
	if u, ok := s.users[id]; ok {
		return u
	}
	return models.User{ID: id, FirstName: "User", LastName: strconv.FormatInt(id, 10), Username: "user" + strconv.FormatInt(id, 10)}
}

// chat returns the chat with this id: as last seen in a pushed update, or
// made up from the id: a private chat with the user for a positive id, a
// supergroup for -1000000000000 or less, a basic group otherwise; s.mu must
// be held.
func (s *Server) chat(id int64) models.Chat {
	if c, ok := s.chats[id]; ok {
		return c
	}
	switch {
	case id > 0:
		u := s.user(id)
		return models.Chat{ID: id, Type: models.ChatTypePrivate, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
	case id <= -1_000_000_000_000:
		return models.Chat{ID: id, Type: models.ChatTypeSupergroup, Title: "Test Supergroup"}
	default:
		return models.Chat{ID: id, Type: models.ChatTypeGroup, Title: "Test Group"}
	}
}

// chatParam resolves a chat_id parameter: a number, or a known chat's
// @username; s.mu must be held.
func (s *Server) chatParam(v string) (models.Chat, *Fault) {
	if v == "" {
		return models.Chat{}, badRequest("chat_id is empty")
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id != 0 {
		return s.chat(id), nil
	}
	if name, ok := strings.CutPrefix(v, "@"); ok {
		for _, c := range s.chats {
			if c.Username != "" && strings.EqualFold(c.Username, name) {
				return c, nil
			}
		}
	}
	return models.Chat{}, badRequest("chat not found")
}

// replyTarget finds the message reply_parameters (or the older
// reply_to_message_id) point to; s.mu must be held.
func (s *Server) replyTarget(chatID int64, p map[string]string) (*models.Message, *Fault) {
	var rp struct {
		MessageID int             `json:"message_id"`
		ChatID    json.RawMessage `json:"chat_id"`
		Allow     bool            `json:"allow_sending_without_reply"`
	}
	switch {
	case p["reply_parameters"] != "":
		if json.Unmarshal([]byte(p["reply_parameters"]), &rp) != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
		var id int64
		if len(rp.ChatID) > 0 && json.Unmarshal(rp.ChatID, &id) == nil {
			chatID = id
		}
	case p["reply_to_message_id"] != "":
		rp.MessageID, _ = strconv.Atoi(p["reply_to_message_id"])
		rp.Allow = p["allow_sending_without_reply"] == "true"
	default:
		return nil, nil
	}
	if st, ok := s.messages[msgKey{chatID, rp.MessageID}]; ok {
		m := st.msg
		return &m, nil
	}
	if rp.Allow {
		return nil, nil
	}
	return nil, badRequest("message to be replied not found")
}

// parseMarkup checks a reply_markup parameter and returns its inline
// keyboard, the only kind a Message carries.
func parseMarkup(raw string) (*models.InlineKeyboardMarkup, *Fault) {
	if raw == "" {
		return nil, nil
	}
	var m struct {
		InlineKeyboard [][]map[string]json.RawMessage `json:"inline_keyboard"`
	}
	if json.Unmarshal([]byte(raw), &m) != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	if m.InlineKeyboard == nil {
		// {"inline_keyboard": null}, which a nil slice marshals to.
		return nil, badRequest(`field "inline_keyboard" must be an Array`)
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if f := checkButton(b); f != nil {
				return nil, f
			}
		}
	}
	var kb models.InlineKeyboardMarkup
	if json.Unmarshal([]byte(raw), &kb) != nil {
		return nil, badRequest("can't parse inline keyboard button")
	}
	return &kb, nil
}

// checkButton refuses an inline button Telegram refuses: one without an
// action or with more than one, with callback_data outside 1-64 bytes, a
// url that is not an http, https or tg link, or a copy_text without text.
func checkButton(b map[string]json.RawMessage) *Fault {
	actions := 0
	for k, v := range b {
		switch k {
		case "text", "icon_custom_emoji_id", "style":
		case "copy_text":
			// go-telegram/bot v1.19.0 sends {"text":""} on every button
			// unless the bot marshals its own markup; Telegram refuses it
			// (go-telegram/bot pull request 167).
			var ct struct{ Text string }
			if json.Unmarshal(v, &ct) != nil || ct.Text == "" {
				return badRequest("BUTTON_COPY_TEXT_INVALID")
			}
			actions++
		default:
			actions++
		}
	}
	if actions == 0 {
		return badRequest("text buttons are unallowed in the inline keyboard")
	}
	if actions > 1 {
		return badRequest("BUTTON_TYPE_INVALID")
	}
	if raw, ok := b["url"]; ok {
		var link string
		_ = json.Unmarshal(raw, &link)
		if u, err := url.Parse(link); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") {
			return badRequest("BUTTON_URL_INVALID")
		}
	}
	if raw, ok := b["callback_data"]; ok {
		var data string
		if json.Unmarshal(raw, &data) != nil || len(data) == 0 || len(data) > 64 {
			return badRequest("BUTTON_DATA_INVALID")
		}
	}
	return nil
}
