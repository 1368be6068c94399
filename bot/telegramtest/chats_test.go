package telegramtest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestGetChatMember(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	const group, channel = -1001234567890, -1009999999999
	member := func(chat any, user int64) *models.ChatMember {
		t.Helper()
		m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: chat, UserID: user})
		if err != nil {
			t.Fatalf("getChatMember(%v, %d): %v", chat, user, err)
		}
		return m
	}

	srv.Push(srv.PrivateText(42, "hi", "en"))
	if m := member(42, 42); m.Type != models.ChatMemberTypeMember || m.Member == nil || m.Member.User.ID != 42 || m.Member.User.LanguageCode != "en" {
		t.Fatalf("the user in their private chat = %+v", m)
	}
	if m := member(42, 7); m.Type != models.ChatMemberTypeLeft || m.Left == nil || m.Left.User.ID != 7 {
		t.Fatalf("another user in a private chat = %+v", m)
	}
	if m := member(group, 7); m.Type != models.ChatMemberTypeMember || m.Member.User.ID != 7 {
		t.Fatalf("a user in a group = %+v", m)
	}

	srv.SetAdmins(group, 7, 123456)
	m := member(group, 7)
	if m.Type != models.ChatMemberTypeAdministrator || m.Administrator == nil || m.Administrator.User.ID != 7 ||
		!m.Administrator.CanPinMessages || !m.Administrator.CanManageTopics || m.Administrator.CanPostMessages {
		t.Fatalf("an administrator of a supergroup = %+v", m.Administrator)
	}
	if m := member(group, 123456); m.Type != models.ChatMemberTypeAdministrator || !m.Administrator.User.IsBot || m.Administrator.User.Username != "ReportBot" {
		t.Fatalf("the bot as administrator = %+v", m.Administrator)
	}
	if m := member(group, 8); m.Type != models.ChatMemberTypeMember {
		t.Fatalf("a user SetAdmins left out = %+v", m)
	}
	srv.Push(srv.ChannelPost(channel, "news")) // an unseen -100… id is a supergroup
	srv.SetAdmins(channel, 123456)
	if m := member(channel, 123456); m.Type != models.ChatMemberTypeAdministrator || !m.Administrator.CanPostMessages || m.Administrator.CanPinMessages {
		t.Fatalf("the bot as administrator of a channel = %+v", m.Administrator)
	}
	srv.SetAdmins(group)
	if m := member(group, 7); m.Type != models.ChatMemberTypeMember {
		t.Fatalf("a former administrator = %+v", m)
	}

	_, body, err := post(ctx, srv, testToken, "getChatMember", url.Values{"chat_id": {"-100"}, "user_id": {"7"}})
	want := `{"ok":true,"result":{"user":{"id":7,"is_bot":false,"first_name":"User","last_name":"7","username":"user7"},"status":"member"}}`
	if err != nil || body != want {
		t.Fatalf("getChatMember body = %s, %v", body, err)
	}
	_, err = b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: "@nowhere", UserID: 7})
	badRequestWith(t, "unknown chat", err, "chat not found")
	_, err = b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: group})
	badRequestWith(t, "no user", err, "invalid user_id specified")
}

func TestChannelPost(t *testing.T) {
	srv := newServer(t)
	const channel = -1001111111111
	got := make(chan *models.Update, 10)
	b := newBot(t, srv,
		bot.WithAllowedUpdates(bot.AllowedUpdates{models.AllowedUpdateChannelPost}),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { b.Start(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	srv.Push(srv.GroupText(-1002222222222, 7, "not for this bot"))
	srv.Push(srv.ChannelPost(channel, "/digest@ReportBot today"))
	var u *models.Update
	select {
	case u = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("no channel post reached the bot")
	}
	p := u.ChannelPost
	if u.Message != nil || p == nil || p.From != nil || p.Chat.ID != channel || p.Chat.Type != models.ChatTypeChannel || p.Chat.Title != "Test Channel" ||
		p.SenderChat == nil || p.SenderChat.ID != channel || p.Text != "/digest@ReportBot today" {
		t.Fatalf("channel post = %+v", p)
	}
	if len(p.Entities) != 1 || p.Entities[0] != (models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 17}) {
		t.Fatalf("entities = %+v", p.Entities)
	}
	if !srv.WaitConfirmed(2, 5*time.Second) || srv.Pending() != 0 {
		t.Fatalf("the bot did not confirm the channel post; %d pending", srv.Pending())
	}
	select {
	case u := <-got:
		t.Fatalf("an update allowed_updates leaves out was delivered: %+v", u)
	default:
	}
	if c := srv.Calls("getUpdates"); len(c) == 0 || c[0].Params["allowed_updates"] != `["channel_post"]` {
		t.Fatalf("getUpdates calls = %v", c)
	}
	m, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: channel, Text: "Today's digest"})
	if err != nil || m.Chat.Type != models.ChatTypeChannel || m.Chat.Title != "Test Channel" {
		t.Fatalf("message to the channel = %+v, %v", m, err)
	}
}

func TestChannelPostByDefault(t *testing.T) {
	srv := newServer(t)
	srv.Push(srv.ChannelPost(-1001111111111, "news"))
	srv.Push(srv.PrivateText(42, "hi", ""))
	if got := getUpdates(t, srv, nil); len(got) != 2 {
		t.Fatalf("default allowed_updates = %v, want [1 2]", got)
	}
	if got := getUpdates(t, srv, url.Values{"allowed_updates": {`["message"]`}}); len(got) != 1 || got[0] != 2 {
		t.Fatalf("allowed message only = %v, want [2]", got)
	}
}

func TestFailChat(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	send := func(chat int64) (*models.Message, error) {
		return b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "hi"})
	}
	m, err := send(42)
	if err != nil {
		t.Fatal(err)
	}
	srv.FailChat(42, BlockedByUser())
	for range 2 {
		if _, err := send(42); !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
			t.Fatalf("send to a failed chat: %v, want bot.ErrorForbidden", err)
		}
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: 42, MessageID: m.ID, Text: "edited"})
	if !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("edit in a failed chat: %v, want bot.ErrorForbidden", err)
	}
	if _, err := send(43); err != nil {
		t.Fatalf("send to another chat: %v", err)
	}
	srv.FailNext("sendMessage", TooManyRequests(2))
	var tooMany *bot.TooManyRequestsError
	if _, err := send(42); !errors.As(err, &tooMany) {
		t.Fatalf("FailNext did not come first: %v", err)
	}
	if _, err := send(42); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("send after the FailNext fault: %v", err)
	}
	srv.ClearChat(42)
	if _, err := send(42); err != nil {
		t.Fatalf("send after ClearChat: %v", err)
	}
	if sent := srv.Sent(42); len(sent) != 2 {
		t.Fatalf("Sent(42) = %v, want the 2 sends that succeeded", sent)
	}
	if msgs := srv.Messages(42); len(msgs) != 2 || msgs[0].Text != "hi" {
		t.Fatalf("Messages(42) = %+v", msgs)
	}

	srv.FailChat(-500, ChatNotFound())
	_, err = send(-500)
	badRequestWith(t, "ChatNotFound", err, "Bad Request: chat not found")
}

// TestSlowChat holds a slow chat's calls, and only its: a call whose
// client gives up while it waits is not carried out.
func TestSlowChat(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	srv.SlowChat(42, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "hi"}); err == nil {
		t.Fatal("a call to a chat an hour slow came back at once")
	}
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 43, Text: "hi"}); err != nil {
		t.Fatalf("another chat: %v", err)
	}
	srv.SlowChat(42, 0)
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 42, Text: "again"}); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.Messages(42); len(msgs) != 1 || msgs[0].Text != "again" {
		t.Errorf("Messages(42) = %+v, want only the call not given up", msgs)
	}
}

func TestMigrate(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	const group, supergroup = -4000123, -1004000123
	srv.Push(srv.GroupText(group, 7, "hello"))
	srv.SetAdmins(group, 7)
	srv.Migrate(group, supergroup)
	var migrated *bot.MigrateError
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "hi"})
	if !errors.As(err, &migrated) || migrated.MigrateToChatID != supergroup {
		t.Fatalf("send to the old group: %v, want *bot.MigrateError to %d", err, supergroup)
	}
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: supergroup, Text: "hi"})
	if err != nil || m.Chat.ID != supergroup || m.Chat.Type != models.ChatTypeSupergroup || m.Chat.Title != "Test Group" {
		t.Fatalf("send to the supergroup = %+v, %v", m, err)
	}
	if cm, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: supergroup, UserID: 7}); err != nil || cm.Type != models.ChatMemberTypeAdministrator {
		t.Fatalf("the group's administrator in the supergroup = %+v, %v", cm, err)
	}
	status, body, err := post(ctx, srv, testToken, "sendMessage", url.Values{"chat_id": {"-4000123"}, "text": {"hi"}})
	want := `{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1004000123}}`
	if err != nil || status != 400 || body != want {
		t.Fatalf("migrated body = %d %s, %v", status, body, err)
	}
	if len(srv.Sent(group)) != 0 || len(srv.Sent(supergroup)) != 1 {
		t.Fatalf("Sent: group %v, supergroup %v", srv.Sent(group), srv.Sent(supergroup))
	}
}

func TestSendToManyChats(t *testing.T) {
	srv := newServer(t)
	const chats, workers = 10_000, 16
	b := newBot(t, srv, bot.WithHTTPClient(time.Minute, &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: workers},
	}))
	// Private chats, basic groups and supergroups, none of them seen before.
	chatID := func(i int) int64 {
		switch i % 3 {
		case 0:
			return int64(1_000_000 + i)
		case 1:
			return -int64(1_000_000 + i)
		}
		return -1_000_000_000_000 - int64(i)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < chats; i += workers {
				if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID(i), Text: "digest"}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	start := time.Now()
	for i := range chats {
		if sent := srv.Sent(chatID(i)); len(sent) != 1 || sent[0].Params["text"] != "digest" {
			t.Fatalf("Sent(%d) = %v", chatID(i), sent)
		}
		if msgs := srv.Messages(chatID(i)); len(msgs) != 1 {
			t.Fatalf("Messages(%d) = %v", chatID(i), msgs)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Sent and Messages for %d chats took %v", chats, d)
	}
	if n := len(srv.Calls("sendMessage")); n != chats {
		t.Fatalf("%d sendMessage calls recorded, want %d", n, chats)
	}
	if _, err := srv.WaitFor("SENDMESSAGE", chats, time.Second); err != nil {
		t.Fatal(err)
	}
}
