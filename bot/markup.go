package bot

import (
	"encoding/json"

	"github.com/go-telegram/bot/models"
)

// go-telegram/bot v1.19.0 marshals models.InlineKeyboardButton's CopyText,
// a struct tagged omitempty, as {"text":""} on every button, which Telegram
// refuses with BUTTON_COPY_TEXT_INVALID (its pull request 167), and a
// keyboard without rows as {"inline_keyboard":null}, which it refuses too.
// The library takes any value as a reply markup, so the bot marshals its
// own: strict wraps a keyboard on its way out.

// strict returns kb as the Bot API takes it; anything but an inline
// keyboard goes as it is.
func strict(kb models.ReplyMarkup) models.ReplyMarkup {
	if k, ok := kb.(*models.InlineKeyboardMarkup); ok && k != nil {
		return apiKeyboard{k}
	}
	return kb
}

// apiKeyboard is an inline keyboard marshalled without empty copy_text
// and with rows that are never null.
type apiKeyboard struct{ k *models.InlineKeyboardMarkup }

func (a apiKeyboard) MarshalJSON() ([]byte, error) {
	rows := make([][]map[string]json.RawMessage, 0, len(a.k.InlineKeyboard))
	for _, row := range a.k.InlineKeyboard {
		buttons := make([]map[string]json.RawMessage, 0, len(row))
		for _, b := range row {
			raw, err := json.Marshal(b)
			if err != nil {
				return nil, err
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, err
			}
			if b.CopyText.Text == "" {
				delete(m, "copy_text")
			}
			buttons = append(buttons, m)
		}
		rows = append(rows, buttons)
	}
	return json.Marshal(map[string]any{"inline_keyboard": rows})
}
