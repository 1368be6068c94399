package llm

import (
	"context"
	"errors"
	"io"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// Transcribe returns what is said in a recording, read from audio; name is
// the file's name, whose extension (".ogg", ".mp4") tells the server its
// format. The recording is sent once and kept nowhere. language, an ISO
// 639-1 code such as "kk" or "", helps the model where it is known.
func (c *Client) Transcribe(ctx context.Context, audio io.Reader, name, language string) (string, error) {
	res, err := c.api.CreateTranscription(ctx, openai.AudioRequest{
		Model:    c.cfg.TranscribeModel,
		FilePath: name,
		Reader:   audio,
		Language: language,
		Format:   openai.AudioResponseFormatJSON,
	})
	c.observe("transcribe", err)
	if err != nil {
		return "", Describe(err, c.cfg.BaseURL)
	}
	text := strings.TrimSpace(res.Text)
	if text == "" {
		return "", errors.New("transcribe: nothing was heard")
	}
	return text, nil
}
