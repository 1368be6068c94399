package telegramtest

import (
	"context"
	"maps"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// FailChat makes every sendMessage and editMessageText to chatID answer
// with f, such as BlockedByUser() or ChatNotFound(), until ClearChat; the
// calls have no other effect. A fault queued with FailNext is used first.
// A later FailChat or Migrate of chatID replaces f.
func (s *Server) FailChat(chatID int64, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatFaults[chatID] = f
}

// SlowChat makes every call with chat_id chatID answer d late, as a chat
// on a slow path or a loaded data centre does; 0 ends it. A call given up
// by its client while it waits is not carried out.
func (s *Server) SlowChat(chatID int64, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.slowChats, chatID)
		return
	}
	s.slowChats[chatID] = d
}

// wait holds a call to a slow chat (see SlowChat), and reports whether the
// client still wants the answer.
func (s *Server) wait(ctx context.Context, p map[string]string) bool {
	s.mu.Lock()
	d := s.slowChats[parseChatID(p["chat_id"])]
	s.mu.Unlock()
	if d == 0 {
		return true
	}
	select {
	case <-time.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}

// parseChatID reads a numeric chat_id; anything else is 0.
func parseChatID(v string) int64 {
	id, _ := strconv.ParseInt(v, 10, 64)
	return id
}

// ClearChat ends FailChat or Migrate for chatID: messages to it are sent
// again.
func (s *Server) ClearChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.chatFaults, chatID)
}

// Migrate upgrades the group oldChatID to the supergroup newChatID, as
// Telegram does: every sendMessage and editMessageText to oldChatID answers
// 400 "Bad Request: group chat was upgraded to a supergroup chat" with
// parameters.migrate_to_chat_id newChatID (a *bot.MigrateError for
// go-telegram/bot), until ClearChat(oldChatID). newChatID becomes a
// supergroup with the group's title and administrators, which the bot may
// send to (a fault FailChat set for it is cleared).
func (s *Server) Migrate(oldChatID, newChatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatFaults[oldChatID] = ChatMigrated(int(newChatID))
	delete(s.chatFaults, newChatID)
	title := s.chat(oldChatID).Title
	if title == "" {
		title = "Test Supergroup"
	}
	s.chats[newChatID] = models.Chat{ID: newChatID, Type: models.ChatTypeSupergroup, Title: title}
	if _, ok := s.admins[newChatID]; !ok && s.admins[oldChatID] != nil {
		s.admins[newChatID] = maps.Clone(s.admins[oldChatID])
	}
}

// chatFault returns the fault FailChat or Migrate set for the chat of a
// call's chat_id, if any.
func (s *Server) chatFault(p map[string]string) *Fault {
	if p["chat_id"] == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, bad := s.chatParam(p["chat_id"])
	if bad != nil {
		return nil
	}
	if f, ok := s.chatFaults[chat.ID]; ok {
		return &f
	}
	return nil
}

// SetAdmins makes userIDs (which may include the bot's id) the
// administrators of the group, supergroup or channel chatID, in place of
// those set before; getChatMember answers "administrator" for them and
// "member" for anyone else. SetAdmins(chatID) leaves the chat without
// administrators.
func (s *Server) SetAdmins(chatID int64, userIDs ...int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(userIDs) == 0 {
		delete(s.admins, chatID)
		return
	}
	set := map[int64]bool{}
	for _, id := range userIDs {
		set[id] = true
	}
	s.admins[chatID] = set
}

// chatMember is a ChatMember that is not an administrator, as Telegram
// sends it.
type chatMember struct {
	User   models.User           `json:"user"`
	Status models.ChatMemberType `json:"status"`
}

// getChatMember answers with the ChatMember of user_id in chat_id: in a
// private chat its user and the bot are members and anyone else has left;
// in a group, supergroup or channel the users SetAdmins names are
// administrators and everyone else is a member.
func (s *Server) getChatMember(_ context.Context, p map[string]string) (any, *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, f := s.chatParam(p["chat_id"])
	if f != nil {
		return nil, f
	}
	userID, err := strconv.ParseInt(p["user_id"], 10, 64)
	if err != nil || userID <= 0 {
		return nil, badRequest("invalid user_id specified")
	}
	user := s.user(userID)
	if userID == s.botID {
		user = s.BotUser()
	}
	switch {
	case chat.Type == models.ChatTypePrivate:
		if userID != chat.ID && userID != s.botID {
			return chatMember{user, models.ChatMemberTypeLeft}, nil
		}
	case s.admins[chat.ID][userID]:
		return administrator(chat.Type, user), nil
	}
	return chatMember{user, models.ChatMemberTypeMember}, nil
}

// administrator is the ChatMemberAdministrator Telegram sends for an
// administrator with every right but adding administrators, with the
// fields a chat of this type has.
func administrator(chatType models.ChatType, user models.User) map[string]any {
	m := map[string]any{
		"user": user, "status": models.ChatMemberTypeAdministrator,
		"can_be_edited": false, "is_anonymous": false,
		"can_manage_chat": true, "can_delete_messages": true, "can_manage_video_chats": true,
		"can_restrict_members": true, "can_promote_members": false, "can_change_info": true,
		"can_invite_users": true, "can_post_stories": true, "can_edit_stories": true,
		"can_delete_stories": true,
	}
	if chatType == models.ChatTypeChannel {
		m["can_post_messages"], m["can_edit_messages"] = true, true
		m["can_manage_direct_messages"] = true
	} else {
		m["can_pin_messages"] = true
	}
	if chatType == models.ChatTypeSupergroup {
		m["can_manage_topics"] = true
	}
	return m
}
