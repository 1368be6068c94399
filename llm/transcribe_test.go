package llm_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"reportbot/llm"
	"reportbot/llm/llmtest"
)

func TestTranscribeSendsTheRecordingAndReturnsWhatWasHeard(t *testing.T) {
	srv := llmtest.New()
	defer srv.Close()
	srv.Transcript = func(r llmtest.Recording) string {
		if string(r.Audio) == "OggS-voice" {
			return "  Что случилось с Максом Бокаевым?\n"
		}
		return ""
	}
	c := llm.New(llm.Config{BaseURL: srv.BaseURL()})
	ctx := context.Background()
	got, err := c.Transcribe(ctx, bytes.NewReader([]byte("OggS-voice")), "voice.ogg", "ru")
	if err != nil || got != "Что случилось с Максом Бокаевым?" {
		t.Fatalf("Transcribe = %q, %v", got, err)
	}
	rec := srv.Recordings()[0]
	if rec.Model != llm.DefaultTranscribeModel || rec.Name != "voice.ogg" || rec.Language != "ru" {
		t.Errorf("the server got %+v", rec)
	}
	if _, err := c.Transcribe(ctx, strings.NewReader("silence"), "voice.ogg", ""); err == nil {
		t.Error("a recording with nothing heard is no error")
	}
	srv.FailNext(llmtest.Fault{Status: 400})
	if _, err := c.Transcribe(ctx, strings.NewReader("x"), "voice.ogg", ""); err == nil {
		t.Error("a refused recording is no error")
	}
}
