package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"reportbot/bot"
	"reportbot/llm"
	"reportbot/rag"
)

// Config is every setting of the bot. Each field names its environment
// variable; the README's configuration table lists them all.
type Config struct {
	// DataDir (DATA_DIR) is where the index is kept. Empty keeps it in
	// memory only. Default: the user's cache folder, reportbot/.
	DataDir string
	// IndexSeedDir (INDEX_SEED_DIR) holds prebuilt indexes, such as the one
	// baked into the container image: an index missing from DataDir is
	// copied from there instead of being built.
	IndexSeedDir string
	// DatabaseURL (DATABASE_URL) is a PostgreSQL database (postgres://…)
	// to keep subscriptions, the delivery record, votes and chat languages
	// in, shared by every machine that names it. Empty keeps them in
	// SQLite, DATA_DIR/reportbot.db: one machine.
	DatabaseURL string
	// CorpusDir (CORPUS_DIR) is a corpus folder to use instead of the
	// corpus built into the binary.
	CorpusDir string
	// LogLevel (LOG_LEVEL) is debug, info, warn or error. Default: warn for
	// command-line use, so that answers are not buried in log lines.
	LogLevel slog.Level

	// LLM is the OpenAI-compatible server for embeddings and answers:
	// OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_CHAT_MODEL,
	// OPENAI_TRANSCRIBE_MODEL, OPENAI_EMBED_MODEL, OPENAI_EMBED_DIMENSIONS, OPENAI_EMBED_BATCH,
	// OPENAI_TIMEOUT (per request) and OPENAI_MAX_RETRIES.
	LLM llm.Config
	// AnswerTimeout (ANSWER_TIMEOUT) bounds a model's answer; past it the
	// extractive answer is given.
	AnswerTimeout time.Duration

	// Telegram is the bot's side: TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL,
	// WEBHOOK_URL, WEBHOOK_SECRET, RATE_LIMIT, RATE_WINDOW, MAX_CONCURRENT
	// and LOG_SALT, in the bot's own type and with its defaults.
	Telegram bot.Config
	// Port (PORT) is where /healthz and the webhook are served.
	Port int
	// MetricsPort (METRICS_PORT) is where /metrics is served, apart from
	// the public port: the counters are for the platform's scraper, not
	// the internet.
	MetricsPort int
}

// LLMEnabled reports whether answers and embeddings go through a server:
// with a key, or with a base URL for a server that needs none.
func (c Config) LLMEnabled() bool { return c.LLM.APIKey != "" || c.LLM.BaseURL != "" }

// FromEnv reads the configuration through lookup (os.LookupEnv in main)
// and reports every problem at once.
func FromEnv(lookup func(string) (string, bool)) (Config, error) {
	var c Config
	var errs []error
	getenv := func(k string) string {
		v, _ := lookup(k)
		return v
	}

	// DATA_DIR set to nothing keeps everything in memory, as the README
	// says; unset, the user's cache folder is used.
	if dir, set := lookup("DATA_DIR"); set {
		c.DataDir = strings.TrimSpace(dir)
	} else if dir, err := os.UserCacheDir(); err == nil {
		c.DataDir = filepath.Join(dir, "reportbot")
	}

	c.IndexSeedDir = strings.TrimSpace(getenv("INDEX_SEED_DIR"))
	c.DatabaseURL = strings.TrimSpace(getenv("DATABASE_URL"))
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("DATABASE_URL must be a PostgreSQL URL, postgres://user:password@host:5432/db"))
	}
	c.CorpusDir = strings.TrimSpace(getenv("CORPUS_DIR"))
	if c.CorpusDir != "" {
		if fi, err := os.Stat(c.CorpusDir); err != nil || !fi.IsDir() {
			errs = append(errs, fmt.Errorf("CORPUS_DIR %q is not a folder", c.CorpusDir))
		}
	}

	c.LogLevel = slog.LevelWarn
	if v := strings.TrimSpace(getenv("LOG_LEVEL")); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("LOG_LEVEL %q is not debug, info, warn or error", v))
		}
	}

	c.LLM = llm.Config{
		APIKey:     strings.TrimSpace(getenv("OPENAI_API_KEY")),
		BaseURL:    strings.TrimSpace(getenv("OPENAI_BASE_URL")),
		ChatModel:  strings.TrimSpace(getenv("OPENAI_CHAT_MODEL")),
		EmbedModel: strings.TrimSpace(getenv("OPENAI_EMBED_MODEL")),
		// Voice questions, in serve.
		TranscribeModel: strings.TrimSpace(getenv("OPENAI_TRANSCRIBE_MODEL")),
	}
	if u := c.LLM.BaseURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("OPENAI_BASE_URL %q is not an http(s) URL such as http://localhost:11434/v1", u))
		}
	}
	c.LLM.EmbedDimensions = intVar(getenv, "OPENAI_EMBED_DIMENSIONS", 0, 0, 1<<16, &errs)
	c.LLM.BatchSize = intVar(getenv, "OPENAI_EMBED_BATCH", llm.DefaultBatchSize, 1, 2048, &errs)
	c.LLM.MaxRetries = intVar(getenv, "OPENAI_MAX_RETRIES", llm.DefaultMaxRetries, 0, 10, &errs)
	c.LLM.Timeout = durationVar(getenv, "OPENAI_TIMEOUT", llm.DefaultTimeout, &errs)
	c.AnswerTimeout = durationVar(getenv, "ANSWER_TIMEOUT", rag.DefaultAnswerTimeout, &errs)

	t := &c.Telegram
	t.Token = strings.TrimSpace(getenv("TELEGRAM_BOT_TOKEN"))
	t.APIURL = strings.TrimSpace(getenv("TELEGRAM_API_URL"))
	t.WebhookURL = strings.TrimSpace(getenv("WEBHOOK_URL"))
	t.WebhookSecret = strings.TrimSpace(getenv("WEBHOOK_SECRET"))
	t.MachineID = strings.TrimSpace(getenv("FLY_MACHINE_ID"))
	if c.DatabaseURL != "" && t.WebhookURL != "" && t.WebhookSecret == "" {
		// Each machine would register the webhook with a secret of its
		// own, and Telegram's deliveries to the others would be refused.
		errs = append(errs, errors.New("WEBHOOK_SECRET must be set when several machines share DATABASE_URL and a webhook: every machine registers the webhook with it"))
	}
	if salt := getenv("LOG_SALT"); salt != "" {
		t.Salt = []byte(salt)
	}
	for name, u := range map[string]string{"TELEGRAM_API_URL": t.APIURL, "WEBHOOK_URL": t.WebhookURL} {
		if p, err := url.Parse(u); u != "" && (err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "") {
			errs = append(errs, fmt.Errorf("%s %q is not an http(s) URL", name, u))
		}
	}
	if p, err := url.Parse(t.WebhookURL); t.WebhookURL != "" && err == nil && p.Scheme != "https" {
		// Telegram sends webhooks only to HTTPS.
		errs = append(errs, fmt.Errorf("WEBHOOK_URL %q must be https: Telegram does not send webhooks to plain http", t.WebhookURL))
	}
	if t.WebhookSecret != "" && !webhookSecretRe.MatchString(t.WebhookSecret) {
		errs = append(errs, errors.New("WEBHOOK_SECRET must be 1 to 256 letters, digits, _ or -"))
	}
	c.Port = intVar(getenv, "PORT", 8080, 1, 65535, &errs)
	c.MetricsPort = intVar(getenv, "METRICS_PORT", 9091, 1, 65535, &errs)
	if c.MetricsPort == c.Port {
		errs = append(errs, fmt.Errorf("METRICS_PORT %d is PORT: the metrics must not be served on the public port", c.MetricsPort))
	}
	t.RateLimit = intVar(getenv, "RATE_LIMIT", bot.DefaultRateLimit, 1, 10000, &errs)
	t.RateWindow = durationVar(getenv, "RATE_WINDOW", bot.DefaultRateWindow, &errs)
	if t.RateWindow < time.Second || t.RateWindow > 24*time.Hour {
		// Shorter is no limit at all; longer keeps a user's question times
		// in memory for days.
		errs = append(errs, fmt.Errorf("RATE_WINDOW %s is not from 1s to 24h", t.RateWindow))
	}
	t.MaxConcurrent = intVar(getenv, "MAX_CONCURRENT", bot.DefaultMaxConcurrent, 1, 1024, &errs)
	return c, errors.Join(errs...)
}

func intVar(getenv func(string) string, name string, def, lo, hi int, errs *[]error) int {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		*errs = append(*errs, fmt.Errorf("%s %q is not a whole number from %d to %d", name, v, lo, hi))
		return def
	}
	return n
}

func durationVar(getenv func(string) string, name string, def time.Duration, errs *[]error) time.Duration {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		*errs = append(*errs, fmt.Errorf("%s %q is not a positive duration such as 20s", name, v))
		return def
	}
	return d
}

// webhookSecretRe is what Telegram allows in a webhook secret token.
var webhookSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// IndexPath is the file the index built by the named embedder is kept in,
// or "" when DataDir is empty. Each embedder has its own file, so that
// switching between offline and remote embeddings rebuilds neither.
func (c Config) IndexPath(embedder string) string {
	if c.DataDir == "" {
		return ""
	}
	return filepath.Join(c.DataDir, "index-"+embedder+".gob")
}
