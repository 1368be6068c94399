package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"reportbot/config"
	"reportbot/corpus"
	"reportbot/llm"
	"reportbot/rag"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// CLI runs subcommands with its streams and configuration.
type CLI struct {
	Config config.Config
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger

	// observeLLM, when set, sees every request to the model server.
	observeLLM func(kind string, err error)
}

const usage = `reportbot answers questions about Human Rights Watch's World Report 2017
chapter on Kazakhstan, with citations, in English, Russian or Kazakh.

Usage:
  reportbot ask [--json] [--conversation] [--corpus DIR] [QUESTION]
                                                     answer a question, or one per line from stdin
  reportbot serve [--corpus DIR]                     run the Telegram bot (TELEGRAM_BOT_TOKEN)
  reportbot digest --dry-run [--date YYYY-MM-DD]     show the daily digests that would be sent
  reportbot backup FILE                              copy the bot's database while it runs
  reportbot migrate                                  bring the database's schema up to date, and say its version
  reportbot copy-db FROM TO                          copy the chats' data into a new database (SQLite file or postgres:// URL)
  reportbot ingest [--corpus DIR]                    build the index now
  reportbot eval [--corpus DIR] [-v] FILE.jsonl      score answers against an eval file

Settings come from the environment (DATA_DIR, CORPUS_DIR, OPENAI_API_KEY, …): see the README.
`

// Run runs the subcommand in args (without the program name) and returns the
// process exit code.
func (c *CLI) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.Stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "ask":
		err = c.ask(ctx, args[1:])
	case "ingest":
		err = c.ingest(ctx, args[1:])
	case "eval":
		err = c.eval(ctx, args[1:])
	case "serve":
		err = c.serve(ctx, args[1:])
	case "digest":
		err = c.digest(ctx, args[1:])
	case "backup":
		err = c.backup(ctx, args[1:])
	case "migrate":
		err = c.migrate(ctx, args[1:])
	case "copy-db":
		err = c.copyDB(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(c.Stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(c.Stderr, "reportbot: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(c.Stderr, "reportbot %s: %v\n", args[0], err)
		return exitUsage
	default:
		fmt.Fprintf(c.Stderr, "reportbot %s: %v\n", args[0], err)
		return exitError
	}
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flags returns a flag set for a subcommand with the shared --corpus flag.
func (c *CLI) flags(name string) (*flag.FlagSet, *string) {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(c.Stderr)
	dir := fl.String("corpus", c.Config.CorpusDir, "corpus `folder` to use instead of the built-in report")
	return fl, dir
}

func (c *CLI) parse(fl *flag.FlagSet, args []string) error {
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// corpusFS returns the corpus folder, or the built-in corpus when dir is "".
func corpusFS(dir string) (fs.FS, error) {
	if dir == "" {
		return corpus.Files, nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, usageError{fmt.Sprintf("corpus %q is not a folder", dir)}
	}
	return os.DirFS(dir), nil
}

// engine opens the index of the corpus (building it when needed). With an
// OpenAI-compatible server configured it embeds with the server and lets
// its model write answers; when the server refuses the key or cannot be
// reached it says so once and answers offline.
func (c *CLI) engine(ctx context.Context, dir string, opts ...rag.Option) (*rag.Engine, error) {
	fsys, err := corpusFS(dir)
	if err != nil {
		return nil, err
	}
	opts = append(opts, rag.WithLogger(c.Log))
	if c.Config.LLMEnabled() {
		lopts := []llm.Option{llm.WithProgress(progress(c.Stderr))}
		if c.observeLLM != nil {
			lopts = append(lopts, llm.WithObserver(c.observeLLM))
		}
		client := llm.New(c.Config.LLM, lopts...)
		ix, err := c.remoteIndex(ctx, client, dir, fsys)
		if err == nil {
			opts = append(opts, rag.WithChat(client), rag.WithAnswerTimeout(c.Config.AnswerTimeout))
			return rag.NewEngine(ix, opts...), nil
		}
		if !errors.Is(err, llm.ErrAuth) && !errors.Is(err, llm.ErrUnavailable) {
			return nil, err
		}
		fmt.Fprintf(c.Stderr, "reportbot: LLM answers are off: %v\nreportbot: answering offline, with the report's own words.\n", err)
	}
	emb := rag.NewHashEmbedder(0)
	path := c.indexPath(emb, dir)
	c.seed(path)
	ix, err := rag.Open(ctx, path, fsys, emb, c.Log)
	if err != nil {
		return nil, err
	}
	return rag.NewEngine(ix, opts...), nil
}

// seed copies a prebuilt index from INDEX_SEED_DIR when path has none, so
// that a new volume starts from the index baked into the image instead of
// building one. rag.Open still checks that it fits the corpus.
func (c *CLI) seed(path string) {
	if c.Config.IndexSeedDir == "" || path == "" {
		return
	}
	if _, err := os.Stat(path); err == nil {
		return
	}
	src, err := os.ReadFile(filepath.Join(c.Config.IndexSeedDir, filepath.Base(path)))
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return
	}
	tmp := path + ".seed.tmp"
	if err := os.WriteFile(tmp, src, 0o600); err != nil {
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return
	}
	c.Log.Info("index copied from the seed folder")
}

// remoteIndex checks the server, then opens the index it embeds.
func (c *CLI) remoteIndex(ctx context.Context, client *llm.Client, dir string, fsys fs.FS) (*rag.Index, error) {
	if err := client.Check(ctx); err != nil {
		return nil, err
	}
	path := c.indexPath(client, dir)
	c.seed(path)
	return rag.Open(ctx, path, fsys, client, c.Log)
}

// indexPath keeps the index of another corpus folder apart from the
// built-in one's, so that switching back and forth does not rebuild both.
func (c *CLI) indexPath(emb rag.Embedder, dir string) string {
	name := emb.Name()
	if dir != "" {
		name += "-custom"
	}
	return c.Config.IndexPath(name)
}

func (c *CLI) ingest(ctx context.Context, args []string) error {
	fl, dir := c.flags("ingest")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{"ingest takes no arguments; use --corpus DIR for another corpus"}
	}
	fsys, err := corpusFS(*dir)
	if err != nil {
		return err
	}
	var emb rag.Embedder = rag.NewHashEmbedder(0)
	if c.Config.LLMEnabled() {
		client := llm.New(c.Config.LLM, llm.WithProgress(progress(c.Stderr)))
		if err := client.Check(ctx); err != nil {
			return err
		}
		emb = client
	}
	path := c.indexPath(emb, *dir)
	ix, err := rag.Rebuild(ctx, path, fsys, emb, c.Log)
	if err != nil {
		return err
	}
	where := path
	if where == "" {
		where = "memory (DATA_DIR is empty)"
	}
	fmt.Fprintf(c.Stdout, "indexed %d passages with %s into %s\n", ix.Len(), emb.Name(), where)
	return nil
}
