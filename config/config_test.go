package config

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
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
