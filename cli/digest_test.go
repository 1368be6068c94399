package cli

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/telegramtest"
	"reportbot/config"
	"reportbot/store"
)

func TestDigestDryRunPrintsHashedPlansAndChangesNothing(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(data, "reportbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []store.Subscription{
		{ChatID: 555001, Hour: 9, TZ: "Asia/Almaty", Lang: "ru", Themes: []string{"torture"}},
		{ChatID: -100777, Hour: 20, TZ: "Europe/Berlin", Lang: "kk"},
	} {
		st.SaveSubscription(context.Background(), s)
	}
	st.Close()

	var first string
	for range 2 {
		code, out, errs := run(t, data, "", "digest", "--dry-run", "--date", "2026-11-30")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, want := range []string{"2026-11-30 09:00 Asia/Almaty", "ru", "kz2016-torture-1", "2026-11-30 20:00 Europe/Berlin", "2 digests"} {
			if !strings.Contains(out, want) {
				t.Errorf("dry run lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "555001") || strings.Contains(out, "100777") {
			t.Errorf("dry run shows raw chat ids:\n%s", out)
		}
		if strings.Contains(out, bot.HashID(nil, 555001)) {
			t.Errorf("without LOG_SALT the dry run hashes with an empty key, which anyone can undo:\n%s", out)
		}
		// Each run without LOG_SALT has its own key; the plans must match.
		out = regexp.MustCompile(`[0-9a-f]{12}`).ReplaceAllString(out, "#")
		if first != "" && out != first {
			t.Errorf("a second dry run differs: the first changed the rotation\n%s\n%s", first, out)
		}
		first = out
	}
	for _, bad := range [][]string{{"digest", "--dry-run", "--date", "30.11.2026"}, {"digest", "--date", "2026-11-30"}, {"digest"}} {
		if code, _, errs := run(t, data, "", bad...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errs)
		}
	}
}

func TestBackupCommand(t *testing.T) {
	data := t.TempDir()
	st, _ := store.Open(context.Background(), filepath.Join(data, "reportbot.db"))
	st.SaveSubscription(context.Background(), store.Subscription{ChatID: 9, Hour: 9, TZ: "UTC", Lang: "en"})
	st.Close()
	dst := filepath.Join(t.TempDir(), "b.db")
	if code, out, errs := run(t, data, "", "backup", dst); code != 0 || !strings.Contains(out, "copied") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if code, _, _ := run(t, data, "", "backup"); code != 2 {
		t.Errorf("backup without a file: exit %d", code)
	}
}

func TestDigestSendsWhatIsDueThroughTheBotAPI(t *testing.T) {
	const token = "4242:DIGESTtestTOKEN-abcdef"
	tg := telegramtest.New(token)
	defer tg.Close()
	data := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(data, "reportbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.SaveSubscription(context.Background(), store.Subscription{ChatID: 555002, Hour: 0, TZ: "UTC", Lang: "ru", Themes: []string{"torture"}})
	st.Close()
	// Subscribed two days ago, due from midnight: whenever the test runs,
	// today's digest is due. The store stamps subscriptions with the time
	// they are made, so the test moves the stamp back in the file itself.
	db, err := sql.Open("sqlite", filepath.Join(data, "reportbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE subscriptions SET created_at = ? WHERE chat_id = 555002`, time.Now().Add(-48*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	send := func() string {
		var out, errb bytes.Buffer
		c := &CLI{
			Config: config.Config{DataDir: data, Telegram: bot.Config{Token: token, APIURL: tg.URL}},
			Stdin:  strings.NewReader(""), Stdout: &out, Stderr: &errb, Log: slog.New(slog.DiscardHandler),
		}
		if code := c.Run(context.Background(), []string{"digest"}); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		return out.String()
	}
	if out := send(); !strings.Contains(out, "sent 1 of 1 due") {
		t.Errorf("first run: %q", out)
	}
	msgs := tg.Sent(555002)
	if len(msgs) != 1 || !strings.Contains(msgs[0].Params["text"], "kz2016-torture-1") {
		t.Fatalf("the subscriber got %v", msgs)
	}
	if out := send(); !strings.Contains(out, "sent 0 of 0 due") || len(tg.Sent(555002)) != 1 {
		t.Errorf("a second run the same day sent again: %q", out)
	}
	// Sending the digest is not running the bot: no updates are taken
	// (they would be confirmed and lost to the serving bot), no menus set.
	for _, m := range []string{"getUpdates", "deleteWebhook", "setMyCommands"} {
		if n := len(tg.Calls(m)); n > 0 {
			t.Errorf("the digest run called %s %d times", m, n)
		}
	}
}
