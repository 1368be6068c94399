package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/telegramtest"
	"reportbot/config"
)

func TestServeNeedsAToken(t *testing.T) {
	code, _, errs := run(t, "", "", "serve")
	if code != 2 || !strings.Contains(errs, "TELEGRAM_BOT_TOKEN is not set") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestServeAnswersThroughTheBotAPIAndStopsCleanly(t *testing.T) {
	const token = "4242:SERVEtestTOKEN-abcdef"
	tg := telegramtest.New(token)
	defer tg.Close()
	port, metricsPort := freePort(), freePort()

	var out, errb bytes.Buffer
	c := &CLI{
		Config: config.Config{DataDir: t.TempDir(), Port: port, MetricsPort: metricsPort, Telegram: bot.Config{
			Token: token, APIURL: tg.URL, RateLimit: 20, RateWindow: time.Minute, MaxConcurrent: 4,
		}},
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Log: slog.New(slog.DiscardHandler),
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- c.Run(ctx, []string{"serve"}) }()

	if _, err := tg.WaitFor("deleteWebhook", 1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	tg.Push(tg.PrivateText(77, "Что случилось с Максом Бокаевым?", "ru"))
	if _, err := tg.WaitFor("sendMessage", 1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if msg := tg.Sent(77); len(msg) != 1 || !strings.Contains(msg[0].Params["text"], "Бокаев") {
		t.Errorf("reply %v", msg)
	}
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %v, %v", resp, err)
	}
	// A Bot API error, to see it counted.
	tg.FailNext("sendMessage", telegramtest.CantParseEntities())
	tg.Push(tg.PrivateText(78, "What happened to Maks Bokaev?", "en"))
	if _, err := tg.WaitFor("sendMessage", 3, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// The public port does not serve the counters; the metrics port does.
	if resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/metrics"); err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "reportbot_") {
			t.Error("/metrics is served on the public port")
		}
	}
	resp, err = http.Get("http://127.0.0.1:" + strconv.Itoa(metricsPort) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`reportbot_questions_total{found="true",lang="ru",mode="extractive"} 1`,
		`reportbot_answer_seconds_bucket{mode="extractive"`,
		`reportbot_llm_requests_total{kind="chat"} 0`,
		`reportbot_llm_errors_total{kind="embeddings"} 0`,
		`reportbot_telegram_errors_total{code="400",method="sendMessage"} 1`,
		`reportbot_digest_sends_total{result="sent"} 0`,
		`reportbot_index_passages 132`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(body), "chat_id") || strings.Contains(string(body), "SERVEtest") {
		t.Error("/metrics holds ids or the token")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// freePort returns a loopback port nothing listens on.
func freePort() int {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
