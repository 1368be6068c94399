package bot

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/digest"
	"reportbot/lang"
	"reportbot/store"
)

// simClock is a simulated clock for the digest: Sleep moves it on at once.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *simClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// reply pushes a private message and returns the bot's next message text.
func (h *harness) say(t *testing.T, chat int64, text string) telegramtest.Call {
	t.Helper()
	n := len(h.srv.Sent(chat))
	h.srv.Push(h.srv.PrivateText(chat, text, "ru"))
	return h.sent(t, chat, n+1)[n]
}

func TestDigestCommandShowsAndChangesTheSubscription(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	ctx := context.Background()
	const chat = 1201

	off := h.say(t, chat, "/digest")
	if want := h.bot.msgs.T(lang.Russian, "DigestOff", nil); off.Params["text"] != want {
		t.Errorf("status of an unsubscribed chat: %q, want %q", off.Params["text"], want)
	}
	if !strings.Contains(off.Params["reply_markup"], "dg:on") {
		t.Fatalf("no subscribe button: %s", off.Params["reply_markup"])
	}
	msgs := h.srv.Messages(chat)
	h.srv.Push(h.srv.CallbackQuery(chat, msgs[len(msgs)-1], "dg:on"))
	if _, err := h.srv.WaitFor("editMessageText", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	sub, ok, _ := st.Subscription(ctx, chat)
	if !ok || sub.Hour != 9 || sub.TZ != "Asia/Almaty" || sub.Lang != "ru" || len(sub.Themes) != 0 {
		t.Fatalf("after Subscribe: %+v %v", sub, ok)
	}
	// Buttons: an hour later, Kazakh, then back to Russian and 09:00.
	for i, data := range []string{"dg:h:+", "dg:l:kk", "dg:t:5"} {
		h.srv.Push(h.srv.CallbackQuery(chat, msgs[len(msgs)-1], data))
		if _, err := h.srv.WaitFor("answerCallbackQuery", i+2, 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	sub, _, _ = st.Subscription(ctx, chat)
	if sub.Hour != 10 || sub.Lang != "kk" || len(sub.Themes) != 1 {
		t.Errorf("after the buttons: %+v", sub)
	}
	sub.Hour, sub.Lang, sub.Themes = 9, "ru", nil
	st.SaveSubscription(ctx, sub)

	// Votes are kept in the database too, so a restart keeps them.
	before := len(h.srv.Sent(chat))
	h.srv.Push(h.srv.PrivateText(chat, "Что случилось с Максом Бокаевым?", "ru"))
	answer := h.sent(t, chat, before+1)
	data := keyboardData(t, answer[len(answer)-1])
	all := h.srv.Messages(chat)
	n := len(h.srv.Calls("answerCallbackQuery"))
	h.srv.Push(h.srv.CallbackQuery(chat, all[len(all)-1], data[1]))
	if _, err := h.srv.WaitFor("answerCallbackQuery", n+1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if up, _, _ := st.Votes(ctx, "kz2016-assembly-2"); up != 1 {
		t.Errorf("stored votes: %d up", up)
	}

	// Bad input gets a clear reply and changes nothing.
	for _, bad := range []struct{ cmd, want string }{
		{"/digest hour 25", "23"},
		{"/digest tz Mars/Olympus", "Mars/Olympus"},
		{"/digest themes torture weather", "weather"},
		{"/digest lang de", "kk"},
	} {
		if got := h.say(t, chat, bad.cmd).Params["text"]; !strings.Contains(got, bad.want) {
			t.Errorf("%s: reply %q does not explain", bad.cmd, got)
		}
	}
	if now, _, _ := st.Subscription(ctx, chat); now.Hour != 9 || now.TZ != "Asia/Almaty" || len(now.Themes) != 0 || now.Lang != "ru" {
		t.Errorf("bad input changed the subscription: %+v", now)
	}

	h.say(t, chat, "/digest hour 7")
	h.say(t, chat, "/digest tz Asia/Aqtobe")
	h.say(t, chat, "/digest themes torture media")
	got := h.say(t, chat, "/digest lang kk").Params["text"]
	sub, _, _ = st.Subscription(ctx, chat)
	if sub.Hour != 7 || sub.TZ != "Asia/Aqtobe" || sub.Lang != "kk" || strings.Join(sub.Themes, " ") != "torture media" {
		t.Errorf("settings: %+v", sub)
	}
	if !strings.Contains(got, "07:00") || !strings.Contains(got, "Asia/Aqtobe") || !strings.Contains(got, "Қазақша") {
		t.Errorf("status after changes: %s", got)
	}
	if got := h.say(t, chat, "/digest off").Params["text"]; got == "" {
		t.Error("no reply to /digest off")
	}
	if _, ok, _ := st.Subscription(ctx, chat); ok {
		t.Error("still subscribed after /digest off")
	}
}

func TestDigestInGroupsIsForAdminsAndWorksInChannels(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	ctx := context.Background()
	const group, admin, member = -1001300, 1301, 1302
	h.srv.SetAdmins(group, admin)
	h.srv.Push(h.srv.GroupText(group, member, "/digest@ReportBot on"))
	h.sent(t, group, 1)
	if _, ok, _ := st.Subscription(ctx, group); ok {
		t.Error("a member who is not an admin subscribed the group")
	}
	h.srv.Push(h.srv.GroupText(group, admin, "/digest@ReportBot on"))
	h.sent(t, group, 2)
	if _, ok, _ := st.Subscription(ctx, group); !ok {
		t.Error("an admin could not subscribe the group")
	}
	const channel = -1001400
	h.srv.Push(h.srv.ChannelPost(channel, "/digest on"))
	h.sent(t, channel, 1)
	if _, ok, _ := st.Subscription(ctx, channel); !ok {
		t.Error("a channel could not subscribe")
	}
}

func TestDigestDeliveryThroughTelegram(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	ctx := context.Background()
	// Over loopback HTTP the digest runs on its simulated clock (the one
	// clock seam, digest.WithClock), from tomorrow: the chats below
	// subscribe now, before any of tomorrow's hours.
	start := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	clock := &simClock{t: start}
	subs := []store.Subscription{
		{ChatID: 1501, Hour: 9, TZ: "Asia/Almaty", Lang: "ru", Themes: []string{"torture"}},
		{ChatID: 1502, Hour: 9, TZ: "Europe/London", Lang: "en", Themes: []string{"media"}},
		{ChatID: 1503, Hour: 9, TZ: "Asia/Almaty", Lang: "kk"},
		{ChatID: 1504, Hour: 9, TZ: "Asia/Almaty", Lang: "en"},  // blocked the bot
		{ChatID: -1505, Hour: 9, TZ: "Asia/Almaty", Lang: "en"}, // became a supergroup
	}
	for _, s := range subs {
		st.SaveSubscription(ctx, s)
	}
	h := startWith(t, Config{}, []Option{WithStore(st)})
	d := digest.New(st, h.bot.engine.Index(), h.bot, digest.WithClock(clock))
	h.srv.FailChat(1504, telegramtest.BlockedByUser())
	h.srv.Migrate(-1505, -1001505)
	h.srv.FailNext("sendMessage", telegramtest.TooManyRequests(7))

	// 05:00 UTC: 10:00 in Almaty, 05:00 in London.
	now := start.Add(5 * time.Hour)
	clock.mu.Lock()
	clock.t = now
	clock.mu.Unlock()
	r, err := d.Deliver(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent != 3 || r.Unsubscribed != 1 || r.Moved != 1 {
		t.Errorf("report %+v", r)
	}
	if clock.Now().Sub(now) < 7*time.Second {
		t.Errorf("the 429's retry_after was not honoured on the digest clock")
	}
	checks := []struct {
		chat   int64
		lang   lang.Language
		quotes string
	}{
		{1501, lang.Russian, "kz2016-torture-1"},
		{1503, lang.Kazakh, "kz2016-overview-1"},
		{-1001505, lang.English, "kz2016-overview-1"},
	}
	for _, c := range checks {
		m := h.srv.Sent(c.chat)
		if len(m) != 1 {
			t.Errorf("chat %d got %d digests", c.chat, len(m))
			continue
		}
		text := m[0].Params["text"]
		first, _, _ := strings.Cut(text, "\n")
		if got, _ := lang.Detect(text); got != c.lang || !strings.Contains(text, c.quotes) || !strings.Contains(text, "#:~:text=") {
			t.Errorf("chat %d: %s digest %q", c.chat, got, first)
		}
		// The English original is offered under a translation only.
		if has := strings.Contains(m[0].Params["reply_markup"], `"o:`); has != (c.lang != lang.English) {
			t.Errorf("chat %d: button for the original %v in %s", c.chat, has, c.lang)
		}
	}
	if len(h.srv.Sent(1502)) != 0 {
		t.Error("London got its digest at 05:00")
	}
	if _, ok, _ := st.Subscription(ctx, 1504); ok {
		t.Error("the chat that blocked the bot is still subscribed")
	}

	// A restarted bot on the same database repeats nothing and sends
	// London's at 09:00 London time.
	h2 := startWith(t, Config{}, []Option{WithStore(st)})
	d2 := digest.New(st, h2.bot.engine.Index(), h2.bot, digest.WithClock(clock))
	r, _ = d2.Deliver(ctx, now.Add(time.Hour))
	if r.Sent != 0 {
		t.Errorf("after a restart %d digests were sent again", r.Sent)
	}
	r, _ = d2.Deliver(ctx, start.Add(9*time.Hour))
	if r.Sent != 1 || len(h2.srv.Sent(1502)) != 1 || !strings.Contains(h2.srv.Sent(1502)[0].Params["text"], "kz2016-media-1") {
		t.Errorf("London at 09:00: %+v", r)
	}
}
