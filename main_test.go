package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"reportbot/cli"
	"reportbot/config"
)

// flyConfig is the part of fly.toml the server must agree with.
type flyConfig struct {
	App         string
	KillSignal  string `toml:"kill_signal"`
	KillTimeout string `toml:"kill_timeout"`
	Build       struct{ Dockerfile string }
	Env         map[string]string
	Mounts      []struct {
		Source, Destination string
	}
	HTTPService struct {
		InternalPort     int    `toml:"internal_port"`
		AutoStopMachines string `toml:"auto_stop_machines"`
		MinRunning       int    `toml:"min_machines_running"`
		Checks           []struct {
			Path, Method string
		}
	} `toml:"http_service"`
	Metrics struct {
		Port int
		Path string
	}
}

func TestFlyTomlMatchesTheServer(t *testing.T) {
	var fly flyConfig
	md, err := toml.DecodeFile("fly.toml", &fly)
	if err != nil {
		t.Fatalf("fly.toml does not parse: %v", err)
	}
	cfg, err := config.FromEnv(func(k string) (string, bool) { v, ok := fly.Env[k]; return v, ok })
	if err != nil {
		t.Fatalf("fly.toml's [env] is not a valid configuration: %v", err)
	}
	if fly.HTTPService.InternalPort != cfg.Port || fly.Metrics.Port != cfg.MetricsPort {
		t.Errorf("fly.toml ports %d and %d, the server listens on %d and metrics on %d", fly.HTTPService.InternalPort, fly.Metrics.Port, cfg.Port, cfg.MetricsPort)
	}
	if len(fly.HTTPService.Checks) != 1 || fly.HTTPService.Checks[0].Path != "/healthz" || fly.HTTPService.Checks[0].Method != "GET" {
		t.Errorf("health check %+v, the server serves GET /healthz", fly.HTTPService.Checks)
	}
	if fly.Metrics.Path != "/metrics" {
		t.Errorf("metrics path %q, the server serves /metrics", fly.Metrics.Path)
	}
	if len(fly.Mounts) != 1 || fly.Mounts[0].Destination != cfg.DataDir {
		t.Errorf("volume mounted at %+v, DATA_DIR is %q", fly.Mounts, cfg.DataDir)
	}
	if fly.HTTPService.AutoStopMachines != "off" && cfg.Telegram.WebhookURL == "" {
		t.Error("machines stop when idle but the bot long-polls: it would stop answering")
	}
	if cfg.DataDir != "" && (fly.HTTPService.AutoStopMachines != "off" || fly.HTTPService.MinRunning < 1) {
		// The digest runs inside serve: a stopped machine sends none.
		t.Errorf("the digest needs a machine that stays up: auto_stop_machines %q, min_machines_running %d",
			fly.HTTPService.AutoStopMachines, fly.HTTPService.MinRunning)
	}
	for _, secret := range []string{"TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "WEBHOOK_SECRET", "LOG_SALT"} {
		if _, ok := fly.Env[secret]; ok {
			t.Errorf("%s is in fly.toml; secrets go through fly secrets set", secret)
		}
	}
	if kill, err := time.ParseDuration(fly.KillTimeout); err != nil || kill < cli.StopBudget+5*time.Second {
		t.Errorf("kill_timeout %q: the stop takes up to %v, and Fly kills the machine at kill_timeout", fly.KillTimeout, cli.StopBudget)
	}
	if fly.KillSignal != "SIGTERM" && fly.KillSignal != "SIGINT" {
		t.Errorf("kill_signal %q: serve stops cleanly on SIGTERM or SIGINT only", fly.KillSignal)
	}
	if _, err := os.Stat(fly.Build.Dockerfile); err != nil {
		t.Errorf("fly.toml builds %q: %v", fly.Build.Dockerfile, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Logf("fly.toml keys not checked here: %v", u)
	}
}

func TestDockerfileMatchesTheServer(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	d := string(b)
	for _, want := range []string{
		"CGO_ENABLED=0 go build", "ingest", "INDEX_SEED_DIR=/app/index", "DATA_DIR=/data",
		"PORT=8080", "EXPOSE 8080", "USER nonroot", `CMD ["serve"]`,
	} {
		if !strings.Contains(d, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

// TestBuildsStatically builds the binary as the image does, without cgo:
// the SQLite driver is pure Go, and nothing may need a C toolchain.
func TestBuildsStatically(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	out := filepath.Join(t.TempDir(), "reportbot")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 build failed: %v\n%s", err, msg)
	}
	run := exec.Command(out, "ask", "--json", "Что случилось с Максом Бокаевым?")
	run.Env = append(os.Environ(), "DATA_DIR="+t.TempDir())
	got, err := run.Output()
	if err != nil || !strings.Contains(string(got), `"found":true`) {
		t.Errorf("the static binary does not answer: %v\n%s", err, got)
	}
}
