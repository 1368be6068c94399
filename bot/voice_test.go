package bot

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
	"reportbot/llm"
	"reportbot/llm/llmtest"
)

// voiceBot starts a bot that hears voice questions through the real
// OpenAI client and the fake model server, whose transcripts say heard.
func voiceBot(t *testing.T, heard string) (*harness, *llmtest.Server) {
	t.Helper()
	model := llmtest.New()
	t.Cleanup(model.Close)
	model.Transcript = func(llmtest.Recording) string { return heard }
	h := startWith(t, Config{}, []Option{WithTranscriber(llm.New(llm.Config{BaseURL: model.BaseURL()}))})
	return h, model
}

// TestAVoiceQuestionIsHeardThenAnswered: a voice message or a round video
// is transcribed, what was heard is shown, and it is answered as if typed;
// the recording goes to the model server as Telegram sent it, and no log
// line holds what was said.
func TestAVoiceQuestionIsHeardThenAnswered(t *testing.T) {
	h, model := voiceBot(t, "Что случилось с Максом Бокаевым?")
	for i, u := range []models.Update{h.srv.Voice(7001, 7001, 4), h.srv.VideoNote(7002, 7002, 6)} {
		chat := u.Message.Chat.ID
		h.srv.Push(u)
		msgs := h.sent(t, chat, 2)
		heard := html.UnescapeString(msgs[0].Params["text"])
		if want := h.bot.msgs.T(lang.Russian, "VoiceHeard", map[string]any{"Text": "Что случилось с Максом Бокаевым?"}); heard != want {
			t.Errorf("recording %d: first reply %q, want %q", i+1, heard, want)
		}
		if answer := msgs[1].Params["text"]; !strings.Contains(answer, "Бокаев") || !strings.Contains(answer, "[1]") {
			t.Errorf("recording %d: not answered as a typed question: %.200s", i+1, answer)
		}
	}
	recs := model.Recordings()
	if len(recs) != 2 || !bytes.HasPrefix(recs[0].Audio, []byte("OggS")) || recs[0].Name != "voice.ogg" || recs[1].Name != "video.mp4" {
		t.Errorf("the model server got %d recordings", len(recs))
	}
	if strings.Contains(h.logs.String(), "Бокаев") {
		t.Error("a log line holds what was said")
	}
}

// TestVoiceQuestionsThatCannotBeHeard: without a model server, past the
// length limit, or when the server fails, the person is told and asked to
// type, in their language, and a recording too long is not downloaded.
func TestVoiceQuestionsThatCannotBeHeard(t *testing.T) {
	t.Run("no model server", func(t *testing.T) {
		h := start(t, Config{})
		h.srv.Push(h.srv.PrivateText(7101, "/lang kk", "kk"))
		h.sent(t, 7101, 1)
		h.srv.Push(h.srv.Voice(7101, 7101, 5))
		got := html.UnescapeString(h.sent(t, 7101, 2)[1].Params["text"])
		if want := h.bot.msgs.T(lang.Kazakh, "VoiceOffline", h.bot.example(lang.Kazakh)); got != want {
			t.Errorf("offline voice reply %q, want %q", got, want)
		}
		if h.srv.Downloads() != 0 {
			t.Error("a recording was downloaded with nothing to hear it")
		}
	})
	t.Run("too long", func(t *testing.T) {
		h, model := voiceBot(t, "What happened to Maks Bokaev?")
		h.srv.Push(h.srv.Voice(7102, 7102, maxVoiceSeconds+1))
		got := html.UnescapeString(h.sent(t, 7102, 1)[0].Params["text"])
		if want := h.bot.msgs.T(lang.English, "VoiceTooLong", map[string]any{"Seconds": maxVoiceSeconds}); got != want {
			t.Errorf("a long recording got %q, want %q", got, want)
		}
		if h.srv.Downloads() != 0 || len(model.Recordings()) != 0 {
			t.Error("a recording over the limit was downloaded or sent")
		}
	})
	t.Run("the server fails or hears nothing", func(t *testing.T) {
		for i, fail := range []bool{true, false} {
			h, model := voiceBot(t, "")
			if fail {
				model.FailNext(llmtest.Fault{Status: 400})
			}
			chat := int64(7103 + i)
			h.srv.Push(h.srv.Voice(chat, chat, 3))
			got := html.UnescapeString(h.sent(t, chat, 1)[0].Params["text"])
			if want := h.bot.msgs.T(lang.English, "VoiceFailed", h.bot.example(lang.English)); got != want {
				t.Errorf("fail=%v: reply %q, want %q", fail, got, want)
			}
		}
	})
}
