package llm

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Retry waits: exponential from retryWaitMin to retryWaitMax, or what the
// server asks for with Retry-After, up to maxRetryAfter: a server asking
// for more is down for longer than a question or an ingest should wait.
const (
	retryWaitMin  = 500 * time.Millisecond
	retryWaitMax  = 10 * time.Second
	maxRetryAfter = 2 * time.Minute
)

// newHTTPClient returns the client go-openai sends through: each attempt
// bounded by cfg.Timeout, so that one slow attempt does not use up the
// time of the retries after it, and up to cfg.MaxRetries retries of a 429,
// a 5xx or a failed connection. The caller's context bounds the whole.
func newHTTPClient(cfg Config, rt http.RoundTripper) *http.Client {
	rc := &retryablehttp.Client{
		HTTPClient:   &http.Client{Transport: rt, Timeout: cfg.Timeout},
		RetryWaitMin: retryWaitMin,
		RetryWaitMax: retryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		// The last answer goes back to go-openai as it came, so that a
		// 429 or a 500 is reported as one rather than as "giving up".
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return rc.StandardClient()
}

// checkRetry retries what may pass: a 429 or a 5xx answer, or any failed
// attempt (a refused connection, one attempt's timeout), but not after the
// caller's own context ended, and not when the server asks for a wait the
// caller's deadline does not leave: the caller falls back at once.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, nil
	}
	if err == nil && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
		return false, nil
	}
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			if dl, has := ctx.Deadline(); has && time.Until(dl) < d {
				return false, nil
			}
		}
	}
	return true, nil
}

// backoff is Retry-After when the server gives one, else an exponential
// delay with equal jitter: half the delay fixed, half random, so that
// retries never come at once.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return min(d, maxRetryAfter)
		}
	}
	d := lo << attempt
	if d <= 0 || d > hi {
		d = hi
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
