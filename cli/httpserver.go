package cli

import (
	"net"
	"net/http"
	"time"
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
	// MaxUnproven bounds those that have not carried a webhook delivery
	// (see shareListener); more are closed at once. 0 is MaxConns.
	MaxConns, MaxUnproven int
}

// serveLimits are the limits of `serve`: Telegram sends small webhook
// requests and keeps few connections (MAX_CONNECTIONS, 40 by default).
var serveLimits = httpLimits{
	ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second,
	MaxHeaderBytes: 16 << 10, MaxConns: 256, MaxUnproven: 192,
}

// newHTTPServer returns a server for h with the limits, and ln limited to
// their number of connections.
func newHTTPServer(h http.Handler, ln net.Listener, lim httpLimits) (*http.Server, net.Listener) {
	unproven := lim.MaxUnproven
	if unproven <= 0 {
		unproven = lim.MaxConns
	}
	return &http.Server{
		Handler: h, ReadHeaderTimeout: lim.ReadHeader, ReadTimeout: lim.Read,
		WriteTimeout: lim.Write, IdleTimeout: lim.Idle, MaxHeaderBytes: lim.MaxHeaderBytes,
		ConnContext: withConn,
	}, newShareListener(ln, lim.MaxConns, unproven)
}
