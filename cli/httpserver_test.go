package cli

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestIdleConnectionsCannotStopTheServer holds every connection the server
// allows open without sending a request, as a flood of idle clients would,
// and checks that a real request is still answered once the server has
// timed them out.
func TestIdleConnectionsCannotStopTheServer(t *testing.T) {
	lim := httpLimits{ReadHeader: 200 * time.Millisecond, Read: time.Second, Write: time.Second,
		Idle: 200 * time.Millisecond, MaxHeaderBytes: 1 << 10, MaxConns: 4}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, ln := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok")
	}), ln, lim)
	go srv.Serve(ln)
	defer srv.Close()
	for range lim.MaxConns {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	client := &http.Client{Timeout: 5 * time.Second}
	start := time.Now()
	resp, err := client.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatalf("with %d idle connections the server answers nothing: %v", lim.MaxConns, err)
	}
	resp.Body.Close()
	if waited := time.Since(start); waited > 3*time.Second {
		t.Errorf("a request waited %v behind idle connections", waited)
	}

	// A request with headers over the limit is refused, not read.
	req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/", nil)
	req.Header.Set("X-Big", string(make([]byte, 8<<10)))
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("an 8 KiB header got %d", resp.StatusCode)
		}
	}
}
