package llm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"reportbot/llm/llmtest"
)

// handlerTransport serves requests with the fake server's handler in
// memory, so that a test in a synctest bubble waits on its fake clock.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.h.ServeHTTP(rec, req)
	}()
	select {
	case <-done:
		return rec.Result(), nil
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
}

func newTestClient(t *testing.T, srv *llmtest.Server, cfg Config) *Client {
	t.Helper()
	cfg.BaseURL = srv.BaseURL()
	return New(cfg, withTransport(handlerTransport{srv.Config.Handler}))
}

func TestEmbedSendsBatchesAndKeepsOrder(t *testing.T) {
	srv := llmtest.New()
	defer srv.Close()
	c := newTestClient(t, srv, Config{BatchSize: 10})
	texts := make([]string, 25)
	for i := range texts {
		texts[i] = fmt.Sprintf("passage number %d about topic %d", i, i%3)
	}
	var progress []int
	c.progress = func(done, total int) { progress = append(progress, done) }
	vs, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if srv.EmbedCalls() != 3 || srv.EmbedInputs() != 25 {
		t.Errorf("%d requests with %d inputs, want 3 with 25", srv.EmbedCalls(), srv.EmbedInputs())
	}
	if fmt.Sprint(progress) != "[10 20 25]" {
		t.Errorf("progress %v, want [10 20 25]", progress)
	}
	// The fake answers each batch in reverse; the client must sort by index.
	again, _ := c.Embed(context.Background(), texts[7:8])
	for i := range vs[7] {
		if vs[7][i] != again[0][i] {
			t.Fatal("vector 7 is not the vector of text 7")
		}
	}
	for i, v := range vs {
		var n float64
		for _, x := range v {
			n += float64(x) * float64(x)
		}
		if math.Abs(n-1) > 1e-4 {
			t.Errorf("vector %d has squared norm %f", i, n)
		}
	}
}

// The retry tests run in a synctest bubble: the waits pass on its fake
// clock, and the time a call took is the sum of its waits.

func TestRetriesHonourRetryAfterAndAreBounded(t *testing.T) {
	// The server is started outside the bubble: its listener is real.
	srv := llmtest.New()
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		c := newTestClient(t, srv, Config{MaxRetries: 2})

		start := time.Now()
		srv.FailNext(llmtest.Fault{Status: 429, RetryAfter: 3}, llmtest.Fault{Status: 503})
		if _, err := c.Embed(context.Background(), []string{"x"}); err != nil {
			t.Fatalf("two faults within two retries: %v", err)
		}
		// 3 s as asked, then the second backoff: 0.5 to 1 s.
		if took := time.Since(start); took < 3500*time.Millisecond || took > 4*time.Second {
			t.Errorf("took %s, want 3s (Retry-After) and a backoff of 0.5-1s", took)
		}

		// A server that asks for 30 s gets 30 s, not a shorter wait that
		// would only be refused again.
		start = time.Now()
		srv.FailNext(llmtest.Fault{Status: 429, RetryAfter: 30})
		if _, err := c.Embed(context.Background(), []string{"x"}); err != nil || time.Since(start) != 30*time.Second {
			t.Errorf("Retry-After 30: took %s (%v), want 30s", time.Since(start), err)
		}

		srv.FailNext(llmtest.Fault{Status: 500}, llmtest.Fault{Status: 500}, llmtest.Fault{Status: 500})
		_, err := c.Embed(context.Background(), []string{"x"})
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "HTTP 500") {
			t.Errorf("three 500s: err = %v, want ErrUnavailable naming HTTP 500", err)
		}
	})
}

func TestRetryDoesNotOutliveTheCallersDeadline(t *testing.T) {
	// The server is started outside the bubble: its listener is real.
	srv := llmtest.New()
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		c := newTestClient(t, srv, Config{MaxRetries: 3})
		srv.FailNext(llmtest.Fault{Status: 429, RetryAfter: 60})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.Chat(ctx, "system", "user")
		if !errors.Is(err, ErrUnavailable) || time.Since(start) != 0 {
			t.Errorf("err = %v after %s; want an immediate rate-limit error", err, time.Since(start))
		}
	})
}

func TestSlowAttemptTimesOutAndIsRetried(t *testing.T) {
	// The server is started outside the bubble: its listener is real.
	srv := llmtest.New()
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		srv.Reply = func(llmtest.ChatRequest) string { return "fine" }
		c := newTestClient(t, srv, Config{Timeout: 100 * time.Millisecond, MaxRetries: 1})
		srv.FailNext(llmtest.Fault{Delay: time.Second})
		got, err := c.Chat(context.Background(), "s", "u")
		if err != nil || got != "fine" {
			t.Errorf("got %q, %v; want the retried answer", got, err)
		}
	})
}

// TestAServerThatNeverAnswersInTimeIsSaidToBeSlow: when every attempt
// times out, the user reads that the server did not answer in time, not a
// transport error.
func TestAServerThatNeverAnswersInTimeIsSaidToBeSlow(t *testing.T) {
	srv := llmtest.New()
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		c := newTestClient(t, srv, Config{Timeout: 100 * time.Millisecond, MaxRetries: 1})
		srv.FailNext(llmtest.Fault{Delay: time.Second}, llmtest.Fault{Delay: time.Second})
		_, err := c.Chat(context.Background(), "s", "u")
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "did not answer in time") {
			t.Errorf("err = %v, want ErrUnavailable saying the server did not answer in time", err)
		}
	})
}

func TestStartUpErrorsAreClearAndHideTheKey(t *testing.T) {
	srv := llmtest.New()
	defer srv.Close()
	srv.Key = "right-key"
	c := newTestClient(t, srv, Config{APIKey: "sk-secret-wrong"})
	err := c.Check(context.Background())
	if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "rejected the API key") {
		t.Errorf("bad key: %v", err)
	}
	if strings.Contains(err.Error(), "sk-secret-wrong") {
		t.Error("the error shows the key")
	}

	down := llmtest.New()
	url := down.BaseURL()
	down.Close()
	c = New(Config{BaseURL: url, MaxRetries: 1})
	err = c.Check(context.Background())
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("server down: %v", err)
	}
}

func TestNameChangesWithModelDimensionsAndServer(t *testing.T) {
	a := New(Config{EmbedModel: "m1"}).Name()
	for _, other := range []Config{
		{EmbedModel: "m2"},
		{EmbedModel: "m1", EmbedDimensions: 256},
		{EmbedModel: "m1", BaseURL: "http://localhost:11434/v1"},
	} {
		if New(other).Name() == a {
			t.Errorf("%+v has the name of the default", other)
		}
	}
	if strings.ContainsAny(a, "/:") {
		t.Errorf("name %q is not safe in a file name", a)
	}
}

func TestErrorsNeverShowThePasswordInTheServerURL(t *testing.T) {
	for _, err := range []error{
		&openai.APIError{HTTPStatusCode: 401},
		&openai.APIError{HTTPStatusCode: 503},
		errors.New("boom"),
	} {
		got := Describe(err, "http://user:s3cretpw@llm.internal:8080/v1").Error()
		if strings.Contains(got, "s3cretpw") || !strings.Contains(got, "llm.internal") {
			t.Errorf("Describe says %q", got)
		}
	}
}
