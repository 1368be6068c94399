// Package config reads the bot's settings from the environment, in one place,
// and checks them before anything starts.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Config is every setting of the bot. Each field names its environment
// variable; the README's configuration table lists them all.
type Config struct {
	// DataDir (DATA_DIR) is where the index is kept. Empty keeps it in
	// memory only. Default: the user's cache folder, reportbot/.
	DataDir string
	// CorpusDir (CORPUS_DIR) is a corpus folder to use instead of the
	// corpus built into the binary.
	CorpusDir string
	// LogLevel (LOG_LEVEL) is debug, info, warn or error. Default: warn for
	// command-line use, so that answers are not buried in log lines.
	LogLevel slog.Level
}

// FromEnv reads the configuration through getenv (os.Getenv in main) and
// reports every problem at once.
func FromEnv(getenv func(string) string) (Config, error) {
	var c Config
	var errs []error

	c.DataDir = strings.TrimSpace(getenv("DATA_DIR"))
	if c.DataDir == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			c.DataDir = filepath.Join(dir, "reportbot")
		}
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
	return c, errors.Join(errs...)
}

// IndexPath is the file the index built by the named embedder is kept in,
// or "" when DataDir is empty. Each embedder has its own file, so that
// switching between offline and remote embeddings rebuilds neither.
func (c Config) IndexPath(embedder string) string {
	if c.DataDir == "" {
		return ""
	}
	return filepath.Join(c.DataDir, "index-"+embedder+".gob")
}
