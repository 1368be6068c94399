package digest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"reportbot/store"
	"reportbot/store/storetest"
)

// Several machines deliver the digest from one PostgreSQL database. The
// test runs each deliverer as a process of its own, this test binary run
// again (see TestMain), so that one can be killed with SIGKILL between any
// two of its steps.

// delivererEnv names, in a deliverer process, its database, the sink its
// sends go to, and its name.
const (
	delivererDB   = "REPORTBOT_TEST_DELIVERER_DB"
	delivererSink = "REPORTBOT_TEST_DELIVERER_SINK"
	delivererName = "REPORTBOT_TEST_DELIVERER_NAME"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(delivererDB); url != "" {
		os.Exit(deliverer(url, os.Getenv(delivererSink), os.Getenv(delivererName)))
	}
	os.Exit(m.Run())
}

// deliverer runs the digest as serve does, every half second, with a
// short lease, until it is killed.
func deliverer(url, sink, name string) int {
	ctx := context.Background()
	st, err := store.OpenURL(ctx, url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ix, err := testIndex()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	d := New(st, ix, sinkSender{url: sink, name: name}, WithHolder(name))
	d.leaseTTL, d.every, d.interval = 2*time.Second, 500*time.Millisecond, 2*time.Millisecond
	d.Run(ctx)
	return 0
}

// sinkSender sends an excerpt to the test's sink, as a bot sends it to
// Telegram.
type sinkSender struct{ url, name string }

func (s sinkSender) SendExcerpt(ctx context.Context, chat int64, _ Excerpt) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"?chat="+strconv.FormatInt(chat, 10)+"&by="+s.name, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return strconv.Atoi(string(body))
}

// sink records what the deliverers sent, as Telegram would show it: each
// chat's messages, and who sent the last one.
type sink struct {
	mu   sync.Mutex
	got  map[int64]int
	n    int
	last string
	// by is who sent, in order: one deliverer at a time paces for all.
	by []string
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	chat, _ := strconv.ParseInt(r.URL.Query().Get("chat"), 10, 64)
	s.mu.Lock()
	s.got[chat]++
	s.n++
	s.last = r.URL.Query().Get("by")
	s.by = append(s.by, s.last)
	n := s.n
	s.mu.Unlock()
	fmt.Fprint(w, n)
}

func (s *sink) state() (n int, last string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n, s.last
}

// TestThreeMachinesOneKilledEveryDigestOnce has three deliverer processes
// share one PostgreSQL database with 1,000 subscribers due now, and kills
// the one delivering with SIGKILL in the middle of its run. Another takes
// the lease when it lapses and delivers the rest: no chat gets two
// digests, and none is left without one but those whose send the kill cut
// off, which are recorded as unknown rather than sent twice. One machine
// sends at a time, so the pace holds for the bot as a whole.
func TestThreeMachinesOneKilledEveryDigestOnce(t *testing.T) {
	url := storetest.URL(t)
	ctx := context.Background()
	st, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const subscribers = 1000
	hour := time.Now().UTC().Hour()
	for chat := range int64(subscribers) {
		if err := st.SaveSubscription(ctx, store.Subscription{ChatID: chat + 1, Hour: hour, TZ: "UTC", Lang: []string{"en", "ru", "kk"}[chat%3]}); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Subscribed two days ago, so that today's digest is due now.
	if _, err := db.ExecContext(ctx, `UPDATE subscriptions SET created_at = $1`, time.Now().Add(-48*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}

	sk := &sink{got: map[int64]int{}}
	srv := httptest.NewServer(sk)
	defer srv.Close()
	procs := map[string]*exec.Cmd{}
	for i := range 3 {
		name := "m" + strconv.Itoa(i)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), delivererDB+"="+url, delivererSink+"="+srv.URL, delivererName+"="+name)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[name] = cmd
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	}

	// Kill the one delivering once a quarter has gone out.
	deadline := time.Now().Add(2 * time.Minute)
	var killed string
	for killed == "" {
		if time.Now().After(deadline) {
			t.Fatal("no deliverer sent a quarter of the digests in time")
		}
		if n, last := sk.state(); n >= subscribers/4 {
			killed = last
			procs[killed].Process.Signal(syscall.SIGKILL)
			procs[killed].Wait()
		}
		time.Sleep(5 * time.Millisecond)
	}
	sentAtKill, _ := sk.state()

	// The rest goes out once the lease lapses and the killed claims are
	// settled.
	var pending, sent, unknown int
	for {
		if time.Now().After(deadline) {
			t.Fatalf("after the kill: %d sent, %d unknown, %d pending of %d", sent, unknown, pending, subscribers)
		}
		err := db.QueryRowContext(ctx, `SELECT
			COUNT(*) FILTER (WHERE status = 'pending'),
			COUNT(*) FILTER (WHERE status = 'sent'),
			COUNT(*) FILTER (WHERE status = 'unknown') FROM deliveries`).Scan(&pending, &sent, &unknown)
		if err != nil {
			t.Fatal(err)
		}
		if pending == 0 && sent+unknown == subscribers {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	sk.mu.Lock()
	defer sk.mu.Unlock()
	duplicates, lost := 0, 0
	for chat := range int64(subscribers) {
		switch n := sk.got[chat+1]; {
		case n > 1:
			duplicates++
		case n == 0:
			lost++
		}
	}
	t.Logf("killed %s after %d sends; %d sent, %d unknown; %d duplicates, %d without a digest", killed, sentAtKill, sent, unknown, duplicates, lost)
	if duplicates > 0 {
		t.Errorf("%d chats got their digest twice", duplicates)
	}
	if lost > unknown {
		t.Errorf("%d chats got no digest, %d of them not even recorded as unknown", lost, lost-unknown)
	}
	// One deliverer at a time: each one's sends are of one stretch, so
	// the broadcast limit is the bot's, not each machine's.
	done := map[string]bool{}
	for i, by := range sk.by {
		if i > 0 && by != sk.by[i-1] {
			done[sk.by[i-1]] = true
		}
		if done[by] {
			t.Fatalf("%s sent again after another deliverer had taken over (send %d)", by, i)
		}
	}
	if unknown > senders {
		t.Errorf("%d digests unknown: more than the %d a kill can cut off", unknown, senders)
	}
}
