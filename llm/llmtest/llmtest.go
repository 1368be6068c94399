package llmtest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Fault is an error the server answers with instead of a result.
type Fault struct {
	// Status is the HTTP status, such as 429 or 500.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header in seconds.
	RetryAfter int
	// Delay holds the answer back, to make a client time out.
	Delay time.Duration
}

// Recording is what a transcription request carried.
type Recording struct {
	Model, Name, Language string
	Audio                 []byte
}

// ChatRequest is what a chat completion request carried.
type ChatRequest struct {
	Model  string
	System string
	User   string
}

// Server is a fake OpenAI-compatible API. Set its fields before use; read
// its counters with the methods, which are safe while requests run.
type Server struct {
	*httptest.Server
	// Key, when set, is the only bearer token accepted; others get 401.
	Key string
	// Dims is the size of the embeddings it returns (default 64).
	Dims int
	// Reply writes the chat answer to a request (default: an empty reply).
	Reply func(ChatRequest) string
	// TokenDelay paces a streamed reply: the wait before each token.
	TokenDelay time.Duration
	// Transcript is what is heard in a recording (default: nothing).
	Transcript func(Recording) string

	mu          sync.Mutex
	faults      []Fault
	embedCalls  int
	embedInputs int
	chats       []ChatRequest
	recordings  []Recording
	firstToken  []time.Time
}

// New starts a fake server; stop it with Close.
func New() *Server {
	s := &Server{Dims: 64}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/audio/transcriptions", s.transcribe)
	s.Server = httptest.NewServer(mux)
	return s
}

// BaseURL is the API root to give the client.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// FailNext makes the next requests, one each, answer with these faults.
func (s *Server) FailNext(f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f...)
}

// EmbedCalls returns how many embeddings requests succeeded.
func (s *Server) EmbedCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedCalls
}

// EmbedInputs returns how many texts those requests carried.
func (s *Server) EmbedInputs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedInputs
}

// Recordings returns the transcription requests that were answered, in
// order.
func (s *Server) Recordings() []Recording {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recording(nil), s.recordings...)
}

// Chats returns the chat requests that were answered, in order.
func (s *Server) Chats() []ChatRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ChatRequest(nil), s.chats...)
}

// fault takes the next queued fault and answers with it; it reports whether
// it did.
func (s *Server) fault(w http.ResponseWriter, r *http.Request) bool {
	if s.Key != "" && r.Header.Get("Authorization") != "Bearer "+s.Key {
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided")
		return true
	}
	s.mu.Lock()
	if len(s.faults) == 0 {
		s.mu.Unlock()
		return false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	s.mu.Unlock()
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	if f.Status == 0 {
		return false
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	writeError(w, f.Status, http.StatusText(f.Status))
	return true
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"error": map[string]any{"message": msg, "type": "fake_error", "code": status},
	})
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, r) {
		return
	}
	var req struct {
		Input      []string `json:"input"`
		Model      string   `json:"model"`
		Dimensions int      `json:"dimensions"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Input) == 0 {
		writeError(w, http.StatusBadRequest, "input must be a non-empty list of strings")
		return
	}
	dims := s.Dims
	if req.Dimensions > 0 {
		dims = req.Dimensions
	}
	data := make([]map[string]any, len(req.Input))
	// Answer in reverse order: clients must sort by index.
	for i := range req.Input {
		j := len(req.Input) - 1 - i
		data[i] = map[string]any{"object": "embedding", "index": j, "embedding": vector(req.Input[j], dims)}
	}
	s.mu.Lock()
	s.embedCalls++
	s.embedInputs += len(req.Input)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": 1, "total_tokens": 1},
	})
}

// vector embeds text as hashed lower-case words, so that texts sharing words
// are similar, like a real model's vectors but not as good.
func vector(text string, dims int) []float32 {
	v := make([]float32, dims)
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%uint32(dims)]++
	}
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		v[0] = 1
		return v
	}
	for i := range v {
		v[i] /= float32(math.Sqrt(n))
	}
	return v
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, r) {
		return
	}
	var req struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
		writeError(w, http.StatusBadRequest, "messages must be a non-empty list")
		return
	}
	cr := ChatRequest{Model: req.Model}
	for _, m := range req.Messages {
		switch m.Role {
		case "system":
			cr.System += m.Content
		case "user":
			cr.User += m.Content
		}
	}
	reply := ""
	if s.Reply != nil {
		reply = s.Reply(cr)
	}
	s.mu.Lock()
	s.chats = append(s.chats, cr)
	s.mu.Unlock()
	if req.Stream {
		s.stream(w, r, req.Model, reply)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "model": req.Model,
		"choices": []map[string]any{{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": reply},
		}},
		"usage": map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	})
}

// stream writes a reply as server-sent events, a token (a word with the
// space before it) an event, TokenDelay apart, then [DONE], as OpenAI's
// streaming API does.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, model, reply string) {
	w.Header().Set("Content-Type", "text/event-stream")
	flusher, _ := w.(http.Flusher)
	send := func(delta map[string]any, finish any) {
		raw, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
			"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		fmt.Fprintf(w, "data: %s\n\n", raw)
		if flusher != nil {
			flusher.Flush()
		}
	}
	send(map[string]any{"role": "assistant"}, nil)
	for i, tok := range tokens(reply) {
		if s.TokenDelay > 0 {
			select {
			case <-time.After(s.TokenDelay):
			case <-r.Context().Done():
				return
			}
		}
		if i == 0 {
			s.mu.Lock()
			s.firstToken = append(s.firstToken, time.Now())
			s.mu.Unlock()
		}
		send(map[string]any{"content": tok}, nil)
	}
	send(map[string]any{}, "stop")
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

// tokens splits a reply into words, each with the spaces before it.
func tokens(reply string) []string {
	var out []string
	start := 0
	for i := 1; i < len(reply); i++ {
		if reply[i] == ' ' && reply[i-1] != ' ' {
			out = append(out, reply[start:i])
			start = i
		}
	}
	if start < len(reply) {
		out = append(out, reply[start:])
	}
	return out
}

// FirstTokens returns when each streamed reply sent its first token.
func (s *Server) FirstTokens() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.firstToken...)
}

// transcribe answers an audio transcription as OpenAI does: a multipart
// form with the model and the file, answered with {"text": ...}.
func (s *Server) transcribe(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, r) {
		return
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeError(w, http.StatusBadRequest, "could not parse multipart form")
		return
	}
	f, h, err := r.FormFile("file")
	if err != nil || r.FormValue("model") == "" {
		writeError(w, http.StatusBadRequest, "file and model are required")
		return
	}
	defer f.Close()
	audio, _ := io.ReadAll(f)
	rec := Recording{Model: r.FormValue("model"), Name: h.Filename, Language: r.FormValue("language"), Audio: audio}
	s.mu.Lock()
	s.recordings = append(s.recordings, rec)
	s.mu.Unlock()
	text := ""
	if s.Transcript != nil {
		text = s.Transcript(rec)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"text": text})
}
