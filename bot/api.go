package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	tgbot "github.com/go-telegram/bot"
)

// apiError is the Bot API's refusal of a call: its code and description.
// It unwraps to the library's error of that code (tgbot.ErrorBadRequest,
// …), so that retry and the senders judge it as they judge the library's.
type apiError struct {
	method      string
	code        int
	description string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s: %d %s", e.method, e.code, e.description)
}

func (e *apiError) Unwrap() error {
	switch e.code {
	case http.StatusBadRequest:
		return tgbot.ErrorBadRequest
	case http.StatusUnauthorized:
		return tgbot.ErrorUnauthorized
	case http.StatusForbidden:
		return tgbot.ErrorForbidden
	case http.StatusNotFound:
		return tgbot.ErrorNotFound
	case http.StatusConflict:
		return tgbot.ErrorConflict
	}
	return nil
}

// call sends one Bot API method with params as JSON and returns its
// result undecoded. The bot calls the API itself where the library's
// types would send what Telegram refuses (see markup.go) or where it needs
// the result as it came (see getUpdates). A 429 is a
// *tgbot.TooManyRequestsError with Telegram's retry_after, as the
// library's calls give it.
func (b *Bot) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.apiURL+"/bot"+b.cfg.Token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	defer resp.Body.Close()
	var answer struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		ErrorCode   int             `json:"error_code"`
		Description string          `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return nil, fmt.Errorf("%s: HTTP %d: %w", method, resp.StatusCode, err)
	}
	switch {
	case answer.OK:
		return answer.Result, nil
	case answer.ErrorCode == http.StatusTooManyRequests:
		return nil, &tgbot.TooManyRequestsError{Message: method + ": " + answer.Description, RetryAfter: answer.Parameters.RetryAfter}
	}
	return nil, &apiError{method: method, code: answer.ErrorCode, description: answer.Description}
}
