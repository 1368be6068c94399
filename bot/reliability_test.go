package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/rag"
	"reportbot/store"
)

// reliabilityRow is one line of TestReliability's table.
type reliabilityRow struct {
	fault                            string
	tried, answered, lost, duplicate int
}

// count fills a row from the answers each of tried chats got.
func count(srv *telegramtest.Server, fault string, first int64, tried int) reliabilityRow {
	r := reliabilityRow{fault: fault, tried: tried}
	for i := range tried {
		switch n := len(srv.Sent(first + int64(i))); {
		case n == 0:
			r.lost++
		default:
			r.answered++
			if n > 1 {
				r.duplicate++
			}
		}
	}
	return r
}

// TestReliability injects the faults the bot meets in production and counts,
// for each, the questions tried, answered, lost and answered twice. Nothing
// may be lost; an answer twice is allowed only where a stop falls between
// handling and confirming (at most the updates handled at once).
func TestReliability(t *testing.T) {
	if testing.Short() {
		t.Skip("a reliability run takes a while")
	}
	var rows []reliabilityRow
	rng := rand.New(rand.NewPCG(1, 2))

	// Bot API faults on sends: 5xx, 502, 429, refused HTML, each on the
	// first attempt of a random third of the answers. (One question at a
	// time: Telegram's faults hit a request, not a queue of them.)
	{
		h := start(t, Config{RateLimit: 1 << 30})
		faults := []telegramtest.Fault{
			telegramtest.InternalServerError(), {Code: 502, Description: "Bad Gateway"},
			telegramtest.TooManyRequests(1), telegramtest.CantParseEntities(),
		}
		const n, first = 30, 8000
		for i := range n {
			if rng.IntN(3) == 0 {
				h.srv.FailNext("sendMessage", faults[rng.IntN(len(faults))])
			}
			chat := first + int64(i)
			h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
			deadline := time.Now().Add(15 * time.Second)
			for len(h.srv.Sent(chat)) == 0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
		}
		rows = append(rows, count(h.srv, "Bot API 5xx, 502, 429 or refused HTML on a third of the sends", first, n))
	}

	// A model that fails: 500s, timeouts; answers fall back to the report.
	{
		var mu sync.Mutex
		calls := 0
		model := chatFunc(func(string) string {
			mu.Lock()
			calls++
			c := calls
			mu.Unlock()
			if c%3 == 0 {
				time.Sleep(300 * time.Millisecond) // past the answer timeout below
			}
			return "Bokaev was jailed [1]."
		})
		h := start(t, Config{RateLimit: 1 << 30}, rag.WithChat(model), rag.WithAnswerTimeout(100*time.Millisecond))
		const n, first = 30, 8100
		for i := range n {
			h.srv.Push(h.srv.PrivateText(first+int64(i), "What happened to Maks Bokaev?", "en"))
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) && count(h.srv, "", first, n).answered < n {
			time.Sleep(50 * time.Millisecond)
		}
		rows = append(rows, count(h.srv, "model times out on a third of answers", first, n))
	}

	// Stops inside a polling backlog, then a restart: without a database,
	// and with one, whose inbox takes the backlog at once and keeps what a
	// stop leaves for the next process.
	rows = append(rows, stopsInABacklog(t, false, 8200), stopsInABacklog(t, true, 8600))

	// A stop inside a webhook backlog: what got 200 was answered; the rest
	// Telegram sends again, here to a second process.
	{
		ix, _ := testIndex()
		srv := telegramtest.New(testToken)
		defer srv.Close()
		slow := chatFunc(func(string) string { time.Sleep(20 * time.Millisecond); return "Bokaev was jailed [1]." })
		const n, first = 100, 8400
		cfg := Config{Token: testToken, APIURL: srv.URL, WebhookURL: "https://bot.example.org/telegram", WebhookSecret: "s",
			MaxConcurrent: 4, RateLimit: 1 << 30}
		pending := make([]int, n)
		for i := range pending {
			pending[i] = i
		}
		for round, stopAfter := range []time.Duration{150 * time.Millisecond, 20 * time.Second} {
			b, err := New(context.Background(), cfg, rag.NewEngine(ix, rag.WithChat(slow)), unpaced())
			if err != nil {
				t.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); b.Run(ctx) }()
			if _, err := srv.WaitFor("setWebhook", round+1, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			web := httptest.NewServer(b.Handler("/telegram"))
			var mu sync.Mutex
			var again []int
			var wg sync.WaitGroup
			conns := make(chan struct{}, 40)
			for _, i := range pending {
				wg.Add(1)
				conns <- struct{}{}
				go func() {
					defer wg.Done()
					defer func() { <-conns }()
					body, _ := json.Marshal(srv.PrivateText(first+int64(i), "What happened to Maks Bokaev?", "en"))
					req, _ := http.NewRequest("POST", web.URL+"/telegram", bytes.NewReader(body))
					req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "s")
					resp, err := http.DefaultClient.Do(req)
					if err == nil {
						resp.Body.Close()
					}
					if err != nil || resp.StatusCode != http.StatusOK {
						mu.Lock()
						again = append(again, i) // Telegram would send it again
						mu.Unlock()
					}
				}()
				if round == 0 && i == n/2 {
					time.Sleep(stopAfter)
					stop()
				}
			}
			wg.Wait()
			stop()
			<-done
			web.Close()
			pending = again
		}
		rows = append(rows, count(srv, "a stop inside a 100-update webhook backlog, then a new process", first, n))
	}

	var table strings.Builder
	fmt.Fprintf(&table, "\n%-66s %6s %9s %5s %10s\n", "fault", "tried", "answered", "lost", "duplicated")
	for _, r := range rows {
		fmt.Fprintf(&table, "%-66s %6d %9d %5d %10d\n", r.fault, r.tried, r.answered, r.lost, r.duplicate)
		if r.lost > 0 {
			t.Errorf("%s: %d of %d lost", r.fault, r.lost, r.tried)
		}
	}
	t.Log(table.String())
}

// stopsInABacklog stops a bot twice inside a 200-update polling backlog,
// then lets a third run finish it, with a database or without, and counts
// what each chat got.
func stopsInABacklog(t *testing.T, stored bool, first int64) reliabilityRow {
	ix, _ := testIndex()
	srv := telegramtest.New(testToken)
	defer srv.Close()
	dir := t.TempDir()
	slow := chatFunc(func(string) string { time.Sleep(20 * time.Millisecond); return "Bokaev was jailed [1]." })
	const n, workers = 200, 4
	for i := range n {
		srv.Push(srv.PrivateText(first+int64(i), "What happened to Maks Bokaev?", "en"))
	}
	for _, stopAfter := range []time.Duration{200 * time.Millisecond, 300 * time.Millisecond, 10 * time.Second} {
		var opts []Option
		var st *store.Store
		if stored {
			st = openStore(t, dir)
			opts = append(opts, WithStore(st))
		}
		b, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, MaxConcurrent: workers, RateLimit: 1 << 30},
			rag.NewEngine(ix, rag.WithChat(slow)), append(opts, unpaced())...)
		if err != nil {
			t.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); b.Run(ctx) }()
		deadline := time.Now().Add(stopAfter)
		for time.Now().Before(deadline) && count(srv, "", first, n).answered < n {
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		<-done
		if st != nil {
			st.Close() // as serve does once the bot has stopped
		}
	}
	fault := "two stops inside a 200-update polling backlog, then a restart"
	if stored {
		fault = "the same, the backlog taken into the database's inbox"
	}
	r := count(srv, fault, first, n)
	if r.duplicate > 2*workers {
		t.Errorf("%s: %d answered twice, more than the updates in flight at two stops", fault, r.duplicate)
	}
	return r
}
