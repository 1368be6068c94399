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
	b.Run("memory", func(b *testing.B) { questionsThroughTelegram(b, 0, false) })
	b.Run("inbox", func(b *testing.B) { questionsThroughTelegram(b, 0, true) })
}

// BenchmarkQuestionsWithSlowChats is BenchmarkQuestionsThroughTelegram with
// one chat in a hundred whose every call Telegram answers a second late:
// the others must not wait for it. Without a database the offset cannot
// pass an update not handled, so at most 100 updates are handled past a
// slow one; with one, the inbox takes every update at once.
func BenchmarkQuestionsWithSlowChats(b *testing.B) {
	b.Run("memory", func(b *testing.B) { questionsThroughTelegram(b, 100, false) })
	b.Run("inbox", func(b *testing.B) { questionsThroughTelegram(b, 100, true) })
}

// questionsThroughTelegram runs the two benchmarks above; every slowEvery-th
// chat is a second slow (none for 0); stored keeps updates in a database's
// inbox.
func questionsThroughTelegram(b *testing.B, slowEvery int, stored bool) {
	var opts []Option
	if stored {
		opts = append(opts, WithStore(openStore(b, b.TempDir())))
	}
	h := startWith(b, Config{RateLimit: 1 << 30}, opts)
	questions := []string{
		"What happened to Maks Bokaev?",
		"Что случилось с Максом Бокаевым?",
		"Қазақстанда жұмысшылардың ереуілге шығу құқығы бар ма?",
		"What did the UN Subcommittee on the Prevention of Torture find?",
	}
	pushed := make(map[string]time.Time, b.N)
	slow := 0
	b.ResetTimer()
	begin := time.Now()
	for i := range b.N {
		chat := int64(100_000 + i)
		if slowEvery > 0 && i%slowEvery == slowEvery/2 {
			// The slow chats' own answers take a second; what is
			// measured is everyone else's, asked among them.
			h.srv.SlowChat(chat, time.Second)
			slow++
		} else {
			pushed[strconv.FormatInt(chat, 10)] = time.Now()
		}
		h.srv.Push(h.srv.PrivateText(chat, questions[i%len(questions)], "en"))
	}
	var latencies []time.Duration
	deadline := time.Now().Add(time.Minute)
	for len(latencies) < b.N-slow && time.Now().Before(deadline) {
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
	if len(latencies) < b.N-slow {
		b.Fatalf("%d of %d questions answered", len(latencies), b.N-slow)
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(b.N-slow)/elapsed.Seconds(), "questions/s")
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

// BenchmarkBacklog starts the bot on a backlog of 20,000 updates waiting at
// Telegram (b.N times) and reports the most updates it held in memory at
// once, and the peak heap of the whole process over what it was before the
// bot started (the fake Bot API's record of every call included): Telegram
// keeps what the bot has not taken, and the bot takes at most one
// getUpdates' worth past the oldest unhandled (in memory) or maxInbox
// (with a database).
func BenchmarkBacklog(b *testing.B) {
	for _, stored := range []bool{false, true} {
		name := map[bool]string{false: "memory", true: "inbox"}[stored]
		b.Run(name, func(b *testing.B) {
			const backlog = 20_000
			var peak uint64
			held := 0
			var elapsed time.Duration
			for range b.N {
				srv := telegramtest.New(testToken)
				for i := range backlog {
					srv.Push(srv.PrivateText(int64(300_000+i%5000), "/help", "en"))
				}
				ix, err := testIndex()
				if err != nil {
					b.Fatal(err)
				}
				var opts []Option
				if stored {
					opts = append(opts, WithStore(openStore(b, b.TempDir())))
				}
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				bot, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, RateLimit: 1 << 30}, rag.NewEngine(ix), append(opts, unpaced())...)
				if err != nil {
					b.Fatal(err)
				}
				ctx, stop := context.WithCancel(context.Background())
				done := make(chan struct{})
				begin := time.Now()
				go func() { defer close(done); bot.Run(ctx) }()
				var ms runtime.MemStats
				for len(srv.Calls("sendMessage")) < backlog {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse-min(ms.HeapInuse, base.HeapInuse))
					held = max(held, queued(bot.queue))
					time.Sleep(20 * time.Millisecond)
				}
				elapsed += time.Since(begin)
				stop()
				<-done
				srv.Close()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-over-start-MB")
			b.ReportMetric(float64(held), "most-updates-held")
			b.ReportMetric(float64(backlog*b.N)/elapsed.Seconds(), "updates/s")
		})
	}
}

// BenchmarkStopUnderLoad stops a bot with a model that never answers in the
// middle of a 500-question backlog (16 answers in flight) and reports how
// long Run takes to return: the answers in flight get the offline answer
// at once, so the stop is far inside fly.toml's kill_timeout.
func BenchmarkStopUnderLoad(b *testing.B) {
	ix, err := testIndex()
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for range b.N {
		srv := telegramtest.New(testToken)
		chat := slowChat{started: make(chan struct{}, 1000), release: make(chan struct{})}
		bot, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, RateLimit: 1 << 30},
			rag.NewEngine(ix, rag.WithChat(chat), rag.WithAnswerTimeout(time.Hour)), unpaced())
		if err != nil {
			b.Fatal(err)
		}
		for i := range 500 {
			srv.Push(srv.PrivateText(int64(400_000+i), "What happened to Maks Bokaev?", "en"))
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); bot.Run(ctx) }()
		for range DefaultMaxConcurrent {
			<-chat.started
		}
		begin := time.Now()
		stop()
		<-done
		total += time.Since(begin)
		srv.Close()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "stop-ms")
}

// queued returns how many jobs a queue holds, queued or running.
func queued(q *chatQueue) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, jobs := range q.jobs {
		n += len(jobs)
	}
	return n
}
