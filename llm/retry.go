package llm

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryTransport retries requests that failed for a reason that may pass: a
// 429 or a 5xx answer, or a connection that could not be made. It honours
// Retry-After, backs off exponentially with jitter otherwise, gives up after
// a bounded number of retries, and never waits past the request's deadline.
type retryTransport struct {
	base       http.RoundTripper
	maxRetries int
	minBackoff time.Duration
	maxBackoff time.Duration
	// sleep waits for d or until ctx ends; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RoundTrip implements http.RoundTripper.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.Body != nil {
			if req.GetBody == nil {
				return nil, errors.New("llm: cannot retry a request whose body cannot be read again")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		resp, err := t.base.RoundTrip(req)
		if attempt >= t.maxRetries || !retryable(resp, err) || req.Context().Err() != nil {
			return resp, err
		}
		wait := t.backoff(attempt, resp)
		if dl, ok := req.Context().Deadline(); ok && time.Until(dl) < wait {
			// Waiting would outlive the caller: let it fall back now.
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// retryable reports whether an attempt may succeed if tried again. Any
// transport error may (a refused connection, one attempt's timeout); the
// caller's own cancellation is checked apart.
func retryable(resp *http.Response, err error) bool {
	if err != nil {
		return true
	}
	return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
}

// maxRetryAfter bounds the wait a server may ask for: one asking for more
// is down for longer than a question or an ingest should wait.
const maxRetryAfter = 2 * time.Minute

// backoff is Retry-After when the server gives one (the caller's deadline
// bounds it, see RoundTrip), else an exponential delay with equal jitter:
// half the delay fixed, half random, so that retries never come at once.
func (t *retryTransport) backoff(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return min(d, maxRetryAfter)
		}
	}
	d := t.minBackoff << attempt
	if d <= 0 || d > t.maxBackoff {
		d = t.maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0), true
	}
	return 0, false
}
