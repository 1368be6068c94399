package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/config"
)

// run runs the command line with a fresh data folder unless dataDir is set.
func run(t *testing.T, dataDir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	var out, errb bytes.Buffer
	c := &CLI{
		Config: config.Config{DataDir: dataDir},
		Stdin:  strings.NewReader(stdin),
		Stdout: &out, Stderr: &errb,
		Log: slog.New(slog.DiscardHandler),
	}
	code = c.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// contractFields are the fields of `ask --json`, which other tools rely on.
var contractFields = []string{"question", "language", "found", "mode", "answer", "citations", "passages"}

func TestAskJSONKeepsTheContract(t *testing.T) {
	code, out, errs := run(t, "", "", "ask", "--json", "Что случилось с Максом Бокаевым?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	for _, f := range contractFields {
		if _, ok := obj[f]; !ok {
			t.Errorf("field %q missing", f)
		}
	}
	var a struct {
		Language  string
		Found     bool
		Mode      string
		Answer    string
		Citations []map[string]any
		Passages  []map[string]any
	}
	json.Unmarshal([]byte(out), &a)
	if a.Language != "ru" || !a.Found || a.Mode != "extractive" || !strings.Contains(a.Answer, "[1]") {
		t.Errorf("answer %+v", a)
	}
	if len(a.Passages) < 5 {
		t.Errorf("%d passages, want at least 5", len(a.Passages))
	}
	for _, c := range a.Citations {
		for _, f := range []string{"n", "id", "section", "lang", "text", "original", "url"} {
			if _, ok := c[f]; !ok {
				t.Errorf("citation lacks %q", f)
			}
		}
	}
	for _, p := range a.Passages {
		for _, f := range []string{"id", "score", "section", "lang", "text", "original"} {
			if _, ok := p[f]; !ok {
				t.Errorf("passage lacks %q", f)
			}
		}
	}
}

func TestAskJSONReadsQuestionsFromStdinInOrder(t *testing.T) {
	stdin := "What happened to Maks Bokaev?\n\nКакая сегодня погода в Алматы?\r\nЛариса Харькова не айтты?\n" +
		strings.Repeat("x", 100_000) + "\n"
	code, out, errs := run(t, "", stdin, "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines of output for 4 questions:\n%s", len(lines), out)
	}
	want := []struct {
		lang  string
		found bool
	}{{"en", true}, {"ru", false}, {"kk", true}, {"en", false}}
	for i, line := range lines {
		var a struct {
			Language string
			Found    bool
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if a.Language != want[i].lang || a.Found != want[i].found {
			t.Errorf("line %d: language %s found %v, want %s %v", i+1, a.Language, a.Found, want[i].lang, want[i].found)
		}
	}
}

func TestAskPrintsAReadableAnswerWithSources(t *testing.T) {
	code, out, errs := run(t, "", "", "ask", "Что случилось с Максом Бокаевым?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"[1]", "Источники:", "kz2016-assembly-2", "неофициальный перевод", "#:~:text="} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestBadCommandLinesGetAClearErrorAndExitCode(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"ask", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"ask", "--corpus", "/does/not/exist", "q"}, 2, "is not a folder"},
		{[]string{"ask", "  "}, 2, "the question is empty"},
		{[]string{"eval"}, 2, "give one eval file"},
		{[]string{"eval", "/does/not/exist.jsonl"}, 1, "no such file"},
		{[]string{"ingest", "extra"}, 2, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errs := run(t, "", "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errs, tt.code, tt.want)
			}
		})
	}
}

func TestIngestWritesTheIndexThatAskThenUses(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, data, "", "ingest")
	if code != 0 || !strings.Contains(out, "indexed 132 passages") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join(data, "index-*.gob"))
	if len(files) != 1 {
		t.Fatalf("index files %v, want one", files)
	}
	before, _ := os.Stat(files[0])
	if code, _, errs := run(t, data, "", "ask", "torture"); code != 0 {
		t.Fatalf("ask after ingest: exit %d: %s", code, errs)
	}
	after, _ := os.Stat(files[0])
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("ask rebuilt an index that was fresh")
	}
}

func TestAskUsesAnotherCorpusFolderAndReportsItsErrors(t *testing.T) {
	dir := t.TempDir()
	doc := "---\ntitle: Test report\nlanguage: en\nsource: https://example.org/report\ndoc: test\n---\n\n" +
		"## Water {#water}\n\nThe river Ural flooded the city of Atyrau in April.\n"
	os.WriteFile(filepath.Join(dir, "test.md"), []byte(doc), 0o600)
	code, out, errs := run(t, "", "", "ask", "--json", "--corpus", dir, "Which city did the Ural river flood?")
	if code != 0 || !strings.Contains(out, "test-water-1") || !strings.Contains(out, "https://example.org/report#:~:text=") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}

	os.WriteFile(filepath.Join(dir, "broken.md"), []byte("no front matter here\n"), 0o600)
	code, _, errs = run(t, "", "", "ask", "--corpus", dir, "flood")
	if code != 1 || !strings.Contains(errs, "broken.md") || !strings.Contains(errs, "front matter") {
		t.Errorf("broken corpus: exit %d, stderr %q", code, errs)
	}
}

func TestEvalPrintsTheTable(t *testing.T) {
	code, out, errs := run(t, "", "", "eval", "../eval/testdata/questions.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"hit@3", "kk", "declined"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestAnEmptyDataFolderStartsFromTheSeedIndex(t *testing.T) {
	seed := t.TempDir()
	if code, _, errs := run(t, seed, "", "ingest"); code != 0 {
		t.Fatal(errs)
	}
	seeded, _ := filepath.Glob(filepath.Join(seed, "index-*.gob"))
	want, _ := os.ReadFile(seeded[0])

	data := t.TempDir()
	var out, errb, logs bytes.Buffer
	c := &CLI{
		Config: config.Config{DataDir: data, IndexSeedDir: seed},
		Stdin:  strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}
	if code := c.Run(context.Background(), []string{"ask", "torture"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got, err := os.ReadFile(filepath.Join(data, filepath.Base(seeded[0])))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("the data folder's index is not the seed's (err %v)", err)
	}
	if !strings.Contains(logs.String(), "copied from the seed") || strings.Contains(logs.String(), "index built") {
		t.Errorf("the index was built instead of copied:\n%s", logs.String())
	}
}

// TestAskConversationReadsOnlyRealFollowUpsWithContext sends a conversation
// through `ask --json --conversation` as a user would type it: a question
// that stands alone after another is not answered from the one before,
// thanks are not answered with a repeat, and a follow-up with a pronoun is
// read with the question it refers to.
func TestAskConversationReadsOnlyRealFollowUpsWithContext(t *testing.T) {
	stdin := "What happened to Maks Bokaev?\nWhat is the capital of France?\nThanks!\nAnd what were they charged with?\n" +
		"Что случилось с Козловым?\nok\nА его ограничения?\n"
	code, out, errs := run(t, "", stdin, "ask", "--json", "--conversation")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	type answer struct {
		Answer    string
		Found     bool
		SmallTalk bool `json:"small_talk"`
		Citations []struct{ ID string }
	}
	var answers []answer
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		var a answer
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("not JSON: %s", line)
		}
		answers = append(answers, a)
	}
	if len(answers) != 7 {
		t.Fatalf("%d answers for 7 lines", len(answers))
	}
	cited := func(i int, id string) bool {
		for _, c := range answers[i].Citations {
			if c.ID == id {
				return true
			}
		}
		return false
	}
	if answers[1].Found || len(answers[1].Citations) > 0 {
		t.Errorf("a standalone question was answered from the one before: %s", answers[1].Answer)
	}
	if !answers[2].SmallTalk || len(answers[2].Citations) > 0 || answers[2].Answer == answers[0].Answer {
		t.Errorf("thanks got %q", answers[2].Answer)
	}
	if !cited(3, "kz2016-assembly-3") {
		t.Errorf("the follow-up about their charges cites %+v", answers[3].Citations)
	}
	if !answers[5].SmallTalk {
		t.Errorf("ok got %q", answers[5].Answer)
	}
	if !cited(6, "kz2016-civil-society-3") {
		t.Errorf("«А его ограничения?» after Kozlov cites %+v: %s", answers[6].Citations, answers[6].Answer)
	}
}

// TestBackupOfAMistypedDataDirFails backs up a data folder that has no
// database, as a mistyped DATA_DIR gives: it must fail and write nothing,
// not "succeed" with an empty database.
func TestBackupOfAMistypedDataDirFails(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "backup.db")
	code, _, errs := run(t, filepath.Join(dir, "tpyo"), "", "backup", out)
	if code == 0 || !strings.Contains(errs, "no database") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a backup file was written")
	}
	if _, err := os.Stat(filepath.Join(dir, "tpyo", "reportbot.db")); err == nil {
		t.Error("an empty database was created in the mistyped folder")
	}
}
