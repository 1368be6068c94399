package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Config says which server and models to use.
type Config struct {
	// APIKey is sent as a bearer token; empty sends none (Ollama, llama.cpp).
	APIKey string
	// BaseURL is the API root, such as https://api.openai.com/v1 or
	// http://localhost:11434/v1. Empty means OpenAI.
	BaseURL string
	// ChatModel writes answers; EmbedModel embeds passages and questions.
	ChatModel  string
	EmbedModel string
	// TranscribeModel turns voice messages into text (the audio
	// transcriptions endpoint).
	TranscribeModel string
	// EmbedDimensions asks for shorter vectors where the model allows it;
	// 0 keeps the model's own size.
	EmbedDimensions int
	// BatchSize is how many texts one embeddings request carries.
	BatchSize int
	// Timeout bounds each HTTP request, retries excluded.
	Timeout time.Duration
	// MaxRetries bounds the retries of a request that got a 429, a 5xx or
	// no connection.
	MaxRetries int
}

// Defaults for Config fields left zero.
const (
	DefaultChatModel  = "gpt-4.1-mini"
	DefaultEmbedModel = "text-embedding-3-small"
	// DefaultTranscribeModel is OpenAI's; a local server names its own
	// (a whisper.cpp or vLLM model).
	DefaultTranscribeModel = "whisper-1"
	DefaultBatchSize       = 128
	DefaultTimeout         = 30 * time.Second
	DefaultMaxRetries      = 3
)

// Client is a connection to one server. It is safe for concurrent use.
type Client struct {
	api      *openai.Client
	cfg      Config
	progress func(done, total int)
	observe  func(kind string, err error)
	dims     atomic.Int64 // the size of the last vectors returned
}

// Option configures a Client.
type Option func(*Client)

// WithProgress reports embedding progress after every batch.
func WithProgress(f func(done, total int)) Option {
	return func(c *Client) { c.progress = f }
}

// WithObserver reports every request, "chat" or "embeddings", with its
// error (nil on success), for metrics.
func WithObserver(f func(kind string, err error)) Option {
	return func(c *Client) { c.observe = f }
}

// withTransport sends requests through rt instead of the network, for
// tests that run in a synctest bubble.
func withTransport(rt http.RoundTripper) Option {
	return func(c *Client) { c.api = newAPI(c.cfg, rt) }
}

// New returns a client for cfg, filling zero fields with the defaults.
func New(cfg Config, opts ...Option) *Client {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.openai.com/v1"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.TranscribeModel == "" {
		cfg.TranscribeModel = DefaultTranscribeModel
	}
	if cfg.ChatModel == "" {
		cfg.ChatModel = DefaultChatModel
	}
	if cfg.EmbedModel == "" {
		cfg.EmbedModel = DefaultEmbedModel
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	c := &Client{cfg: cfg, api: newAPI(cfg, http.DefaultTransport), observe: func(string, error) {}}
	for _, o := range opts {
		o(c)
	}
	return c
}

func newAPI(cfg Config, rt http.RoundTripper) *openai.Client {
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = newHTTPClient(cfg, rt)
	return openai.NewClientWithConfig(oc)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Name identifies the embeddings this client makes: the server, the model
// and the dimensions. An index built under another name is rebuilt.
func (c *Client) Name() string {
	host := c.cfg.BaseURL
	if u, err := url.Parse(c.cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host + u.Path
	}
	dims := "native"
	if c.cfg.EmbedDimensions > 0 {
		dims = fmt.Sprint(c.cfg.EmbedDimensions)
	}
	return unsafeName.ReplaceAllString(fmt.Sprintf("openai-%s-%s-%s", c.cfg.EmbedModel, dims, host), "_")
}

// Embed returns one unit vector per text, sending BatchSize texts a request.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += c.cfg.BatchSize {
		batch := texts[start:min(start+c.cfg.BatchSize, len(texts))]
		res, err := c.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
			Input:      batch,
			Model:      openai.EmbeddingModel(c.cfg.EmbedModel),
			Dimensions: c.cfg.EmbedDimensions,
		})
		c.observe("embeddings", err)
		if err != nil {
			return nil, Describe(err, c.cfg.BaseURL)
		}
		if len(res.Data) != len(batch) {
			return nil, fmt.Errorf("embeddings: server returned %d vectors for %d texts", len(res.Data), len(batch))
		}
		vs := make([][]float32, len(batch))
		for _, d := range res.Data {
			if d.Index < 0 || d.Index >= len(batch) || vs[d.Index] != nil {
				return nil, fmt.Errorf("embeddings: server returned a bad index %d", d.Index)
			}
			vs[d.Index] = unit(d.Embedding)
		}
		out = append(out, vs...)
		if len(vs) > 0 {
			c.dims.Store(int64(len(vs[0])))
		}
		if c.progress != nil {
			c.progress(len(out), len(texts))
		}
	}
	return out, nil
}

func unit(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return v
	}
	s := float32(1 / math.Sqrt(n))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * s
	}
	return out
}

// maxAnswerTokens bounds an answer's length: a few cited sentences.
const maxAnswerTokens = 700

// chatRequest asks the chat model to answer user under system's rules.
func (c *Client) chatRequest(system, user string) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: c.cfg.ChatModel,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		MaxCompletionTokens: maxAnswerTokens,
	}
}

// Chat returns the model's reply to a system prompt and a user message.
func (c *Client) Chat(ctx context.Context, system, user string) (string, error) {
	res, err := c.api.CreateChatCompletion(ctx, c.chatRequest(system, user))
	c.observe("chat", err)
	if err != nil {
		return "", Describe(err, c.cfg.BaseURL)
	}
	if len(res.Choices) == 0 {
		return "", errors.New("chat: server returned no choices")
	}
	return res.Choices[0].Message.Content, nil
}

// ChatStream is Chat with the answer streamed: onText gets the text so far
// after each token, so that a user can watch it being written. It returns
// the whole answer.
func (c *Client) ChatStream(ctx context.Context, system, user string, onText func(string)) (string, error) {
	req := c.chatRequest(system, user)
	req.Stream = true
	stream, err := c.api.CreateChatCompletionStream(ctx, req)
	if err != nil {
		c.observe("chat", err)
		return "", Describe(err, c.cfg.BaseURL)
	}
	defer stream.Close()
	var text strings.Builder
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.observe("chat", err)
			return "", Describe(err, c.cfg.BaseURL)
		}
		for _, ch := range chunk.Choices {
			if ch.Delta.Content != "" {
				text.WriteString(ch.Delta.Content)
				onText(text.String())
			}
		}
	}
	c.observe("chat", nil)
	return text.String(), nil
}

// Check makes one small embeddings request, so that a bad key or an
// unreachable server is reported when the program starts, not at the first
// question.
// Dims returns the size of the vectors the server last returned, 0 before
// the first embedding (Check makes one).
func (c *Client) Dims() int { return int(c.dims.Load()) }

func (c *Client) Check(ctx context.Context) error {
	_, err := c.Embed(ctx, []string{"check"})
	return err
}

// Describe turns a client error into a message a person can act on, naming
// the server but never the key.
func Describe(err error, server string) error {
	if u, perr := url.Parse(server); perr == nil {
		// A password in OPENAI_BASE_URL (http://user:pw@host/v1) must not
		// reach a log or a terminal.
		server = u.Redacted()
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	status := 0
	switch {
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("the server at %s rejected the API key (HTTP %d): check OPENAI_API_KEY: %w", server, status, ErrAuth)
	case status == http.StatusNotFound:
		return fmt.Errorf("the server at %s has no such model or endpoint (HTTP 404): check OPENAI_BASE_URL and the model names: %w", server, err)
	case status == http.StatusTooManyRequests:
		return fmt.Errorf("the server at %s is rate-limiting requests (HTTP 429): %w", server, ErrUnavailable)
	case status >= 500:
		return fmt.Errorf("the server at %s failed (HTTP %d): %w", server, status, ErrUnavailable)
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("the server at %s did not answer in time: %w", server, ErrUnavailable)
	case errors.As(err, &opErr):
		return fmt.Errorf("cannot reach the server at %s: %w", server, ErrUnavailable)
	}
	return fmt.Errorf("request to %s failed: %w", server, err)
}

// Errors Describe wraps, for callers that act on the kind of failure.
var (
	// ErrAuth means the server refused the key.
	ErrAuth = errors.New("unauthorised")
	// ErrUnavailable means the server could not be reached, failed or was
	// too slow; trying again later may work.
	ErrUnavailable = errors.New("server unavailable")
)
