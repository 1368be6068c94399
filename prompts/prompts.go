package prompts

import (
	"embed"
	"fmt"
	"strings"
	"text/template"

	"reportbot/lang"
)

//go:embed *.tmpl
var files embed.FS

var templates = template.Must(template.ParseFS(files, "*.tmpl"))

// LanguageName names a language as the prompts do, in English: the model
// is told to answer "in Russian".
func LanguageName(l lang.Language) string { return l.Name() }

// Passage is one numbered passage given to the model.
type Passage struct {
	N int
	// Report names the passage's report where there are several, so
	// that the model says which one says what; "" otherwise.
	Report  string
	Section string
	Text    string
}

// AnswerInput is what the answer prompt is filled with.
type AnswerInput struct {
	// Language is the name of the answer's language in English ("Russian").
	Language string
	// NotCovered is the exact reply for a question the passages do not answer.
	NotCovered string
	// Reports name the documents the bot answers from, with the years
	// they cover ("Human Rights Watch, World Report 2017: Kazakhstan:
	// Events of 2016 (events of 2016)").
	Reports  []string
	Passages []Passage
}

// Answer renders the system prompt for writing a cited answer.
func Answer(in AnswerInput) (string, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, "answer.tmpl", in); err != nil {
		return "", fmt.Errorf("render answer prompt: %w", err)
	}
	return b.String(), nil
}

// Turn is one earlier question and answer of a conversation.
type Turn struct {
	Question string
	Answer   string
}

// RewriteInput is what the follow-up prompt is filled with.
type RewriteInput struct {
	// Language is the name of the last message's language in English.
	Language string
	// Reports are as in AnswerInput.
	Reports []string
	Turns   []Turn
}

// Rewrite renders the system prompt that turns a follow-up into a
// standalone question; the follow-up itself is the user message.
func Rewrite(in RewriteInput) (string, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, "rewrite.tmpl", in); err != nil {
		return "", fmt.Errorf("render rewrite prompt: %w", err)
	}
	return b.String(), nil
}
