package cli

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// The public port serves Telegram first. Anyone may open a connection to
// it, so a connection counts as unproven until it has carried a webhook
// delivery with the right secret; unproven connections get only a share
// of the server's connections, the oldest making room for new ones, and
// are closed after each response instead of being kept alive. Telegram's kept-alive connections are then never
// crowded out by a flood of idle or health-check clients, and a flood
// cannot hold more than its share.

// shareListener limits a listener to max open connections, of which at
// most unproven have not yet been proven (see prove). Past that, the
// oldest unproven connection is closed to make room: it has had its turn,
// and a flood of new connections then evicts its own, while Telegram's,
// which sends its delivery as soon as it connects, is proven by then.
type shareListener struct {
	net.Listener
	slots  chan struct{}
	mu     sync.Mutex
	oldest []*sharedConn // unproven connections, oldest first
	limit  int
}

func newShareListener(ln net.Listener, max, unproven int) *shareListener {
	return &shareListener{Listener: ln, slots: make(chan struct{}, max), limit: unproven}
}

func (l *shareListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	sc := &sharedConn{Conn: c, l: l}
	l.mu.Lock()
	var evict *sharedConn
	if len(l.oldest) >= l.limit {
		evict = l.oldest[0]
	}
	l.oldest = append(l.oldest, sc)
	l.mu.Unlock()
	if evict != nil {
		evict.Close()
	}
	return sc, nil
}

// forget takes c out of the unproven list.
func (l *shareListener) forget(c *sharedConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, o := range l.oldest {
		if o == c {
			l.oldest = append(l.oldest[:i], l.oldest[i+1:]...)
			return
		}
	}
}

// sharedConn is a connection of a shareListener.
type sharedConn struct {
	net.Conn
	l      *shareListener
	proven atomic.Bool
	closed sync.Once
}

// prove moves the connection out of the unproven share.
func (c *sharedConn) prove() {
	if c.proven.CompareAndSwap(false, true) {
		c.l.forget(c)
	}
}

func (c *sharedConn) Close() error {
	err := c.Conn.Close()
	c.closed.Do(func() {
		if !c.proven.Load() {
			c.l.forget(c)
		}
		<-c.l.slots
	})
	return err
}

// connKey carries a request's connection in its context (see
// http.Server.ConnContext).
type connKey struct{}

// withConn is the server's ConnContext.
func withConn(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// proveConn marks the connection of a request as proven.
func proveConn(r *http.Request) bool {
	c, ok := r.Context().Value(connKey{}).(*sharedConn)
	if ok {
		c.prove()
	}
	return ok
}

// statusWriter records the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// clientOf is who sent a request: behind Fly's proxy every connection
// comes from the proxy, and the client is in Fly-Client-IP.
func clientOf(r *http.Request) string {
	if client := r.Header.Get("Fly-Client-IP"); client != "" {
		return client
	}
	client, _, _ := net.SplitHostPort(r.RemoteAddr)
	return client
}
