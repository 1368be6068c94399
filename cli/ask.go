package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"reportbot/lang"
	"reportbot/locale"
	"reportbot/rag"
)

// maxLineBytes bounds one line read from stdin; a longer line is a pasted
// document, and is answered as a question that is too long.
const maxLineBytes = 64 * 1024

func (c *CLI) ask(ctx context.Context, args []string) error {
	fl, dir := c.flags("ask")
	asJSON := fl.Bool("json", false, "print one JSON object per answer")
	conversation := fl.Bool("conversation", false, "read stdin as one conversation, so that follow-ups refer to earlier questions")
	if err := c.parse(fl, args); err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(fl.Args(), " "))
	if fl.NArg() > 0 && question == "" {
		return usageError{"the question is empty"}
	}
	// Loaded once, for the engine and the printing alike: stdin may bring
	// many questions.
	msgs, err := locale.Load()
	if err != nil {
		return fmt.Errorf("load the texts: %w", err)
	}
	opts := []rag.Option{rag.WithMessages(msgs)}
	conv := ""
	if *conversation {
		opts = append(opts, rag.WithMemory(rag.NewMemory(1, conversationTurns, time.Hour)))
		conv = "stdin"
	}
	eng, err := c.engine(ctx, *dir, opts...)
	if err != nil {
		return err
	}
	var print func(rag.Answer) error
	if *asJSON {
		enc := json.NewEncoder(c.Stdout)
		enc.SetEscapeHTML(false)
		print = func(a rag.Answer) error { return enc.Encode(a) }
	} else {
		named := len(eng.Index().Reports()) > 1
		print = func(a rag.Answer) error { return printText(c.Stdout, msgs, a, named) }
	}
	if question != "" {
		a, err := eng.Ask(ctx, question, lang.English)
		if err != nil {
			return err
		}
		return print(a)
	}
	return askLines(ctx, eng, conv, c.Stdin, print)
}

// conversationTurns is how many earlier turns a follow-up is read against.
const conversationTurns = 4

// askLines answers every non-blank line of r in order, within conversation
// conv ("" for independent questions).
func askLines(ctx context.Context, eng *rag.Engine, conv string, r io.Reader, print func(rag.Answer) error) error {
	br := bufio.NewReaderSize(r, maxLineBytes)
	for {
		line, err := readLine(br)
		if line = strings.TrimSpace(line); line != "" {
			a, aerr := eng.AskIn(ctx, conv, line, lang.English)
			if aerr != nil {
				return aerr
			}
			if perr := print(a); perr != nil {
				return perr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read questions: %w", err)
		}
	}
}

// readLine reads one line of any length, keeping at most maxLineBytes of it:
// the rest of an over-long line is read and dropped, so the next line still
// starts where it should.
func readLine(br *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := br.ReadLine()
		if b.Len() < maxLineBytes {
			b.Write(chunk[:min(len(chunk), maxLineBytes-b.Len())])
		}
		if err != nil || !isPrefix {
			return b.String(), err
		}
	}
}

// printText prints an answer for a person: the answer, then each source with
// its section, id, quoted passage and link, and the passages a partial
// answer quotes as context under a heading of their own. The words around them are the
// bot's own messages, so the terminal and Telegram say the same. named is
// true when the corpus has several reports: each source names its own.
func printText(w io.Writer, msgs *locale.Messages, a rag.Answer, named bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", a.Answer)
	list := func(heading string, cits []rag.Citation) {
		if len(cits) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", msgs.T(lang.Language(a.Language), heading, nil))
		for _, cit := range cits {
			mark, section := "", cit.Section
			if cit.Unofficial {
				mark = ", " + msgs.T(lang.Language(cit.Lang), "Unofficial", nil)
			}
			if named {
				section = cit.Report + " · " + section
			}
			fmt.Fprintf(&b, "[%d] %s (%s%s)\n    %s\n    %s\n", cit.N, section, cit.ID, mark, cit.Text, cit.URL)
		}
	}
	list("SourcesHeading", a.Citations)
	// What a partial answer quotes is context, not a source of it.
	list("RelatedSourcesHeading", a.Related)
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
