package config

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestAnEmptyDataDirKeepsEverythingInMemory sets DATA_DIR to nothing, as
// the README says to keep no file: nothing may be written to the cache
// folder instead.
func TestAnEmptyDataDirKeepsEverythingInMemory(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"DATA_DIR": ""}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "" || c.IndexPath("hash") != "" {
		t.Errorf("DATA_DIR= gives the data folder %q and index %q, want memory only", c.DataDir, c.IndexPath("hash"))
	}
	if d, _ := FromEnv(env(nil)); d.DataDir == "" {
		t.Error("an unset DATA_DIR does not default to the cache folder")
	}
}

func TestFromEnvDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.LogLevel != slog.LevelWarn || c.CorpusDir != "" {
		t.Errorf("defaults: %+v", c)
	}
	if c.DataDir != "" && filepath.Base(c.DataDir) != "reportbot" {
		t.Errorf("default data dir %q is not a reportbot folder", c.DataDir)
	}
}

func TestFromEnvReportsEveryProblemAtOnce(t *testing.T) {
	_, err := FromEnv(env(map[string]string{"CORPUS_DIR": "/does/not/exist", "LOG_LEVEL": "loud"}))
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"CORPUS_DIR", "LOG_LEVEL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestIndexPathSeparatesEmbeddersAndCanBeDisabled(t *testing.T) {
	c := Config{DataDir: "/data"}
	if a, b := c.IndexPath("hash-1024"), c.IndexPath("openai-small"); a == b || !strings.HasPrefix(a, "/data/") {
		t.Errorf("index paths %q and %q", a, b)
	}
	if p := (Config{}).IndexPath("x"); p != "" {
		t.Errorf("no data dir gave index path %q, want memory only", p)
	}
}

func TestFromEnvReadsTheLLMSettings(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_CHAT_MODEL": "llama3.2",
		"OPENAI_EMBED_MODEL": "nomic-embed-text", "OPENAI_EMBED_BATCH": "32",
		"OPENAI_TIMEOUT": "5s", "ANSWER_TIMEOUT": "12s", "OPENAI_EMBED_DIMENSIONS": "256",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.LLMEnabled() || c.LLM.APIKey != "" || c.LLM.ChatModel != "llama3.2" || c.LLM.BatchSize != 32 ||
		c.LLM.Timeout != 5*time.Second || c.AnswerTimeout != 12*time.Second || c.LLM.EmbedDimensions != 256 {
		t.Errorf("config %+v", c)
	}
	if c, _ := FromEnv(env(nil)); c.LLMEnabled() {
		t.Error("LLM mode on without a key or a server")
	}
	_, err = FromEnv(env(map[string]string{
		"OPENAI_BASE_URL": "localhost:11434", "OPENAI_EMBED_BATCH": "0", "OPENAI_TIMEOUT": "soon", "ANSWER_TIMEOUT": "-1s",
	}))
	for _, want := range []string{"OPENAI_BASE_URL", "OPENAI_EMBED_BATCH", "OPENAI_TIMEOUT", "ANSWER_TIMEOUT"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}

func TestSettingsOutsideTheirRangeAreRefused(t *testing.T) {
	for _, tt := range []struct{ name, value, says string }{
		{"RATE_WINDOW", "1ns", "RATE_WINDOW"},
		{"RATE_WINDOW", "100000h", "RATE_WINDOW"},
		{"WEBHOOK_URL", "http://bot.example.org/hook", "must be https"},
	} {
		_, err := FromEnv(env(map[string]string{tt.name: tt.value}))
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s=%s: %v", tt.name, tt.value, err)
		}
	}
	if _, err := FromEnv(env(map[string]string{"WEBHOOK_URL": "https://bot.example.org/hook", "RATE_WINDOW": "10m"})); err != nil {
		t.Errorf("good settings refused: %v", err)
	}
}
