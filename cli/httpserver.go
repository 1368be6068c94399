package cli

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// httpLimits bound what one client can hold of the server: without them,
// a few hundred idle connections (no secret needed) use up the file
// descriptors and the bot stops answering.
type httpLimits struct {
	// ReadHeader bounds the wait for a request's headers, Read the whole
	// request, Write the response, Idle a kept-alive connection's wait for
	// the next request.
	ReadHeader, Read, Write, Idle time.Duration
	// MaxHeaderBytes bounds the request headers.
	MaxHeaderBytes int
	// MaxConns bounds the open connections; more wait to be accepted.
	MaxConns int
}

// serveLimits are the limits of `serve`: Telegram sends small webhook
// requests and keeps few connections (MAX_CONNECTIONS, 40 by default).
var serveLimits = httpLimits{
	ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second,
	MaxHeaderBytes: 16 << 10, MaxConns: 256,
}

// newHTTPServer returns a server for h with the limits, and ln limited to
// their number of connections.
func newHTTPServer(h http.Handler, ln net.Listener, lim httpLimits) (*http.Server, net.Listener) {
	return &http.Server{
		Handler: h, ReadHeaderTimeout: lim.ReadHeader, ReadTimeout: lim.Read,
		WriteTimeout: lim.Write, IdleTimeout: lim.Idle, MaxHeaderBytes: lim.MaxHeaderBytes,
	}, netutil.LimitListener(ln, lim.MaxConns)
}
