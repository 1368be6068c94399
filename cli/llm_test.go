package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/config"
	"reportbot/llm"
	"reportbot/llm/llmtest"
)

func runLLM(t *testing.T, cfg llm.Config, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cfg.Timeout, cfg.MaxRetries = 5*time.Second, 0
	var out, errb bytes.Buffer
	c := &CLI{
		Config: config.Config{DataDir: t.TempDir(), LLM: cfg, AnswerTimeout: 5 * time.Second},
		Stdin:  strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Log: slog.New(slog.DiscardHandler),
	}
	return c.Run(context.Background(), args), out.String(), errb.String()
}

func TestAskWithAServerGivesLLMAnswers(t *testing.T) {
	srv := llmtest.New()
	defer srv.Close()
	srv.Reply = func(llmtest.ChatRequest) string { return "Бокаева арестовали на 15 суток [1]." }
	code, out, errs := runLLM(t, llm.Config{BaseURL: srv.BaseURL()}, "", "ask", "--json", "Что случилось с Максом Бокаевым?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var a struct {
		Mode, Language, Answer string
		Found                  bool
	}
	json.Unmarshal([]byte(out), &a)
	if a.Mode != "llm" || !a.Found || a.Language != "ru" || !strings.HasPrefix(a.Answer, "Бокаева арестовали") {
		t.Errorf("answer %+v", a)
	}
	if !strings.Contains(errs, "embedded 132 of 132 passages") {
		t.Errorf("no progress lines on a non-terminal: %q", errs)
	}
}

func TestAskWithABadKeyOrNoServerSaysSoAndAnswersOffline(t *testing.T) {
	srv := llmtest.New()
	defer srv.Close()
	srv.Key = "the-right-key"
	down := llmtest.New()
	downURL := down.BaseURL()
	down.Close()
	tests := []struct {
		name string
		cfg  llm.Config
		want string
	}{
		{"bad key", llm.Config{BaseURL: srv.BaseURL(), APIKey: "sk-wrong-key"}, "rejected the API key"},
		{"no server", llm.Config{BaseURL: downURL}, "cannot reach the server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runLLM(t, tt.cfg, "", "ask", "--json", "What happened to Maks Bokaev?")
			if code != 0 || !strings.Contains(errs, tt.want) || !strings.Contains(errs, "answering offline") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			if strings.Contains(errs+out, "sk-wrong-key") || strings.Contains(errs, "goroutine") {
				t.Errorf("stderr shows the key or a stack trace: %q", errs)
			}
			if !strings.Contains(out, `"mode":"extractive"`) || !strings.Contains(out, `"found":true`) {
				t.Errorf("no offline answer: %s", out)
			}
		})
	}
}

func TestAskConversationReadsFollowUps(t *testing.T) {
	stdin := "Что случилось с Сейтказы Матаевым?\nА с его сыном?\n"
	code, out, errs := run(t, "", stdin, "ask", "--json", "--conversation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "kz2016-media-3") || !strings.Contains(lines[1], `"question":"А с его сыном?"`) {
		t.Errorf("follow-up answer: %s", lines[len(lines)-1])
	}
}
