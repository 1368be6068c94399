package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/llm"
	"reportbot/llm/llmtest"
	"reportbot/rag"
)

// BenchmarkQuestionsThroughTelegram pushes b.N questions at once as updates
// into the fake Bot API, with the bot long polling it and answering offline,
// and reports throughput and the time from an update's arrival to its reply
// (which, in a burst, is mostly waiting in line).
func BenchmarkQuestionsThroughTelegram(b *testing.B) {
	h := start(b, Config{RateLimit: 1 << 30})
	questions := []string{
		"What happened to Maks Bokaev?",
		"Что случилось с Максом Бокаевым?",
		"Қазақстанда жұмысшылардың ереуілге шығу құқығы бар ма?",
		"What did the UN Subcommittee on the Prevention of Torture find?",
	}
	pushed := make(map[string]time.Time, b.N)
	b.ResetTimer()
	begin := time.Now()
	for i := range b.N {
		chat := int64(100_000 + i)
		pushed[strconv.FormatInt(chat, 10)] = time.Now()
		h.srv.Push(h.srv.PrivateText(chat, questions[i%len(questions)], "en"))
	}
	var latencies []time.Duration
	deadline := time.Now().Add(time.Minute)
	for len(latencies) < b.N && time.Now().Before(deadline) {
		latencies = latencies[:0]
		for _, c := range h.srv.Calls("sendMessage") {
			if at, ok := pushed[c.Params["chat_id"]]; ok && c.OK() {
				latencies = append(latencies, c.Time.Sub(at))
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	elapsed := time.Since(begin)
	b.StopTimer()
	if len(latencies) < b.N {
		b.Fatalf("%d of %d questions answered", len(latencies), b.N)
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "questions/s")
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkReplyLatency asks one question at a time: the time from an
// update's arrival to its reply with no queue.
func BenchmarkReplyLatency(b *testing.B) {
	h := start(b, Config{RateLimit: 1 << 30})
	var latencies []time.Duration
	b.ResetTimer()
	for i := range b.N {
		chat := int64(200_000 + i)
		at := time.Now()
		h.srv.Push(h.srv.PrivateText(chat, "Что случилось с Максом Бокаевым?", "ru"))
		for len(h.srv.Sent(chat)) == 0 {
			time.Sleep(50 * time.Microsecond)
		}
		latencies = append(latencies, h.srv.Sent(chat)[0].Time.Sub(at))
	}
	b.StopTimer()
	slices.Sort(latencies)
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkStreamedAnswer asks a model that writes a 40-word answer at a
// token every 20 ms, in a private chat and in a group, and reports the time
// from the model's first token to the first text the user sees, and the Bot
// API calls one streamed answer takes.
func BenchmarkStreamedAnswer(b *testing.B) {
	reply := strings.Repeat("Authorities jailed activists before the protests [1]. ", 6)
	model := llmtest.New()
	defer model.Close()
	model.Reply = func(llmtest.ChatRequest) string { return reply }
	model.TokenDelay = 20 * time.Millisecond
	client := llm.New(llm.Config{BaseURL: model.BaseURL(), ChatModel: "fake"})
	h := start(b, Config{RateLimit: 1 << 30}, rag.WithChat(client))
	for _, kind := range []string{"private", "group"} {
		b.Run(kind, func(b *testing.B) {
			var firstText []time.Duration
			calls := 0
			for i := range b.N {
				before := len(h.srv.Calls(""))
				tokensBefore := len(model.FirstTokens())
				chat := int64(300_000 + i)
				if kind == "group" {
					chat = -1_000_300_000 - int64(i)
					h.srv.Push(h.srv.GroupText(chat, 7, "@ReportBot What happened to Maks Bokaev?"))
				} else {
					h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
				}
				var done []telegramtest.Call
				for len(done) == 0 || !strings.Contains(done[len(done)-1].Params["text"], "Sources") && !strings.Contains(done[len(done)-1].Params["text"], "<b>") {
					time.Sleep(5 * time.Millisecond)
					done = nil
					for _, c := range h.srv.Calls("")[before:] {
						if c.Params["chat_id"] == strconv.FormatInt(chat, 10) && (c.Method == "sendMessage" || c.Method == "editMessageText") {
							done = append(done, c)
						}
					}
				}
				all := h.srv.Calls("")[before:]
				token := model.FirstTokens()[tokensBefore]
				for _, c := range all {
					if c.Params["chat_id"] == strconv.FormatInt(chat, 10) && c.Method != "sendChatAction" {
						firstText = append(firstText, c.Time.Sub(token))
						break
					}
				}
				for _, c := range all {
					if c.Params["chat_id"] == strconv.FormatInt(chat, 10) {
						calls++
					}
				}
			}
			slices.Sort(firstText)
			b.ReportMetric(float64(firstText[len(firstText)/2].Microseconds())/1000, "first-text-p50-ms")
			b.ReportMetric(float64(calls)/float64(b.N), "botapi-calls/answer")
		})
	}
}

// BenchmarkBurst pushes a burst of b.N questions at once, in polling and in
// webhook mode, answered offline, and reports how many were lost, the p99
// from an update's arrival to its answer, and the peak of goroutines and
// heap while the backlog waits.
func BenchmarkBurst(b *testing.B) {
	for _, mode := range []string{"polling", "webhook"} {
		b.Run(mode, func(b *testing.B) {
			ix, _ := testIndex()
			srv := telegramtest.New(testToken)
			defer srv.Close()
			cfg := Config{Token: testToken, APIURL: srv.URL, RateLimit: 1 << 30}
			if mode == "webhook" {
				cfg.WebhookURL, cfg.WebhookSecret = "https://bot.example.org/telegram", "s"
			}
			bot, err := New(context.Background(), cfg, rag.NewEngine(ix))
			if err != nil {
				b.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); bot.Run(ctx) }()
			defer func() { stop(); <-done }()
			var web *httptest.Server
			if mode == "webhook" {
				if _, err := srv.WaitFor("setWebhook", 1, 5*time.Second); err != nil {
					b.Fatal(err)
				}
				web = httptest.NewServer(bot.Handler("/telegram"))
				defer web.Close()
			}
			pushed := make(map[string]time.Time, b.N)
			var peakG int
			var peakHeap uint64
			sample := func() {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peakG = max(peakG, runtime.NumGoroutine())
				peakHeap = max(peakHeap, ms.HeapInuse)
			}
			b.ResetTimer()
			var posts sync.WaitGroup
			// Telegram posts a bot's webhook over at most max_connections
			// (40 by default) connections at once.
			conns := make(chan struct{}, 40)
			for i := range b.N {
				chat := int64(400_000 + i)
				u := srv.PrivateText(chat, "What happened to Maks Bokaev?", "en")
				pushed[strconv.FormatInt(chat, 10)] = time.Now()
				if mode == "polling" {
					srv.Push(u)
					continue
				}
				body, _ := json.Marshal(u)
				posts.Add(1)
				conns <- struct{}{}
				go func() {
					defer posts.Done()
					defer func() { <-conns }()
					req, _ := http.NewRequest("POST", web.URL+"/telegram", bytes.NewReader(body))
					req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s")
					if resp, err := http.DefaultClient.Do(req); err == nil {
						resp.Body.Close()
					}
				}()
			}
			deadline := time.Now().Add(2 * time.Minute)
			answered := 0
			var latencies []time.Duration
			for time.Now().Before(deadline) {
				sample()
				latencies = latencies[:0]
				for _, c := range srv.Calls("sendMessage") {
					if at, ok := pushed[c.Params["chat_id"]]; ok && c.OK() {
						latencies = append(latencies, c.Time.Sub(at))
					}
				}
				if answered = len(latencies); answered >= b.N {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			posts.Wait()
			b.StopTimer()
			slices.Sort(latencies)
			b.ReportMetric(float64(b.N-answered), "lost")
			if len(latencies) > 0 {
				b.ReportMetric(float64(latencies[len(latencies)*99/100].Milliseconds()), "p99-ms")
			}
			b.ReportMetric(float64(peakG), "peak-goroutines")
			b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
		})
	}
}
