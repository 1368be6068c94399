package bot

import (
	"context"
	"html"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
	"reportbot/store"
)

// groupAnonymousBot is the user Telegram names as the sender of a message
// an anonymous administrator sends in a group (its sender_chat is the group).
const groupAnonymousBot = 1087968824

// TestOnlyAdministratorsChangeAChatsSettings taps the /digest buttons and
// sends settings commands as each kind of sender in channels, groups,
// supergroups and forum topics: only the chat's administrators (or the chat
// itself) change anything, and everyone else is told why.
func TestOnlyAdministratorsChangeAChatsSettings(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	ctx := context.Background()
	const (
		channel, group, forum = -1001500, -1001600, -1001700
		admin, subscriber     = 1501, 1502
		ownChannel            = -1001599
	)
	for _, chat := range []int64{channel, group, forum} {
		h.srv.SetAdmins(chat, admin)
	}
	refusal := h.bot.msgs.T(lang.English, "GroupAdminsOnly", nil)

	// Every case starts from a subscribed chat with the bot's /digest post,
	// whose buttons are then tapped.
	subscribe := func(chat int64) models.Message {
		t.Helper()
		if err := st.SaveSubscription(ctx, store.Subscription{ChatID: chat, Hour: 9, TZ: "Asia/Almaty", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		n := len(h.srv.Sent(chat))
		if chat == channel {
			h.srv.Push(h.srv.ChannelPost(chat, "/digest"))
		} else {
			h.srv.Push(h.srv.GroupText(chat, subscriber, "/digest@ReportBot"))
		}
		h.sent(t, chat, n+1)
		msgs := h.srv.Messages(chat)
		return msgs[len(msgs)-1]
	}
	unchanged := func(chat int64) bool {
		sub, on, err := st.Subscription(ctx, chat)
		if err != nil {
			t.Fatal(err)
		}
		return on && sub.Hour == 9 && sub.Lang == "en" && len(sub.Themes) == 0
	}

	taps := []struct {
		name    string
		chat    int64
		user    int64
		data    string
		allowed bool
	}{
		{"a channel subscriber turns the digest off", channel, subscriber, "dg:off", false},
		{"a channel subscriber changes the theme", channel, subscriber, "dg:t:0", false},
		{"a channel subscriber changes the hour", channel, subscriber, "dg:h:+", false},
		{"a channel subscriber changes the language", channel, subscriber, "dg:l:ru", false},
		{"a group member turns the digest off", group, subscriber, "dg:off", false},
		{"a forum member changes the hour", forum, subscriber, "dg:h:-", false},
		{"a channel administrator changes the hour", channel, admin, "dg:h:+", true},
		{"a group administrator turns the digest off", group, admin, "dg:off", true},
	}
	for _, tc := range taps {
		t.Run(tc.name, func(t *testing.T) {
			post := subscribe(tc.chat)
			n := len(h.srv.Calls("answerCallbackQuery"))
			h.srv.Push(h.srv.CallbackQuery(tc.user, post, tc.data))
			calls, err := h.srv.WaitFor("answerCallbackQuery", n+1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if got := unchanged(tc.chat); got == tc.allowed {
				t.Errorf("settings changed: %v, want %v", !got, tc.allowed)
			}
			if text := calls[len(calls)-1].Params["text"]; !tc.allowed && text != refusal {
				t.Errorf("refused tap answered %q, want %q", text, refusal)
			}
		})
	}

	commands := []struct {
		name    string
		chat    int64
		update  func() models.Update
		allowed bool
	}{
		{"a channel post", channel, func() models.Update { return h.srv.ChannelPost(channel, "/digest off") }, true},
		{"a group member", group, func() models.Update { return h.srv.GroupText(group, subscriber, "/digest@ReportBot off") }, false},
		{"a member posting as their own channel", group, func() models.Update {
			u := h.srv.GroupText(group, subscriber, "/digest@ReportBot off")
			u.Message.SenderChat = &models.Chat{ID: ownChannel, Type: models.ChatTypeChannel, Title: "Mine"}
			return u
		}, false},
		{"an anonymous administrator", group, func() models.Update {
			u := h.srv.GroupText(group, groupAnonymousBot, "/digest@ReportBot off")
			c := u.Message.Chat
			u.Message.SenderChat = &c
			return u
		}, true},
		{"a forum member in a topic", forum, func() models.Update {
			u := h.srv.GroupText(forum, subscriber, "/digest@ReportBot off")
			u.Message.Chat.IsForum, u.Message.MessageThreadID, u.Message.IsTopicMessage = true, 7, true
			return u
		}, false},
		{"a forum administrator in a topic", forum, func() models.Update {
			u := h.srv.GroupText(forum, admin, "/digest@ReportBot off")
			u.Message.Chat.IsForum, u.Message.MessageThreadID, u.Message.IsTopicMessage = true, 7, true
			return u
		}, true},
	}
	for _, tc := range commands {
		t.Run(tc.name+" sends /digest off", func(t *testing.T) {
			subscribe(tc.chat)
			n := len(h.srv.Sent(tc.chat))
			h.srv.Push(tc.update())
			reply := h.sent(t, tc.chat, n+1)[n]
			if got := unchanged(tc.chat); got == tc.allowed {
				t.Errorf("settings changed: %v, want %v", !got, tc.allowed)
			}
			if !tc.allowed && html.UnescapeString(reply.Params["text"]) != refusal {
				t.Errorf("refusal %q, want %q", reply.Params["text"], refusal)
			}
		})
	}

	t.Run("a group member sets the language", func(t *testing.T) {
		n := len(h.srv.Sent(group))
		h.srv.Push(h.srv.GroupText(group, subscriber, "/lang@ReportBot ru"))
		reply := h.sent(t, group, n+1)[n]
		if html.UnescapeString(reply.Params["text"]) != refusal {
			t.Errorf("refusal %q, want %q", reply.Params["text"], refusal)
		}
	})
}
