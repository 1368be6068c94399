package telegramtest

import (
	"encoding/json"
	"fmt"
	"slices"
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
// response is written, and a long poll is recorded when it returns. It
// indexes c by method, and a sent message by chat_id, so that Calls and
// Sent stay fast with many thousands of calls.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := len(s.calls)
	s.calls = append(s.calls, c)
	k := strings.ToLower(c.Method)
	s.callsBy[k] = append(s.callsBy[k], i)
	if c.Method == "sendMessage" && c.OK() {
		chat := c.Params["chat_id"]
		s.sentBy[chat] = append(s.sentBy[chat], i)
	}
	s.notify()
}

// Calls returns the calls of method (case-insensitive) in the order they
// were answered, or every call when method is "".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method)
}

// callsLocked is Calls; s.mu must be held.
func (s *Server) callsLocked(method string) []Call {
	if method == "" {
		return slices.Clone(s.calls)
	}
	return s.pick(s.callsBy[strings.ToLower(method)])
}

// countLocked is len(Calls(method)); s.mu must be held.
func (s *Server) countLocked(method string) int {
	if method == "" {
		return len(s.calls)
	}
	return len(s.callsBy[strings.ToLower(method)])
}

// pick returns the calls at these indexes, or nil for none; s.mu must be
// held.
func (s *Server) pick(indexes []int) []Call {
	if len(indexes) == 0 {
		return nil
	}
	out := make([]Call, len(indexes))
	for j, i := range indexes {
		out[j] = s.calls[i]
	}
	return out
}

// WaitFor waits until at least n calls of method (case-insensitive; ""
// for any) have been answered, and returns them all. After timeout it returns the calls
// so far with an error listing every call the server saw.
func (s *Server) WaitFor(method string, n int, timeout time.Duration) ([]Call, error) {
	var calls []Call
	ok := s.waitUntil(timeout, func() bool {
		if s.countLocked(method) < n {
			return false
		}
		calls = s.callsLocked(method)
		return true
	})
	if ok {
		return calls, nil
	}
	calls = s.Calls(method)
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

// Sent returns the successful sendMessage calls to chatID, in order. It
// takes time in the number of messages sent to chatID, not in all calls,
// so a test may call it for each of thousands of chats.
func (s *Server) Sent(chatID int64) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pick(s.sentBy[strconv.FormatInt(chatID, 10)])
}
