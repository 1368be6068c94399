package bot

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/rag"
)

// TestAProcessKilledAfterTakingUpdatesLosesNone lets a bot with a database
// take twenty updates, which Telegram then counts as delivered, and dies
// before it answers any: its sends hang and its database is closed from
// under it, as a kill -9 leaves them. A second process on the same data
// folder answers every one of them, once.
func TestAProcessKilledAfterTakingUpdatesLosesNone(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.New(testToken)
	defer srv.Close()
	dir := t.TempDir()
	const n, first = 20, 9100
	var ids []int64
	for i := range n {
		srv.SlowChat(first+int64(i), time.Hour) // the first process never gets a reply out
		ids = append(ids, srv.Push(srv.PrivateText(first+int64(i), "What happened to Maks Bokaev?", "en")))
	}

	// The first process reaches Telegram through a line that is cut at
	// the kill: nothing it does afterwards gets out.
	var killed atomic.Bool
	target, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	line := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if killed.Load() {
			http.Error(w, "dead", http.StatusBadGateway)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer line.Close()
	dead := openStore(t, dir)
	b1, err := New(context.Background(), Config{Token: testToken, APIURL: line.URL, RateLimit: 1 << 30}, rag.NewEngine(ix), WithStore(dead), unpaced())
	if err != nil {
		t.Fatal(err)
	}
	go b1.Run(context.Background()) // never stopped: it is killed
	if !srv.WaitConfirmed(ids[n-1], 10*time.Second) {
		t.Fatal("the first process did not take the updates")
	}
	killed.Store(true)
	line.CloseClientConnections() // its sends in flight die with it
	dead.Close()
	// The cut reaches each request the line had passed on as its
	// connection's close is noticed; only then are the chats fast again.
	time.Sleep(300 * time.Millisecond)
	for i := range n {
		srv.SlowChat(first+int64(i), 0)
	}

	st := openStore(t, dir)
	b2, err := New(context.Background(), Config{Token: testToken, APIURL: srv.URL, RateLimit: 1 << 30}, rag.NewEngine(ix), WithStore(st), unpaced())
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); b2.Run(ctx) }()
	defer func() { stop(); <-done }()
	r := reliabilityRow{}
	eventually(20*time.Second, func() bool { r = count(srv, "", first, n); return r.answered == n })
	if r.lost > 0 || r.duplicate > 0 {
		t.Errorf("of %d updates taken by a killed process, %d lost and %d answered twice", n, r.lost, r.duplicate)
	}
}
