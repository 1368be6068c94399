package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// maxBody bounds a request body the server reads.
const maxBody = 32 << 20

// Server is a fake Telegram Bot API server. Its exported fields must be set
// before the bot first talks to it; its methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	// Username is the bot's username without "@", returned by getMe and
	// used by the update constructors in mentions. The default is
	// "ReportBot".
	Username string

	token string
	botID int64

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever the state changes
	closing chan struct{} // closed by Close
	closed  bool

	calls      []Call
	callsBy    map[string][]int        // indexes in calls, by lower-case method name
	sentBy     map[string][]int        // indexes in calls of successful sendMessage calls, by chat_id
	faults     map[string][]Fault      // by lower-case method name
	chatFaults map[int64]Fault         // see FailChat and Migrate
	slowChats  map[int64]time.Duration // see SlowChat

	lastUpdateID int64
	queue        []queued      // unconfirmed updates, in order
	confirmed    int64         // every update below this id is confirmed
	allowed      []string      // allowed_updates; nil means Telegram's default
	poller       chan struct{} // closed to end the running long poll with 409

	lastMessageID int
	lastQueryID   int64
	messages      map[msgKey]*stored
	botMessages   map[int64][]int // ids of the bot's messages by chat, in the order sent
	chats         map[int64]models.Chat
	users         map[int64]models.User
	admins        map[int64]map[int64]bool // see SetAdmins
	openQueries   map[string]bool          // inline and callback queries not yet answered
	commands      map[string]string
	webhook       models.WebhookInfo // the webhook set, if URL is not empty
	files         map[string][]byte  // voice and video notes' contents, by file id
	downloads     int                // files served
}

// New starts a fake server for the bot token, which must look like a real
// one ("<bot id>:<secret>"): the bot's id is the number before the colon.
// Stop the server with Close.
func New(token string) *Server {
	idPart, _, ok := strings.Cut(token, ":")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || id <= 0 {
		panic(`telegramtest: the token must look like "<bot id>:<secret>", got ` + strconv.Quote(token))
	}
	s := &Server{
		Username:    "ReportBot",
		token:       token,
		botID:       id,
		changed:     make(chan struct{}),
		closing:     make(chan struct{}),
		callsBy:     map[string][]int{},
		sentBy:      map[string][]int{},
		faults:      map[string][]Fault{},
		chatFaults:  map[int64]Fault{},
		slowChats:   map[int64]time.Duration{},
		confirmed:   1,
		messages:    map[msgKey]*stored{},
		botMessages: map[int64][]int{},
		chats:       map[int64]models.Chat{},
		users:       map[int64]models.User{},
		admins:      map[int64]map[int64]bool{},
		openQueries: map[string]bool{},
		commands:    map[string]string{},
		files:       map[string][]byte{},
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close ends pending long polls, then shuts the server down and waits for
// the requests in flight, like httptest.Server.Close.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
	s.mu.Unlock()
	s.Server.Close()
}

// Fault is an error answer: the server replies
// {"ok":false,"error_code":Code,"description":Description} with HTTP status
// Code, adding "parameters" when RetryAfter or MigrateToChatID is set.
type Fault struct {
	// Code is the error_code and the HTTP status, such as 400 or 429.
	Code int
	// Description is Telegram's text, such as "Forbidden: bot was blocked
	// by the user".
	Description string
	// RetryAfter, when set, is parameters.retry_after in seconds.
	RetryAfter int
	// MigrateToChatID, when set, is parameters.migrate_to_chat_id.
	MigrateToChatID int
}

// CantParseEntities is the 400 Telegram answers to malformed HTML.
func CantParseEntities() Fault {
	return Fault{Code: 400, Description: `Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 10`}
}

// BlockedByUser is the 403 Telegram answers when the user blocked the bot.
func BlockedByUser() Fault {
	return Fault{Code: 403, Description: "Forbidden: bot was blocked by the user"}
}

// TooManyRequests is Telegram's flood-control 429, asking the bot to wait
// retryAfter seconds.
func TooManyRequests(retryAfter int) Fault {
	return Fault{Code: 429, Description: "Too Many Requests: retry after " + strconv.Itoa(retryAfter), RetryAfter: retryAfter}
}

// InternalServerError is a 500 from Telegram.
func InternalServerError() Fault {
	return Fault{Code: 500, Description: "Internal Server Error"}
}

// ChatMigrated is the 400 Telegram answers when a group became the
// supergroup newChatID.
func ChatMigrated(newChatID int) Fault {
	return Fault{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatID: newChatID}
}

// ChatNotFound is the 400 Telegram answers for a chat that does not exist
// or that the bot is not in.
func ChatNotFound() Fault {
	return Fault{Code: 400, Description: "Bad Request: chat not found"}
}

func badRequest(format string, args ...any) *Fault {
	return &Fault{Code: 400, Description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// FailNext makes the next call of method (case-insensitive) answer with f,
// whatever it asks; the call has no other effect. Faults given for the same
// method are used one per call, in order.
func (s *Server) FailNext(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := strings.ToLower(method)
	s.faults[k] = append(s.faults[k], f)
}

func (s *Server) takeFault(method string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := strings.ToLower(method)
	q := s.faults[k]
	if len(q) == 0 {
		return nil
	}
	f := q[0]
	s.faults[k] = q[1:]
	return &f
}

// handler answers one method with its result or a fault.
type handler func(s *Server, ctx context.Context, p map[string]string) (any, *Fault)

// methods are the methods the server implements, by their canonical names.
var methods = []struct {
	name string
	fn   handler
}{
	{"getMe", (*Server).getMe},
	{"getUpdates", (*Server).getUpdates},
	{"sendMessage", (*Server).sendMessage},
	{"editMessageText", (*Server).editMessageText},
	{"editMessageReplyMarkup", (*Server).editMessageReplyMarkup},
	{"sendMessageDraft", (*Server).sendMessageDraft},
	{"answerInlineQuery", (*Server).answerInlineQuery},
	{"answerCallbackQuery", (*Server).answerCallbackQuery},
	{"sendChatAction", (*Server).sendChatAction},
	{"getChatMember", (*Server).getChatMember},
	{"setMyCommands", (*Server).setMyCommands},
	{"getMyCommands", (*Server).getMyCommands},
	{"deleteMyCommands", (*Server).deleteMyCommands},
	{"setWebhook", (*Server).setWebhook},
	{"deleteWebhook", (*Server).deleteWebhook},
	{"getWebhookInfo", (*Server).getWebhookInfo},
	{"getFile", (*Server).getFile},
}

// serve answers POST (or GET) /bot<token>/<method>, and GET
// /file/bot<token>/<path> with a file getFile gave the path of.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	c := Call{Time: time.Now()}
	rest, isBot := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, hasMethod := strings.Cut(rest, "/")
	if !isBot || !hasMethod || method == "" || strings.Contains(method, "/") {
		writeFault(w, &Fault{Code: 404, Description: "Not Found"})
		return
	}
	c.Method = method
	var fn handler
	for _, m := range methods {
		if strings.EqualFold(m.name, method) {
			c.Method, fn = m.name, m.fn
		}
	}
	params, err := readParams(r)
	c.Params = params
	var result any
	var fault *Fault
	switch {
	case token != s.token:
		fault = &Fault{Code: 401, Description: "Unauthorized"}
	case fn == nil:
		fault = &Fault{Code: 404, Description: "Not Found"}
	case err != nil:
		fault = badRequest("can't parse request body: %v", err)
	default:
		if !s.wait(r.Context(), params) {
			return
		}
		if fault = s.takeFault(c.Method); fault == nil {
			result, fault = fn(s, r.Context(), params)
		}
	}
	c.Code = http.StatusOK
	if fault != nil {
		c.Code, c.Error = fault.Code, fault.Description
	}
	s.record(c)
	if fault != nil {
		writeFault(w, fault)
		return
	}
	raw, err := json.Marshal(result)
	if err != nil {
		writeFault(w, &Fault{Code: 500, Description: "Internal Server Error: " + err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		OK     bool            `json:"ok"`
		Result json.RawMessage `json:"result"`
	}{true, raw})
}

func writeFault(w http.ResponseWriter, f *Fault) {
	type parameters struct {
		RetryAfter      int `json:"retry_after,omitempty"`
		MigrateToChatID int `json:"migrate_to_chat_id,omitempty"`
	}
	body := struct {
		OK          bool        `json:"ok"`
		ErrorCode   int         `json:"error_code"`
		Description string      `json:"description"`
		Parameters  *parameters `json:"parameters,omitempty"`
	}{ErrorCode: f.Code, Description: f.Description}
	if f.RetryAfter != 0 || f.MigrateToChatID != 0 {
		body.Parameters = &parameters{f.RetryAfter, f.MigrateToChatID}
	}
	status := f.Code
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readParams collects the request's parameters, as Telegram accepts them: in
// the query string, or a multipart, URL-encoded or JSON body. JSON-valued
// parameters stay raw JSON strings; uploaded files are left out.
func readParams(r *http.Request) (map[string]string, error) {
	p := map[string]string{}
	for k, v := range r.URL.Query() {
		p[k] = v[0]
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil || len(body) == 0 {
		return p, err
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), ctParams["boundary"]).ReadForm(maxBody)
		if err != nil {
			return p, err
		}
		defer form.RemoveAll()
		for k, v := range form.Value {
			p[k] = v[0]
		}
	case "application/json":
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			return p, err
		}
		for k, v := range fields {
			var str string
			if json.Unmarshal(v, &str) == nil {
				p[k] = str
			} else {
				p[k] = string(v)
			}
		}
	default:
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return p, err
		}
		for k, v := range q {
			p[k] = v[0]
		}
	}
	return p, nil
}

// notify wakes everything waiting for a change of state; s.mu must be held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}
