package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"reportbot/bot/telegramtest"
	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/rag"
)

const testToken = "123456:TESTsecretTOKENvalue-xyz"

var testIndex = sync.OnceValues(func() (*rag.Index, error) {
	ps, err := ingest.Load(corpus.Files)
	if err != nil {
		return nil, err
	}
	return rag.Build(context.Background(), ps, rag.NewHashEmbedder(0), "", nil)
})

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type harness struct {
	srv  *telegramtest.Server
	bot  *Bot
	logs *logBuffer
}

// start runs a bot against a fake Bot API until the test ends.
func start(t testing.TB, cfg Config, engineOpts ...rag.Option) *harness {
	t.Helper()
	return startWith(t, cfg, nil, engineOpts...)
}

// unpaced sends without the pacer: the fake Bot API has no limits to keep
// under, and a test of anything else should not wait for them. The
// pacer's own test keeps it.
func unpaced() Option { return func(b *Bot) { b.pacer = nil } }

// startWith is start with more bot options.
func startWith(t testing.TB, cfg Config, botOpts []Option, engineOpts ...rag.Option) *harness {
	t.Helper()
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	return startOn(t, ix, cfg, botOpts, engineOpts...)
}

// startOn is startWith on an index of the test's own.
func startOn(t testing.TB, ix *rag.Index, cfg Config, botOpts []Option, engineOpts ...rag.Option) *harness {
	t.Helper()
	srv := telegramtest.New(testToken)
	cfg.Token, cfg.APIURL = testToken, srv.URL
	logs := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	engineOpts = append(engineOpts, rag.WithMemory(rag.NewMemory(100, 4, time.Hour)))
	b, err := New(context.Background(), cfg, rag.NewEngine(ix, engineOpts...), append([]Option{WithLogger(log), unpaced()}, botOpts...)...)
	if err != nil {
		t.Fatal(err)
	}
	stop := runBot(t, b)
	t.Cleanup(func() {
		stop()
		srv.Close()
	})
	return &harness{srv: srv, bot: b, logs: logs}
}

// runBot runs b until the returned stop is called, which waits for Run to
// return; stop may be called more than once.
func runBot(t testing.TB, b *Bot) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := b.Run(ctx); err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	return sync.OnceFunc(func() {
		cancel()
		<-done
	})
}

// sent waits for n messages to a chat and returns them.
func (h *harness) sent(t *testing.T, chatID int64, n int) []telegramtest.Call {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := h.srv.Sent(chatID); len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("chat %d got %d messages, want %d; calls: %v", chatID, len(h.srv.Sent(chatID)), n, h.srv.Calls("sendMessage"))
	return nil
}

func TestPrivateQuestionsGetCitedAnswersInTheirLanguage(t *testing.T) {
	h := start(t, Config{})
	tests := []struct {
		user      int64
		q, lang   string
		sources   string
		translate bool
	}{
		{101, "What happened to Maks Bokaev?", "en", "Sources", false},
		{102, "Что случилось с Максом Бокаевым?", "ru", "Источники", true},
		{103, "Макс Боқаевқа не болды?", "kk", "Дереккөздер", true},
	}
	for _, tt := range tests {
		h.srv.Push(h.srv.PrivateText(tt.user, tt.q, "en"))
	}
	for _, tt := range tests {
		msgs := h.sent(t, tt.user, 1)
		text := msgs[0].Params["text"]
		if msgs[0].Params["parse_mode"] != "HTML" || !strings.Contains(text, "[1]") || !strings.Contains(text, "<blockquote expandable>") {
			t.Errorf("%s: not a cited HTML answer: %s", tt.lang, text)
		}
		if !strings.Contains(text, tt.sources) || !strings.Contains(text, "#:~:text=") {
			t.Errorf("%s: no sources heading or link: %s", tt.lang, text)
		}
		first, _, _ := strings.Cut(text, "\n\n")
		if got, _ := lang.Detect(first); string(got) != tt.lang {
			t.Errorf("answer reads as %s, want %s: %s", got, tt.lang, first)
		}
		if !strings.Contains(msgs[0].Params["reply_markup"], "callback_data") {
			t.Errorf("%s: no buttons under the answer", tt.lang)
		}
	}
	if actions := h.srv.Calls("sendChatAction"); len(actions) != 0 {
		// An offline answer is faster than the typing indicator.
		t.Errorf("typing shown before offline answers: %v", actions)
	}
	commands := h.srv.Calls("setMyCommands")
	if len(commands) != 8 {
		t.Errorf("%d command menus registered, want default, en, ru, kk for private chats and for groups", len(commands))
	}
	for _, c := range commands {
		group := strings.Contains(c.Params["scope"], "all_group_chats")
		if start := strings.Contains(c.Params["commands"], `"start"`); start == group {
			t.Errorf("menu for scope %q has /start: %v", c.Params["scope"], start)
		}
	}
}

func TestGroupsAnswerOnlyWhenAddressed(t *testing.T) {
	h := start(t, Config{})
	const group = -1001234567890
	h.srv.Push(h.srv.GroupText(group, 201, "What happened to Maks Bokaev?"))
	h.srv.Push(h.srv.GroupText(group, 201, "/ask@OtherBot What happened to Maks Bokaev?"))
	id := h.srv.Push(h.srv.GroupText(group, 201, "/start"))
	h.srv.WaitConfirmed(id, 5*time.Second)
	msgs := h.sent(t, group, 1) // /start only
	time.Sleep(200 * time.Millisecond)
	if n := len(h.srv.Sent(group)); n != 1 {
		t.Fatalf("%d messages in the group, want only the /start reply", n)
	}
	if !strings.Contains(msgs[0].Params["text"], "Human Rights Watch") {
		t.Errorf("/start reply: %s", msgs[0].Params["text"])
	}

	h.srv.Push(h.srv.GroupText(group, 202, "@ReportBot What happened to Maks Bokaev?"))
	h.srv.Push(h.srv.GroupText(group, 203, "/ask@ReportBot Что случилось с Максом Бокаевым?"))
	msgs = h.sent(t, group, 3)
	for _, m := range msgs[1:] {
		if !strings.Contains(m.Params["text"], "[1]") || !strings.Contains(m.Params["reply_parameters"], "message_id") {
			t.Errorf("group answer is not a cited reply: %v", m)
		}
	}
	h.srv.Push(h.srv.ReplyToBot(group, 204, "Что случилось с Сейтказы Матаевым?"))
	msgs = h.sent(t, group, 4)
	if !strings.Contains(msgs[3].Params["text"], "Матаев") {
		t.Errorf("reply to the bot not answered: %s", msgs[3].Params["text"])
	}
}

func TestInlineQueriesReturnEvidenceCards(t *testing.T) {
	h := start(t, Config{})
	h.srv.Push(h.srv.InlineQuery(301, "пытки"))
	if _, err := h.srv.WaitFor("answerInlineQuery", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	h.srv.Push(h.srv.InlineQuery(302, ""))
	calls, err := h.srv.WaitFor("answerInlineQuery", 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range calls {
		var results []struct {
			Type, ID, Title, Description string
			Content                      struct {
				MessageText string `json:"message_text"`
				ParseMode   string `json:"parse_mode"`
			} `json:"input_message_content"`
		}
		if err := c.Decode("results", &results); err != nil {
			t.Fatal(err)
		}
		if len(results) == 0 || len(results) > 10 || c.Params["cache_time"] == "" {
			t.Fatalf("query %d: %d results, cache_time %q", i, len(results), c.Params["cache_time"])
		}
		for _, r := range results {
			if r.Type != "article" || r.Title == "" || r.Description == "" ||
				!strings.Contains(r.Content.MessageText, "["+r.ID+"]") || !strings.Contains(r.Content.MessageText, "#:~:text=") {
				t.Errorf("query %d: card %+v lacks title, snippet, citation or link", i, r)
			}
		}
		if i == 0 && !strings.Contains(results[0].Content.MessageText, "неофициальный перевод") {
			t.Errorf("a Russian query's card is not the marked translation: %s", results[0].Content.MessageText)
		}
		if i == 1 && !strings.HasPrefix(results[0].ID, "kz2016-overview-") {
			t.Errorf("an empty query shows %s, want the overview", results[0].ID)
		}
	}
}

// keyboardData returns the callback data of an answer's buttons.
func keyboardData(t *testing.T, c telegramtest.Call) []string {
	t.Helper()
	var data []string
	for _, b := range buttons(t, c) {
		if b.CallbackData != "" {
			data = append(data, b.CallbackData)
		}
	}
	return data
}

// buttons returns the buttons under a sent message, row after row.
func buttons(t *testing.T, c telegramtest.Call) []models.InlineKeyboardButton {
	t.Helper()
	var kb models.InlineKeyboardMarkup
	if err := c.Decode("reply_markup", &kb); err != nil {
		t.Fatal(err)
	}
	var out []models.InlineKeyboardButton
	for _, row := range kb.InlineKeyboard {
		out = append(out, row...)
	}
	return out
}

func TestButtonsShowTheOriginalAndCountFeedback(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	h.srv.Push(h.srv.PrivateText(401, "Что случилось с Максом Бокаевым?", "ru"))
	answer := h.sent(t, 401, 1)[0]
	data := keyboardData(t, answer)
	if len(data) < 3 || !strings.HasPrefix(data[0], "o:") || !strings.HasPrefix(data[1], "u:") || !strings.HasPrefix(data[2], "d:") {
		t.Fatalf("buttons %v", data)
	}
	msgs := h.srv.Messages(401)
	h.srv.Push(h.srv.CallbackQuery(401, msgs[len(msgs)-1], data[0]))
	original := h.sent(t, 401, 2)[1].Params["text"]
	if !strings.Contains(original, "In advance of countrywide protests planned for May 21") {
		t.Errorf("original not shown: %s", original)
	}
	h.srv.Push(h.srv.CallbackQuery(401, msgs[len(msgs)-1], data[1]))
	if _, err := h.srv.WaitFor("answerCallbackQuery", 2, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	h.srv.Push(h.srv.CallbackQuery(401, msgs[len(msgs)-1], "u:zzzz"))
	answers, err := h.srv.WaitFor("answerCallbackQuery", 3, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if up, down, err := st.Votes(context.Background(), "kz2016-assembly-2"); err != nil || up != 1 || down != 0 {
		t.Errorf("votes %d👍 %d👎 (%v), want one 👍 for kz2016-assembly-2", up, down, err)
	}
	if !strings.Contains(answers[1].Params["text"], "Спасибо") && !strings.Contains(answers[1].Params["text"], "спасибо") {
		t.Errorf("vote acknowledged with %q", answers[1].Params["text"])
	}
	if answers[2].Params["text"] == "" {
		t.Error("a button from an unknown answer gets no explanation")
	}
}

func TestCommands(t *testing.T) {
	h := start(t, Config{})
	const user = 501
	for i, text := range []string{"/lang kk", "/help", "/lang de", "/themes", "/source kz2016-torture-2", "/source nope-1", "/privacy", "/ask"} {
		h.srv.Push(h.srv.PrivateText(user, text, "en"))
		h.sent(t, user, i+1)
	}
	msgs := h.srv.Sent(user)
	text := func(i int) string { return msgs[i].Params["text"] }
	checks := []struct {
		i    int
		want string
	}{
		{0, "қазақ"}, {1, "/themes"}, {2, "/lang kk"}, {3, "бөлімдері"},
		{4, "Расим Байрамов"}, {4, "Rasim Bayramov"}, {5, "nope-1"}, {6, "хэш"}, {7, "/ask"},
	}
	for _, c := range checks {
		if !strings.Contains(strings.ToLower(text(c.i)), strings.ToLower(c.want)) {
			t.Errorf("reply %d lacks %q: %s", c.i, c.want, text(c.i))
		}
	}
	if kb := msgs[3].Params["reply_markup"]; !strings.Contains(kb, `"th:3:0"`) || !strings.Contains(kb, "Жиналыс бостандығы") {
		t.Errorf("/themes has no section buttons: %s", kb)
	}
	if got, _ := lang.Detect(text(1)); got != lang.Kazakh {
		t.Errorf("/help after /lang kk is in %s", got)
	}
}

func TestNonTextAndLimits(t *testing.T) {
	h := start(t, Config{RateLimit: 2, RateWindow: time.Hour})
	h.srv.Push(h.srv.Sticker(601, 601, "😀"))
	h.srv.Push(h.srv.Voice(602, 602, 3))
	for i := range 3 {
		h.srv.Push(h.srv.PrivateText(603, "What happened to Maks Bokaev?", "en"))
		h.sent(t, 603, i+1)
	}
	for chat, key := range map[int64]string{601: "NotText", 602: "VoiceOffline"} {
		want := html.EscapeString(h.bot.msgs.T(lang.English, key, h.bot.example(lang.English)))
		if m := h.sent(t, chat, 1); m[0].Params["text"] != want {
			t.Errorf("chat %d: hint %q, want %q", chat, m[0].Params["text"], want)
		}
	}
	if m := h.srv.Sent(603); !strings.Contains(m[2].Params["text"], "minutes") || strings.Contains(m[2].Params["text"], "[1]") {
		t.Errorf("third question within the limit: %s", m[2].Params["text"])
	}
	long := strings.Repeat("Что случилось с Бокаевым? ", 200)
	h.srv.Push(h.srv.PrivateText(604, long, "ru"))
	if m := h.sent(t, 604, 1); !strings.Contains(m[0].Params["text"], "слишком длинный") {
		t.Errorf("too long question: %s", m[0].Params["text"])
	}
}

func TestTelegramFaults(t *testing.T) {
	h := start(t, Config{})
	h.srv.FailNext("sendMessage", telegramtest.CantParseEntities())
	h.srv.Push(h.srv.PrivateText(701, "What happened to Maks Bokaev?", "en"))
	msgs := h.sent(t, 701, 1)
	if msgs[0].Params["parse_mode"] != "" || strings.Contains(msgs[0].Params["text"], "<blockquote") || !strings.Contains(msgs[0].Params["text"], "[1]") {
		t.Errorf("parse error not resent as plain text: %v", msgs[0])
	}

	h.srv.FailNext("sendMessage", telegramtest.TooManyRequests(1))
	h.srv.Push(h.srv.PrivateText(702, "What happened to Maks Bokaev?", "en"))
	h.sent(t, 702, 1)
	var refused, ok telegramtest.Call
	for _, c := range h.srv.Calls("sendMessage") {
		if c.Params["chat_id"] == "702" {
			if c.Code == 429 {
				refused = c
			} else if c.OK() {
				ok = c
			}
		}
	}
	if refused.Code != 429 || ok.Time.Sub(refused.Time) < time.Second {
		t.Errorf("retried %v after a 429 with retry_after 1", ok.Time.Sub(refused.Time))
	}

	h.srv.FailNext("sendMessage", telegramtest.BlockedByUser())
	before := len(h.srv.Calls("sendMessage"))
	h.srv.Push(h.srv.PrivateText(703, "What happened to Maks Bokaev?", "en"))
	if _, err := h.srv.WaitFor("sendMessage", before+1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	h.srv.Push(h.srv.PrivateText(704, "What happened to Maks Bokaev?", "en"))
	h.sent(t, 704, 1)
	if !strings.Contains(h.logs.String(), "blocked or removed") {
		t.Error("a blocked chat is not logged as such")
	}
}

func TestLongAnswersAreSplitIntoMessages(t *testing.T) {
	// A model that writes at length: the answer must arrive whole, in
	// several messages, none over Telegram's limit, buttons on the last.
	long := strings.Repeat("Власти заключили под стражу более двух десятков человек накануне протестов [1]. ", 80)
	h := start(t, Config{}, rag.WithChat(chatFunc(func(string) string { return long })))
	h.srv.Push(h.srv.PrivateText(801, "Что случилось с Максом Бокаевым?", "ru"))
	h.sent(t, 801, 2)
	h.settled(t, 801)
	msgs := h.srv.Sent(801)
	var total int
	for i, m := range msgs {
		total += strings.Count(m.Params["text"], "Власти заключили")
		if (m.Params["reply_markup"] != "") != (i == len(msgs)-1) {
			t.Errorf("message %d of %d: reply_markup %q", i+1, len(msgs), m.Params["reply_markup"])
		}
	}
	if total != 80 {
		t.Errorf("%d of 80 sentences arrived", total)
	}
}

// chatFunc is a language model that always says the same.
type chatFunc func(string) string

func (f chatFunc) Chat(_ context.Context, _, user string) (string, error) { return f(user), nil }

func TestWebhookChecksTheSecret(t *testing.T) {
	ix, _ := testIndex()
	srv := telegramtest.New(testToken)
	defer srv.Close()
	b, err := New(context.Background(), Config{
		Token: testToken, APIURL: srv.URL, WebhookURL: "https://bot.example.org/telegram", WebhookSecret: "s3cret-value",
	}, rag.NewEngine(ix))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); b.Run(ctx) }()
	defer func() { cancel(); <-done }()
	if _, err := srv.WaitFor("setWebhook", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if info := srv.WebhookInfo(); info.URL != "https://bot.example.org/telegram" {
		t.Errorf("webhook registered at %q", info.URL)
	}
	if c := srv.Calls("setWebhook")[0]; c.Params["secret_token"] != "s3cret-value" {
		t.Errorf("webhook registered without the secret: %v", c.Params)
	}
	web := httptest.NewServer(b.Handler("/telegram"))
	defer web.Close()
	update, _ := json.Marshal(srv.PrivateText(901, "What happened to Maks Bokaev?", "en"))
	post := func(secret string) int {
		req, _ := http.NewRequest("POST", web.URL+"/telegram", bytes.NewReader(update))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != http.StatusUnauthorized {
		t.Errorf("no secret: %d, want 401", code)
	}
	if code := post("wrong"); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d, want 401", code)
	}
	if code := post("s3cret-value"); code != http.StatusOK {
		t.Errorf("right secret: %d, want 200", code)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.Sent(901)) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(srv.Sent(901)) != 1 {
		t.Error("the update with the right secret was not answered")
	}
	if err := b.Health(context.Background()); err != nil {
		t.Errorf("a bot taking webhook updates is unhealthy: %v", err)
	}
}

func TestLogsHoldNoTextNamesOrToken(t *testing.T) {
	h := start(t, Config{Salt: []byte("fixed")})
	up := h.srv.PrivateText(7730041, "Что случилось с Максом Бокаевым? Меня зовут Айгерим", "ru")
	up.Message.From.FirstName, up.Message.From.Username = "Aigerim", "aigerim_k"
	h.srv.FailNext("sendMessage", telegramtest.InternalServerError())
	h.srv.Push(h.srv.PrivateText(7730052, "What happened to Maks Bokaev?", "en"))
	if _, err := h.srv.WaitFor("sendMessage", 1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	h.srv.Push(up)
	h.srv.Push(h.srv.InlineQuery(7730063, "Mataev"))
	h.sent(t, 7730041, 1)
	h.srv.WaitFor("answerInlineQuery", 1, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	logs := h.logs.String()
	for _, secret := range []string{"TESTsecretTOKENvalue", "Бокаев", "Айгерим", "Aigerim", "aigerim_k", "Mataev", "7730041", "7730052"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, (hasher{salt: []byte("fixed")}).id(7730041)) {
		t.Error("logs do not name the chat by its hash")
	}
}

func TestPanicsAreRecovered(t *testing.T) {
	h := start(t, Config{})
	h.bot.prefs = panicPrefs{}
	h.srv.Push(h.srv.PrivateText(1101, "What happened to Maks Bokaev?", "ru"))
	m := h.sent(t, 1101, 1)
	if !strings.Contains(m[0].Params["text"], "попробуйте") && !strings.Contains(m[0].Params["text"], "Попробуйте") {
		t.Errorf("after a panic: %q", m[0].Params["text"])
	}
	if !strings.Contains(h.logs.String(), "handler panicked") {
		t.Error("the panic is not logged")
	}
}

type panicPrefs struct{}

func (panicPrefs) Lang(context.Context, int64) (lang.Language, bool) { panic("prefs broken") }
func (panicPrefs) SetLang(context.Context, int64, lang.Language) error {
	panic("prefs broken")
}
func (panicPrefs) Forget(context.Context, int64) (bool, error) { panic("prefs broken") }

func TestConcurrentHandlersAreBounded(t *testing.T) {
	// A model that takes a while: twelve questions at once are answered
	// by at most MaxConcurrent handlers at a time, and all are answered.
	var mu sync.Mutex
	running, peak := 0, 0
	slow := chatFunc(func(string) string {
		mu.Lock()
		running++
		peak = max(peak, running)
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
		return "Bokaev was jailed [1]."
	})
	h := start(t, Config{MaxConcurrent: 3}, rag.WithChat(slow))
	for i := range 12 {
		h.srv.Push(h.srv.PrivateText(int64(5100+i), "What happened to Maks Bokaev?", "en"))
	}
	for i := range 12 {
		h.sent(t, int64(5100+i), 1)
	}
	if peak > 3 || peak < 2 {
		t.Errorf("%d handlers ran at once, want at most 3 (and more than one)", peak)
	}
}
