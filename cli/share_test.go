package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/telegramtest"
	"reportbot/config"
	"reportbot/ratelimit"
)

// TestThePublicPortServesTelegramFirst has 300 clients without the secret
// open keep-alive connections to the webhook port, ask /healthz and hold
// on, as the flood did: each is answered and its connection closed
// by the server, so Telegram's delivery with the secret, sent while they
// hold on, is handled at once.
func TestThePublicPortServesTelegramFirst(t *testing.T) {
	const token, secret = "4242:PORTtestTOKEN-abcdef", "port-secret"
	tg := telegramtest.New(token)
	defer tg.Close()
	port, metricsPort := freePort(), freePort()
	c := &CLI{
		Config: config.Config{Port: port, MetricsPort: metricsPort, Telegram: bot.Config{
			Token: token, APIURL: tg.URL, WebhookURL: "https://bot.example.org/telegram", WebhookSecret: secret,
			RateLimit: 20, RateWindow: time.Minute, MaxConcurrent: 4,
		}},
		Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Log: slog.New(slog.DiscardHandler),
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- c.Run(ctx, []string{"serve"}) }()
	defer func() { cancel(); <-done }()
	if _, err := tg.WaitFor("setWebhook", 1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)

	// The flood: clients that keep their connections and ask /healthz.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	kept := 0
	for range 300 {
		wg.Go(func() {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if !resp.Close {
				mu.Lock()
				kept++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	if kept > 0 {
		t.Errorf("%d clients without the secret were kept alive", kept)
	}
	// Telegram's delivery, while the flood's clients still hold their
	// side of the connections.
	body, _ := json.Marshal(tg.PrivateText(5151, "What happened to Maks Bokaev?", "en"))
	req, _ := http.NewRequest("POST", "http://"+addr+"/telegram", bytes.NewReader(body))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("Telegram's delivery during the flood: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(tg.Sent(5151)) == 0 {
		t.Errorf("Telegram's delivery got %d, %d replies", resp.StatusCode, len(tg.Sent(5151)))
	}
}

// TestRequestsAreLimitedPerClientBehindFlysProxy counts requests by the
// client Fly's proxy names, not by the proxy's own address.
func TestRequestsAreLimitedPerClientBehindFlysProxy(t *testing.T) {
	l := ratelimit.New[string](3, time.Minute)
	from := func(client string) *http.Request {
		r, _ := http.NewRequest("GET", "http://x/healthz", nil)
		r.RemoteAddr = "172.16.0.2:4000" // the proxy
		r.Header.Set("Fly-Client-IP", client)
		return r
	}
	for range 3 {
		if ok, _, _ := l.Allow(clientOf(from("203.0.113.7"))); !ok {
			t.Fatal("refused within the limit")
		}
	}
	if ok, _, _ := l.Allow(clientOf(from("203.0.113.7"))); ok {
		t.Error("a fourth request in the window was allowed")
	}
	if ok, _, _ := l.Allow(clientOf(from("198.51.100.9"))); !ok {
		t.Error("another client behind the same proxy was refused")
	}
}

// TestTelegramIsNotLimitedWhileTheBotStarts sends deliveries with the
// configured secret to a server whose bot is not up yet, as Telegram does
// to a machine it just woke: none is refused as a client over its share,
// while a client without the secret is.
func TestTelegramIsNotLimitedWhileTheBotStarts(t *testing.T) {
	srv := &server{secret: "s", clients: ratelimit.New[string](1, time.Minute), ready: make(chan struct{})}
	var hook http.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})
	srv.hook.Store(&hook)
	close(srv.ready)
	send := func(secret string) int {
		r, _ := http.NewRequest("POST", "http://x/telegram", strings.NewReader("{}"))
		r.RemoteAddr = "149.154.167.220:443"
		if secret != "" {
			r.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code
	}
	for i := range 3 {
		if code := send("s"); code != http.StatusOK {
			t.Errorf("delivery %d while starting: %d", i+1, code)
		}
	}
	send("")
	if code := send(""); code != http.StatusTooManyRequests {
		t.Errorf("a second request without the secret: %d", code)
	}
}
