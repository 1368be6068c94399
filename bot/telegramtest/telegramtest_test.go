package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

const testToken = "123456:TEST-token"

func newServer(t *testing.T) *Server {
	t.Helper()
	srv := New(testToken)
	t.Cleanup(srv.Close)
	return srv
}

// newBot returns a real go-telegram/bot client of srv; it calls getMe.
func newBot(t *testing.T, srv *Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	b, err := bot.New(testToken, append([]bot.Option{bot.WithServerURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// post calls method with an URL-encoded form and returns the status and body.
func post(ctx context.Context, srv *Server, token, method string, form url.Values) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/bot"+token+"/"+method, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body)), err
}

// poll calls getUpdates over HTTP and returns the updates' ids.
func poll(srv *Server, form url.Values) ([]int64, error) {
	status, body, err := post(context.Background(), srv, testToken, "getUpdates", form)
	if err != nil || status != 200 {
		return nil, fmt.Errorf("getUpdates(%v) = %d %s, %v", form, status, body, err)
	}
	var r struct{ Result []models.Update }
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, err
	}
	ids := []int64{}
	for _, u := range r.Result {
		ids = append(ids, u.ID)
	}
	return ids, nil
}

func getUpdates(t *testing.T, srv *Server, form url.Values) []int64 {
	t.Helper()
	ids, err := poll(srv, form)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// waitPolling waits until a long poll is waiting on srv.
func waitPolling(t *testing.T, srv *Server) {
	t.Helper()
	if !srv.waitUntil(5*time.Second, func() bool { return srv.poller != nil }) {
		t.Fatal("no long poll started")
	}
}

func TestGetMe(t *testing.T) {
	srv := newServer(t)
	srv.Username = "AskBot"
	b := newBot(t, srv)
	me, err := b.GetMe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != 123456 || !me.IsBot || me.FirstName != "Report Bot" || me.Username != "AskBot" || !me.CanJoinGroups {
		t.Fatalf("getMe = %+v", me)
	}
	if n := len(srv.Calls("getMe")); n != 2 {
		t.Fatalf("%d getMe calls recorded, want 2 (bot.New and GetMe)", n)
	}
	_, body, err := post(context.Background(), srv, testToken, "getMe", nil)
	if err != nil || !strings.Contains(body, `"supports_inline_queries":true`) || !strings.Contains(body, `"can_read_all_group_messages":false`) {
		t.Fatalf("getMe body = %s, %v", body, err)
	}
}

func TestWrongTokenIs401(t *testing.T) {
	srv := newServer(t)
	if _, err := bot.New("654321:WRONG", bot.WithServerURL(srv.URL)); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("bot.New with a wrong token: %v, want ErrorUnauthorized", err)
	}
	status, body, err := post(context.Background(), srv, "654321:WRONG", "sendMessage", url.Values{"chat_id": {"1"}, "text": {"x"}})
	if err != nil || status != 401 || body != `{"ok":false,"error_code":401,"description":"Unauthorized"}` {
		t.Fatalf("wrong token: %d %s, %v", status, body, err)
	}
	if len(srv.Sent(1)) != 0 {
		t.Fatal("a message with a wrong token was sent")
	}
}

func TestUnknownMethodIs404(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	if _, err := b.Close(context.Background()); !errors.Is(err, bot.ErrorNotFound) {
		t.Fatalf("close: %v, want ErrorNotFound", err)
	}
	if c := srv.Calls("close"); len(c) != 1 || c[0].Code != 404 {
		t.Fatalf("calls of close = %v", c)
	}
}

func TestGetUpdatesOffset(t *testing.T) {
	srv := newServer(t)
	for _, text := range []string{"one", "two"} {
		srv.Push(srv.PrivateText(42, text, "en"))
	}
	if got := getUpdates(t, srv, nil); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("first getUpdates = %v, want [1 2]", got)
	}
	if got := getUpdates(t, srv, nil); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("unconfirmed updates were not delivered again: %v", got)
	}
	if got := getUpdates(t, srv, url.Values{"offset": {"2"}}); !slices.Equal(got, []int64{2}) || srv.Pending() != 1 {
		t.Fatalf("offset 2 = %v, %d pending", got, srv.Pending())
	}
	if got := getUpdates(t, srv, url.Values{"offset": {"3"}}); len(got) != 0 || srv.Pending() != 0 || !srv.WaitConfirmed(2, 0) {
		t.Fatalf("offset 3 = %v, %d pending", got, srv.Pending())
	}
	if got := getUpdates(t, srv, url.Values{"offset": {"1"}}); len(got) != 0 {
		t.Fatalf("confirmed updates were delivered again: %v", got)
	}
	for range 3 {
		srv.Push(srv.PrivateText(42, "more", ""))
	}
	if got := getUpdates(t, srv, url.Values{"offset": {"3"}, "limit": {"1"}}); !slices.Equal(got, []int64{3}) {
		t.Fatalf("limit 1 = %v, want [3]", got)
	}
	if got := getUpdates(t, srv, url.Values{"offset": {"-1"}}); !slices.Equal(got, []int64{5}) || srv.Pending() != 1 {
		t.Fatalf("offset -1 = %v, want [5]", got)
	}
}

func TestGetUpdatesAllowedUpdates(t *testing.T) {
	srv := newServer(t)
	srv.Push(srv.InlineQuery(42, "q"))
	srv.Push(srv.PrivateText(42, "hi", ""))
	if got := getUpdates(t, srv, url.Values{"allowed_updates": {`["message"]`}}); !slices.Equal(got, []int64{2}) {
		t.Fatalf("allowed message only = %v, want [2]", got)
	}
}

func TestGetUpdatesLongPoll(t *testing.T) {
	srv := newServer(t)
	start := time.Now()
	if got := getUpdates(t, srv, url.Values{"timeout": {"1"}}); len(got) != 0 || time.Since(start) < 900*time.Millisecond {
		t.Fatalf("an empty poll with timeout 1 returned %v after %v", got, time.Since(start))
	}

	done := make(chan []int64)
	go func() {
		ids, err := poll(srv, url.Values{"timeout": {"30"}})
		if err != nil {
			t.Error(err)
		}
		done <- ids
	}()
	waitPolling(t, srv)
	srv.Push(srv.PrivateText(42, "wake up", ""))
	select {
	case got := <-done:
		if !slices.Equal(got, []int64{1}) {
			t.Fatalf("long poll = %v, want [1]", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a push did not end the long poll")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	n := len(srv.Calls("getUpdates"))
	if _, _, err := post(ctx, srv, testToken, "getUpdates", url.Values{"offset": {"2"}, "timeout": {"30"}}); err == nil {
		t.Fatal("the request did not time out")
	}
	if _, err := srv.WaitFor("getUpdates", n+1, 5*time.Second); err != nil {
		t.Fatalf("the long poll did not end with its request: %v", err)
	}
}

func TestSecondPollEndsFirstWith409(t *testing.T) {
	srv := newServer(t)
	type answer struct {
		status int
		body   string
	}
	first := make(chan answer)
	go func() {
		status, body, _ := post(context.Background(), srv, testToken, "getUpdates", url.Values{"timeout": {"30"}})
		first <- answer{status, body}
	}()
	waitPolling(t, srv)
	getUpdates(t, srv, nil)
	select {
	case a := <-first:
		if a.status != 409 || !strings.Contains(a.body, "terminated by other getUpdates request") {
			t.Fatalf("first poll = %d %s", a.status, a.body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first poll did not end")
	}
}

func TestCloseEndsLongPoll(t *testing.T) {
	srv := New(testToken)
	done := make(chan struct{})
	go func() {
		_, _, _ = post(context.Background(), srv, testToken, "getUpdates", url.Values{"timeout": {"30"}})
		close(done)
	}()
	waitPolling(t, srv)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the long poll")
	}
	<-done
}

func TestBotGetsEachUpdateOnce(t *testing.T) {
	srv := newServer(t)
	got := make(chan *models.Update, 10)
	b := newBot(t, srv, bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { b.Start(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()

	next := func() *models.Update {
		t.Helper()
		select {
		case u := <-got:
			return u
		case <-time.After(5 * time.Second):
			t.Fatal("no update reached the bot")
			return nil
		}
	}
	srv.Push(srv.PrivateText(42, "hello", "en"))
	srv.Push(srv.GroupText(-1001234567890, 7, "/ask@ReportBot what?"))
	u1, u2 := next(), next()
	if u1.ID+u2.ID != 3 {
		t.Fatalf("got updates %d and %d, want 1 and 2", u1.ID, u2.ID)
	}
	if !srv.WaitConfirmed(2, 5*time.Second) || srv.Pending() != 0 {
		t.Fatalf("the bot did not confirm its updates; %d pending", srv.Pending())
	}
	srv.Push(srv.PrivateText(42, "again", "en"))
	if u := next(); u.ID != 3 || u.Message.Text != "again" {
		t.Fatalf("third update = %d %q", u.ID, u.Message.Text)
	}
	if !srv.WaitConfirmed(3, 5*time.Second) {
		t.Fatal("the bot did not confirm update 3")
	}
	cancel()
	<-stopped
	select {
	case u := <-got:
		t.Fatalf("update %d was delivered twice", u.ID)
	default:
	}
}

func TestSendMessageRecorded(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	kb := thumbsUp()
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID: 42, Text: "<b>Hi</b> there", ParseMode: models.ParseModeHTML, ReplyMarkup: kb,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == 0 || m.Chat.ID != 42 || m.Chat.Type != models.ChatTypePrivate || m.Text != "Hi there" || m.Date == 0 || m.From == nil || m.From.ID != 123456 {
		t.Fatalf("sent message = %+v", m)
	}
	if len(m.Entities) != 1 || m.Entities[0] != (models.MessageEntity{Type: models.MessageEntityTypeBold, Offset: 0, Length: 2}) {
		t.Fatalf("entities = %+v", m.Entities)
	}
	if m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "u:1" {
		t.Fatalf("reply markup = %+v", m.ReplyMarkup)
	}
	sent := srv.Sent(42)
	if len(sent) != 1 || sent[0].Params["text"] != "<b>Hi</b> there" || sent[0].Params["parse_mode"] != "HTML" || sent[0].Params["link_preview_options"] != `{"is_disabled":true}` {
		t.Fatalf("Sent(42) = %+v", sent)
	}
	var got models.InlineKeyboardMarkup
	if err := sent[0].Decode("reply_markup", &got); err != nil || got.InlineKeyboard[0][0].Text != "👍" {
		t.Fatalf("recorded reply_markup %q: %v", sent[0].Params["reply_markup"], err)
	}
	if msgs := srv.Messages(42); len(msgs) != 1 || msgs[0].ID != m.ID {
		t.Fatalf("Messages(42) = %+v", msgs)
	}
	if _, err := srv.WaitFor("sendMessage", 1, time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestSendMessageReply(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	const group = -1001234567890
	q := srv.GroupText(group, 7, "@ReportBot hi")
	srv.Push(q)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "hello", ReplyParameters: &models.ReplyParameters{MessageID: q.Message.ID}})
	if err != nil || m.ReplyToMessage == nil || m.ReplyToMessage.ID != q.Message.ID || m.Chat.Type != models.ChatTypeSupergroup {
		t.Fatalf("reply = %+v, %v", m, err)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "hello", ReplyParameters: &models.ReplyParameters{MessageID: 9999}})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message to be replied not found") {
		t.Fatalf("reply to an unknown message: %v", err)
	}
	m, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "hello", ReplyParameters: &models.ReplyParameters{MessageID: 9999, AllowSendingWithoutReply: true}})
	if err != nil || m.ReplyToMessage != nil {
		t.Fatalf("reply allowed without its message = %+v, %v", m, err)
	}
}

func TestFaults(t *testing.T) {
	srv := newServer(t)
	b := newBot(t, srv)
	ctx := context.Background()
	send := func() error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 42, Text: "hi"})
		return err
	}

	srv.FailNext("sendMessage", TooManyRequests(3))
	var tooMany *bot.TooManyRequestsError
	if err := send(); !errors.As(err, &tooMany) || tooMany.RetryAfter != 3 {
		t.Fatalf("429: %v, want *bot.TooManyRequestsError with RetryAfter 3", err)
	}
	if err := send(); err != nil {
		t.Fatalf("the call after the fault: %v", err)
	}
	calls := srv.Calls("sendMessage")
	if len(calls) != 2 || calls[0].Code != 429 || !calls[1].OK() || calls[1].Time.Before(calls[0].Time) {
		t.Fatalf("calls = %v", calls)
	}
	if len(srv.Sent(42)) != 1 {
		t.Fatalf("Sent(42) counts the refused call: %v", srv.Sent(42))
	}

	srv.FailNext("SENDMESSAGE", CantParseEntities())
	if err := send(); !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "can't parse entities") {
		t.Fatalf("400: %v, want bot.ErrorBadRequest", err)
	}
	srv.FailNext("sendMessage", BlockedByUser())
	if err := send(); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("403: %v, want bot.ErrorForbidden", err)
	}
	srv.FailNext("sendMessage", InternalServerError())
	if err := send(); err == nil || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Fatalf("500: %v", err)
	}
	srv.FailNext("sendMessage", ChatMigrated(-1009876543210))
	var migrated *bot.MigrateError
	if err := send(); !errors.As(err, &migrated) || migrated.MigrateToChatID != -1009876543210 {
		t.Fatalf("migrated: %v", err)
	}

	srv.FailNext("getMe", TooManyRequests(7))
	_, body, err := post(ctx, srv, testToken, "getMe", nil)
	want := `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`
	if err != nil || body != want {
		t.Fatalf("429 body = %s, %v", body, err)
	}
}

func TestWaitForTimeout(t *testing.T) {
	srv := newServer(t)
	newBot(t, srv)
	calls, err := srv.WaitFor("sendMessage", 1, 50*time.Millisecond)
	if err == nil || len(calls) != 0 || !strings.Contains(err.Error(), "getMe") {
		t.Fatalf("WaitFor = %v, %v", calls, err)
	}
}
