package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"reportbot/bot/telegramtest"
	"reportbot/digest"
	"reportbot/lang"
	"reportbot/rag"
	"reportbot/store"
	"reportbot/store/storetest"
)

// machine is one bot process of several that share a PostgreSQL database
// and one Bot API, each with its own connections and its own memory.
type machine struct {
	bot *Bot
	web *httptest.Server
	st  *store.Store
}

const machineSecret = "shared-webhook-secret"

// startMachine runs a bot on the shared database at url: in webhook mode
// when web is true (updates are posted to its handler), else polling.
func startMachine(t *testing.T, srv *telegramtest.Server, url string, web bool, opts ...Option) *machine {
	t.Helper()
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenURL(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Token: testToken, APIURL: srv.URL}
	if web {
		cfg.WebhookURL, cfg.WebhookSecret = "https://bot.example.org/telegram", machineSecret
	}
	engine := rag.NewEngine(ix, rag.WithMemory(rag.NewMemory(100, 4, time.Hour)))
	b, err := New(context.Background(), cfg, engine, append([]Option{WithStore(st), unpaced()}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	stop := runBot(t, b)
	m := &machine{bot: b, st: st}
	if web {
		m.web = httptest.NewServer(b.Handler("/telegram"))
	}
	t.Cleanup(func() {
		stop()
		if m.web != nil {
			m.web.Close()
		}
		st.Close()
	})
	return m
}

var updateIDs atomic.Int64

// post delivers an update to the machine as Telegram's webhook would.
func (m *machine) post(t *testing.T, u models.Update) {
	t.Helper()
	u.ID = updateIDs.Add(1) + 1_000_000
	body, _ := json.Marshal(u)
	req, _ := http.NewRequest(http.MethodPost, m.web.URL+"/telegram", bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", machineSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook answered %d", resp.StatusCode)
	}
}

// lastText returns the text of the last message the bot sent or edited
// into a chat.
func lastText(srv *telegramtest.Server, chat int64) string {
	msgs := srv.Messages(chat)
	if len(msgs) == 0 {
		return ""
	}
	return msgs[len(msgs)-1].Text
}

// TestMachinesAgree runs two bots on one PostgreSQL database, as two Fly
// machines behind one webhook, and lets a person's updates reach either:
// what one is told, the other knows.
func TestMachinesAgree(t *testing.T) {
	url := storetest.URL(t)
	srv := telegramtest.New(testToken)
	defer srv.Close()
	a := startMachine(t, srv, url, true)
	b := startMachine(t, srv, url, true)
	ctx := context.Background()

	t.Run("subscribed through one, unsubscribed through the other", func(t *testing.T) {
		const chat = 7101
		a.post(t, srv.PrivateText(chat, "/digest on", "ru"))
		if sub, ok, err := b.st.Subscription(ctx, chat); err != nil || !ok || sub.Lang != "ru" {
			t.Fatalf("machine B does not see the subscription made through A: %+v %v %v", sub, ok, err)
		}
		b.post(t, srv.PrivateText(chat, "/digest off", "ru"))
		if _, ok, _ := a.st.Subscription(ctx, chat); ok {
			t.Error("machine A still has the subscription B ended")
		}
	})

	t.Run("one vote per person whichever machine a tap reaches", func(t *testing.T) {
		const chat = 7102
		a.post(t, srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		msgs := srv.Messages(chat)
		answer := msgs[len(msgs)-1]
		var up string
		for _, d := range keyboardData(t, srv.Sent(chat)[len(srv.Sent(chat))-1]) {
			if strings.HasPrefix(d, cbUp) {
				up = d
			}
		}
		if up == "" {
			t.Fatal("the answer has no 👍")
		}
		edits := func() int { return len(srv.Calls("editMessageReplyMarkup")) }
		tap := func(m *machine, user int64) string {
			t.Helper()
			n := edits()
			m.post(t, srv.CallbackQuery(user, answer, up))
			if _, err := srv.WaitFor("editMessageReplyMarkup", n+1, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			calls := srv.Calls("editMessageReplyMarkup")
			return calls[len(calls)-1].Params["reply_markup"]
		}
		tap(a, 1)        // one person's 👍 through A
		tap(b, 2)        // another's through B
		got := tap(b, 1) // the first taps again, through B: taken back
		if !strings.Contains(got, "👍 1") {
			t.Errorf("after two votes and one taken back through another machine: %s, want 👍 1", got)
		}
	})

	t.Run("/forget through one stops the digest the other sends", func(t *testing.T) {
		const chat = 7104
		a.post(t, srv.PrivateText(chat, "/digest on", "en"))
		b.post(t, srv.PrivateText(chat, "/forget", "en"))
		before := len(srv.Sent(chat))
		p, _ := a.bot.report.Passage("kz2016-torture-1", lang.English)
		_, err := a.bot.SendExcerpt(ctx, chat, digest.Excerpt{Lang: lang.English, Passage: p, Day: "2026-12-03"})
		if !errors.Is(err, digest.ErrBlocked) || len(srv.Sent(chat)) != before {
			t.Errorf("a digest went to a chat forgotten through the other machine: %v, %d messages", err, len(srv.Sent(chat))-before)
		}
	})

	t.Run("/forget through one forgets what the other kept", func(t *testing.T) {
		const chat = 7103
		b.post(t, srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		whom := b.bot.msgs.T(lang.English, "NoSubject", nil)
		b.post(t, srv.PrivateText(chat, "and what was he sentenced to?", "en"))
		if got := lastText(srv, chat); strings.HasPrefix(got, whom) || !strings.Contains(got, "Bokaev") {
			t.Fatalf("machine B's follow-up did not use its conversation: %q", got)
		}
		a.post(t, srv.PrivateText(chat, "/forget", "en"))
		b.post(t, srv.PrivateText(chat, "and what was he sentenced to?", "en"))
		if got := lastText(srv, chat); !strings.HasPrefix(got, whom) {
			t.Errorf("after /forget through A, machine B still answered from the conversation: %q", got)
		}
	})
}

// TestAnotherMachinePollsWhenThePollerStops runs two polling bots on one
// database: one polls and the other waits. When the poller stops, or dies
// holding the lease, the other takes over within the lease time and
// answers what comes next.
func TestAnotherMachinePollsWhenThePollerStops(t *testing.T) {
	url := storetest.URL(t)
	srv := telegramtest.New(testToken)
	defer srv.Close()
	short := func(b *Bot) { b.pollTTL = time.Second }

	// A dead poller's lease: no one renews it.
	st, err := store.OpenURL(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.TakeLease(context.Background(), pollLease, "dead-machine", time.Second); err != nil || !ok {
		t.Fatal(ok, err)
	}
	// Each machine reaches the Bot API through a proxy of its own, which
	// counts its long polls.
	var mu sync.Mutex
	polls := map[string]int{}
	polled := func(name string) int {
		mu.Lock()
		defer mu.Unlock()
		return polls[name]
	}
	api, _ := neturl.Parse(srv.URL)
	ix, _ := testIndex()
	stops := map[string]func(){}
	for _, name := range []string{"a", "b"} {
		proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
			if strings.HasSuffix(r.In.URL.Path, "/getUpdates") {
				mu.Lock()
				polls[name]++
				mu.Unlock()
			}
			r.SetURL(api)
		}}
		front := httptest.NewServer(proxy)
		defer front.Close()
		st, err := store.OpenURL(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		b, err := New(context.Background(), Config{Token: testToken, APIURL: front.URL}, rag.NewEngine(ix), WithStore(st), unpaced(), short)
		if err != nil {
			t.Fatal(err)
		}
		stop := runBot(t, b)
		stops[name] = sync.OnceFunc(func() { stop(); st.Close() })
		defer stops[name]()
	}
	answered := func(chat int64) {
		t.Helper()
		srv.Push(srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		deadline := time.Now().Add(10 * time.Second)
		for len(srv.Sent(chat)) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("chat %d was not answered", chat)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	answered(7201) // once the dead machine's lease lapsed
	poller, other := "a", "b"
	if polled("a") == 0 {
		poller, other = "b", "a"
	}
	if polled(poller) == 0 || polled(other) != 0 {
		t.Fatalf("while both ran, a polled %d times and b %d: one machine polls", polled("a"), polled("b"))
	}
	stops[poller]()
	answered(7202)
	if polled(other) == 0 {
		t.Error("the waiting machine did not take over")
	}
}

// flyProxy stands in for Fly's proxy in front of several machines: it
// sends each request to the next machine in turn, and replays it, with
// Fly-Replay-Src, to the instance a Fly-Replay answer names.
type flyProxy struct {
	machines map[string]string // machine id → its webhook server
	order    []string
	next     atomic.Int64
	replays  atomic.Int64
}

func (p *flyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	forward := func(id string, replayed bool) *http.Response {
		req, _ := http.NewRequest(r.Method, p.machines[id]+r.URL.Path, bytes.NewReader(body))
		req.Header = r.Header.Clone()
		if replayed {
			req.Header.Set("Fly-Replay-Src", "instance=elsewhere")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return &http.Response{StatusCode: http.StatusBadGateway, Body: io.NopCloser(strings.NewReader(""))}
		}
		return resp
	}
	resp := forward(p.order[int(p.next.Add(1))%len(p.order)], false)
	if target, ok := strings.CutPrefix(resp.Header.Get("Fly-Replay"), "instance="); ok {
		resp.Body.Close()
		p.replays.Add(1)
		resp = forward(target, true)
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// TestAChatStaysOnOneMachine runs two machines behind a stand-in for
// Fly's proxy, which spreads updates between them. Each chat is answered
// by one machine, so a follow-up finds its conversation wherever it lands,
// and a chat's machine leaving moves the chat to the other.
func TestAChatStaysOnOneMachine(t *testing.T) {
	url := storetest.URL(t)
	srv := telegramtest.New(testToken)
	defer srv.Close()
	id := func(name string) Option {
		return func(b *Bot) { b.cfg.MachineID = name; b.sticky = &affinity{self: name} }
	}
	a := startMachine(t, srv, url, true, id("m-a"))
	b := startMachine(t, srv, url, true, id("m-b"))
	// Each reads the other at its next beat, which the test makes now.
	for range 2 {
		for _, m := range []*machine{a, b} {
			members, err := m.st.Beat(context.Background(), m.bot.sticky.self, memberTTL)
			if err != nil {
				t.Fatal(err)
			}
			m.bot.sticky.set(members)
		}
	}
	if got := a.bot.sticky.members; len(got) != 2 {
		t.Fatalf("members %v", got)
	}
	proxy := &flyProxy{machines: map[string]string{"m-a": a.web.URL, "m-b": b.web.URL}, order: []string{"m-a", "m-b"}}
	front := &machine{web: httptest.NewServer(proxy)}
	defer front.web.Close()

	whom := a.bot.msgs.T(lang.English, "NoSubject", nil)
	for chat := int64(7301); chat < 7306; chat++ {
		front.post(t, srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		front.post(t, srv.PrivateText(chat, "and what was he sentenced to?", "en"))
		if got := lastText(srv, chat); strings.HasPrefix(got, whom) || !strings.Contains(got, "Bokaev") {
			t.Errorf("chat %d: a follow-up that reached the other machine lost its conversation: %q", chat, got)
		}
	}
	if proxy.replays.Load() == 0 {
		t.Error("no update was replayed to its chat's machine")
	}
	// The owner of a chat leaves: the other answers it.
	owner := a.bot.sticky.owner(7301)
	other := a
	if owner == "m-a" {
		other = b
	}
	if err := other.st.Leave(context.Background(), owner); err != nil {
		t.Fatal(err)
	}
	members, _ := other.st.Beat(context.Background(), other.bot.sticky.self, memberTTL)
	other.bot.sticky.set(members)
	if got := other.bot.sticky.owner(7301); got != other.bot.sticky.self {
		t.Errorf("after its machine left, chat 7301 belongs to %q", got)
	}
}
