package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-telegram/bot/models"
)

// skipUndecodable is the Bot API client's transport. go-telegram/bot
// decodes a getUpdates answer whole, so one update it cannot decode (a
// field Telegram added in a shape it does not know) fails every poll from
// then on, and no update reaches the bot. This transport replaces such an
// update by its bare update_id before the library sees it: the update is
// confirmed and skipped, with a log line, and the rest go on.
type skipUndecodable struct {
	base http.RoundTripper
	// skipped is told the id of each update skipped and why.
	skipped func(updateID int64, err error)
}

// RoundTrip implements http.RoundTripper.
func (t skipUndecodable) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasSuffix(req.URL.Path, "/getUpdates") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read getUpdates answer: %w", err)
	}
	if fixed, ok := t.fix(body); ok {
		body = fixed
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// fix returns the answer with every undecodable update made bare, and
// false when there was none (or the answer is not a list of updates).
func (t skipUndecodable) fix(body []byte) ([]byte, bool) {
	var answer struct {
		OK     bool              `json:"ok"`
		Result []json.RawMessage `json:"result"`
	}
	if json.Unmarshal(body, &answer) != nil || !answer.OK {
		return nil, false
	}
	changed := false
	for i, raw := range answer.Result {
		var u models.Update
		err := json.Unmarshal(raw, &u)
		if err == nil {
			continue
		}
		var id struct {
			UpdateID int64 `json:"update_id"`
		}
		if json.Unmarshal(raw, &id) != nil || id.UpdateID == 0 {
			// Without its id the update cannot be skipped; the library
			// will report the answer as it stands.
			return nil, false
		}
		answer.Result[i] = json.RawMessage(fmt.Sprintf(`{"update_id":%d}`, id.UpdateID))
		t.skipped(id.UpdateID, err)
		changed = true
	}
	if !changed {
		return nil, false
	}
	fixed, err := json.Marshal(answer)
	return fixed, err == nil
}
