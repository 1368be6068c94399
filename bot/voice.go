package bot

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"reportbot/lang"
)

// Voice settings. A question asked aloud takes seconds; a long recording
// is more likely a speech, and costs the model server as much as many
// questions.
const (
	maxVoiceSeconds = 120
	// maxVoiceBytes is well above what Telegram's voice notes weigh for
	// maxVoiceSeconds (about 4 KB a second) and below a round video's.
	maxVoiceBytes = 8 << 20
)

// Transcriber turns a recording into text through the model server's audio
// endpoint. *llm.Client is one.
type Transcriber interface {
	Transcribe(ctx context.Context, audio io.Reader, name, language string) (string, error)
}

// WithTranscriber lets people ask by voice message or round video: what
// was heard is shown, then answered as a typed question. Without one, a
// voice message is asked to be typed.
func WithTranscriber(t Transcriber) Option { return func(b *Bot) { b.transcriber = t } }

// recordingOf returns the file of a voice message or round video, its
// length and size, and a file name whose extension tells its format.
func recordingOf(m *models.Message) (fileID string, seconds int, size int64, name string) {
	if v := m.Voice; v != nil {
		return v.FileID, v.Duration, v.FileSize, "voice.ogg"
	}
	v := m.VideoNote
	return v.FileID, v.Duration, int64(v.FileSize), "video.mp4"
}

// voice answers a voice message or round video. The recording is held in
// memory for the one transcription and never stored or logged.
func (b *Bot) voice(ctx context.Context, m *models.Message) {
	start := time.Now()
	ui := b.chatLang(ctx, m.Chat, m.From)
	say := func(key string, data map[string]any) {
		b.reply(ctx, m, renderText(b.msgs.T(ui, key, data)), nil)
	}
	fileID, seconds, size, name := recordingOf(m)
	switch {
	case b.transcriber == nil:
		say("VoiceOffline", b.example(ui))
		return
	case seconds > maxVoiceSeconds || size > maxVoiceBytes:
		say("VoiceTooLong", map[string]any{"Seconds": maxVoiceSeconds})
		return
	}
	user := m.Chat.ID
	if m.From != nil {
		user = m.From.ID
	}
	if !b.questionAllowed(ctx, m, user, ui) {
		return
	}
	mctx, done := b.modelContext(ctx)
	text, err := b.transcribe(mctx, fileID, name)
	done()
	b.log.Info("voice", "chat", b.hash.id(m.Chat.ID), "seconds", seconds, "heard", err == nil, "ms", time.Since(start).Milliseconds())
	if err != nil {
		b.log.Warn("voice not transcribed", "chat", b.hash.id(m.Chat.ID), "error", redact(err.Error(), b.cfg.Token))
		say("VoiceFailed", b.example(ui))
		return
	}
	// Said in the language heard, as the answer will be.
	heard := lang.Read(text, ui).Lang
	b.reply(ctx, m, renderText(b.msgs.T(heard, "VoiceHeard", map[string]any{"Text": text})), nil)
	b.answerAllowed(ctx, m, text, user, ui, start)
}

// transcribe downloads a recording (at most maxVoiceBytes) and returns
// what is said in it.
func (b *Bot) transcribe(ctx context.Context, fileID, name string) (string, error) {
	f, err := b.tg.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return "", fmt.Errorf("get file: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.apiURL+"/file/bot"+b.cfg.Token+"/"+f.FilePath, nil)
	if err != nil {
		return "", fmt.Errorf("download: %w", err)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	audio, err := io.ReadAll(io.LimitReader(resp.Body, maxVoiceBytes+1))
	if err != nil {
		return "", fmt.Errorf("download: %w", err)
	}
	if len(audio) > maxVoiceBytes {
		return "", fmt.Errorf("download: over %d bytes", maxVoiceBytes)
	}
	// The language is left to the model: a chat's language is not
	// always the speaker's.
	return b.transcriber.Transcribe(ctx, bytes.NewReader(audio), name, "")
}
