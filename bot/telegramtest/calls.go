package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Call is one request the server answered.
type Call struct {
	// Method is the method's canonical name, such as "sendMessage" (as
	// sent, for a method the server does not know).
	Method string
	// Params are the request's parameters: form fields as sent, so
	// JSON-valued ones (reply_markup, results, commands, reply_parameters,
	// link_preview_options, ...) are raw JSON strings.
	Params map[string]string
	// Time is when the request arrived.
	Time time.Time
	// Code is 200 when the call succeeded, otherwise the error_code it
	// was answered with.
	Code int
	// Error is the description of the error answered, "" on success.
	Error string
}

// OK reports whether the call succeeded.
func (c Call) OK() bool { return c.Code == 200 }

// Decode unmarshals the JSON-valued parameter name into v.
func (c Call) Decode(name string, v any) error {
	raw, ok := c.Params[name]
	if !ok {
		return fmt.Errorf("telegramtest: %s call has no %s parameter", c.Method, name)
	}
	return json.Unmarshal([]byte(raw), v)
}

// String is the method with its result, for test failure messages.
func (c Call) String() string {
	if c.OK() {
		return c.Method
	}
	return fmt.Sprintf("%s (%d %s)", c.Method, c.Code, c.Error)
}

// record stores c, once its answer is decided: a call is in Calls when its
// response is written, and a long poll is recorded when it returns.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notify()
}

// Calls returns the calls of method (case-insensitive) in the order they
// were answered, or every call when method is "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

func (s *Server) callsLocked(method string) []Call {
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until at least n calls of method (case-insensitive; ""
// for any) have been answered, and returns them all. After timeout it returns the calls
// so far with an error listing every call the server saw.
func (s *Server) WaitFor(method string, n int, timeout time.Duration) ([]Call, error) {
	var calls []Call
	ok := s.waitUntil(timeout, func() bool {
		calls = s.callsLocked(method)
		return len(calls) >= n
	})
	if ok {
		return calls, nil
	}
	return calls, fmt.Errorf("telegramtest: %d %s call(s) after %v, want %d; calls: %s",
		len(calls), method, timeout, n, s.summary())
}

// waitUntil calls cond, with s.mu held, whenever the state changes, until
// it returns true or timeout passes.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		done, changed := cond(), s.changed
		s.mu.Unlock()
		if done {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		}
	}
}

// summary lists the calls answered so far, runs of one method collapsed.
func (s *Server) summary() string {
	calls := s.Calls("")
	if len(calls) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(calls); {
		j := i + 1
		for j < len(calls) && calls[j].String() == calls[i].String() {
			j++
		}
		part := calls[i].String()
		if j-i > 1 {
			part += "×" + strconv.Itoa(j-i)
		}
		parts = append(parts, part)
		i = j
	}
	return strings.Join(parts, ", ")
}

// Sent returns the successful sendMessage calls to chatID, in order.
func (s *Server) Sent(chatID int64) []Call {
	var out []Call
	for _, c := range s.Calls("sendMessage") {
		if c.OK() && c.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
			out = append(out, c)
		}
	}
	return out
}
