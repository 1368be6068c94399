package telegramtest

import (
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// PrivateText returns a text message from the user in their private chat
// with the bot. languageCode, such as "en" (or ""), is the language of the
// user's app. Commands and mentions in text get their entities.
func (s *Server) PrivateText(userID int64, text string, languageCode string) models.Update {
	m := s.newMessage(userID, userID)
	if languageCode != "" {
		m.From.LanguageCode = languageCode
	}
	m.Text, m.Entities = text, Entities(text)
	return models.Update{Message: &m}
}

// GroupText returns a text message from the user in the group chatID.
// Commands and mentions in text get their entities, so "/ask@ReportBot q"
// starts with a bot_command and "@ReportBot q" with a mention.
func (s *Server) GroupText(chatID, userID int64, text string) models.Update {
	m := s.newMessage(chatID, userID)
	m.Text, m.Entities = text, Entities(text)
	return models.Update{Message: &m}
}

// ChannelPost returns a post in the channel chatID, as Telegram sends it to
// a bot that is an administrator of the channel: the update's channel_post,
// from no user, with the channel as its sender_chat. The channel is as last
// seen in a pushed update, or "Test Channel"; once the post is pushed, the
// server knows chatID as a channel (an unseen -100… id is a supergroup).
// Commands and mentions in text get their entities.
func (s *Server) ChannelPost(chatID int64, text string) models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMessageID++
	chat, ok := s.chats[chatID]
	if !ok || chat.Type != models.ChatTypeChannel {
		chat = models.Chat{ID: chatID, Type: models.ChatTypeChannel, Title: "Test Channel"}
	}
	sender := chat
	m := models.Message{ID: s.lastMessageID, SenderChat: &sender, Date: now(), Chat: chat}
	m.Text, m.Entities = text, Entities(text)
	return models.Update{ChannelPost: &m}
}

// ReplyTo returns a text message from the user replying to the message to,
// in to's chat.
func (s *Server) ReplyTo(to models.Message, userID int64, text string) models.Update {
	m := s.newMessage(to.Chat.ID, userID)
	m.Text, m.Entities = text, Entities(text)
	to.ReplyToMessage = nil
	if to.From != nil {
		from := *to.From
		to.From = &from
	}
	m.ReplyToMessage = &to
	return models.Update{Message: &m}
}

// ReplyToBot returns a text message from the user replying to the bot's
// last message in chatID; when the bot has sent none there, the server
// makes one up ("Hello").
func (s *Server) ReplyToBot(chatID, userID int64, text string) models.Update {
	s.mu.Lock()
	var to *models.Message
	if ids := s.botMessages[chatID]; len(ids) > 0 {
		to = &s.messages[msgKey{chatID, ids[len(ids)-1]}].msg
	}
	if to == nil {
		s.lastMessageID++
		from := s.BotUser()
		st := &stored{msg: models.Message{ID: s.lastMessageID, From: &from, Date: now(), Chat: s.chat(chatID), Text: "Hello"}, fromBot: true}
		st.content = contentKey(st.msg.Text, nil, nil)
		k := msgKey{chatID, st.msg.ID}
		s.messages[k] = st
		s.botMessages[chatID] = append(s.botMessages[chatID], k.id)
		to = &st.msg
	}
	msg := *to
	s.mu.Unlock()
	return s.ReplyTo(msg, userID, text)
}

// InlineQuery returns an inline query ("@ReportBot query") from the user.
// Once pushed, the bot may answer it once.
func (s *Server) InlineQuery(userID int64, query string) models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := s.user(userID)
	return models.Update{InlineQuery: &models.InlineQuery{
		ID: s.nextQueryID(), From: &from, Query: query, ChatType: "sender",
	}}
}

// CallbackQuery returns the press by the user of a button with this
// callback data under the message on (usually one of Messages). Once
// pushed, the bot may answer it once.
func (s *Server) CallbackQuery(userID int64, on models.Message, data string) models.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	return models.Update{CallbackQuery: &models.CallbackQuery{
		ID:   s.nextQueryID(),
		From: s.user(userID),
		Message: models.MaybeInaccessibleMessage{
			Type: models.MaybeInaccessibleMessageTypeMessage, Message: &on,
		},
		ChatInstance: strconv.FormatInt(4_000_000_000_000_000_000+on.Chat.ID, 10),
		Data:         data,
	}}
}

// Sticker returns a sticker message from the user in chatID.
func (s *Server) Sticker(chatID, userID int64, emoji string) models.Update {
	m := s.newMessage(chatID, userID)
	id := fileID("sticker", m.ID)
	m.Sticker = &models.Sticker{
		FileID: id, FileUniqueID: id + "u", Type: "regular", Width: 512, Height: 512,
		Emoji: emoji, SetName: "TestStickers", FileSize: 24_000,
	}
	return models.Update{Message: &m}
}

// Photo returns a photo message, in three sizes, from the user in chatID.
// Commands and mentions in caption get their entities.
func (s *Server) Photo(chatID, userID int64, caption string) models.Update {
	m := s.newMessage(chatID, userID)
	for i, side := range []int{90, 320, 1280} {
		id := fileID("photo", m.ID) + strconv.Itoa(i)
		m.Photo = append(m.Photo, models.PhotoSize{
			FileID: id, FileUniqueID: id + "u", Width: side, Height: side * 3 / 4, FileSize: side * side / 8,
		})
	}
	m.Caption, m.CaptionEntities = caption, Entities(caption)
	return models.Update{Message: &m}
}

// Voice returns a voice message of this many seconds from the user in
// chatID. Its recording can be downloaded (getFile) while the server runs.
func (s *Server) Voice(chatID, userID int64, seconds int) models.Update {
	m, id, data := s.recorded(chatID, userID, "voice", "OggS", seconds)
	m.Voice = &models.Voice{
		FileID: id, FileUniqueID: id + "u", Duration: seconds, MimeType: "audio/ogg", FileSize: int64(len(data)),
	}
	return models.Update{Message: &m}
}

// newMessage returns a message from the user in chatID with the next id.
func (s *Server) newMessage(chatID, userID int64) models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastMessageID++
	from := s.user(userID)
	return models.Message{ID: s.lastMessageID, From: &from, Date: now(), Chat: s.chat(chatID)}
}

// nextQueryID returns a new inline or callback query id; s.mu must be held.
func (s *Server) nextQueryID() string {
	s.lastQueryID++
	return strconv.FormatInt(1_000_000_000_000_000_000+s.lastQueryID, 10)
}

func fileID(kind string, messageID int) string {
	return "test-" + kind + "-" + strconv.Itoa(messageID) + "-"
}

func now() int { return int(time.Now().Unix()) }

// Entities returns the entities Telegram marks in a text a user sends:
// bot commands ("/ask", "/ask@ReportBot") and mentions ("@ReportBot"),
// offsets and lengths in UTF-16 code units.
func Entities(text string) []models.MessageEntity {
	runes := []rune(text)
	at := make([]int, len(runes)+1) // UTF-16 offset of each rune
	for i, r := range runes {
		at[i+1] = at[i] + utf16RuneLen(r)
	}
	word := func(i int) bool {
		return i >= 0 && i < len(runes) && (runes[i] == '_' || unicode.IsLetter(runes[i]) || unicode.IsDigit(runes[i]))
	}
	name := func(i int) bool {
		return i < len(runes) && runes[i] < utf8.RuneSelf && (runes[i] == '_' || isAlnum(byte(runes[i])))
	}
	nameEnd := func(i int) int {
		for name(i) {
			i++
		}
		return i
	}
	var ents []models.MessageEntity
	for i := 0; i < len(runes); i++ {
		if runes[i] != '/' && runes[i] != '@' || word(i-1) || i > 0 && (runes[i-1] == '/' || runes[i-1] == '@') {
			continue
		}
		end := nameEnd(i + 1)
		typ := models.MessageEntityTypeMention
		if runes[i] == '/' {
			typ = models.MessageEntityTypeBotCommand
			if end == i+1 || end-i-1 > 32 {
				continue
			}
			if end < len(runes) && runes[end] == '@' {
				if bot := nameEnd(end + 1); bot-end-1 >= 5 {
					end = bot
				}
			}
		} else if n := end - i - 1; n < 5 || n > 32 {
			continue
		}
		if word(end) {
			continue
		}
		ents = append(ents, models.MessageEntity{Type: typ, Offset: at[i], Length: at[end] - at[i]})
		i = end - 1
	}
	return ents
}
