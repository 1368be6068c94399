package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"reportbot/corpus/corpustest"
	"reportbot/digest"
	"reportbot/lang"
	"reportbot/rag"
	"reportbot/store"
)

// twoReports is the index of the shipped chapter beside the fictional
// test report (see corpustest).
var twoReports = sync.OnceValues(func() (*rag.Index, error) {
	ps, err := corpustest.Passages()
	if err != nil {
		return nil, err
	}
	return rag.Build(context.Background(), ps, rag.NewHashEmbedder(0), "two-reports", nil)
})

// TestTwoReportsInTelegram walks a corpus of two reports as a reader does:
// an answer's sources name their report, /themes lists the reports, then a
// report's sections, then its paragraphs, an inline card cites its own
// report, and so does a digest excerpt.
func TestTwoReportsInTelegram(t *testing.T) {
	ix, err := twoReports()
	if err != nil {
		t.Fatal(err)
	}
	h := startOn(t, ix, Config{}, nil)
	const chat = 19_001

	h.srv.Push(h.srv.PrivateText(chat, "What happened to Ilsa Marendt?", "en"))
	answer := h.sent(t, chat, 1)[0].Params["text"]
	if !strings.Contains(answer, "Annual Review 2018 · ") || strings.Contains(answer, "World Report 2017") {
		t.Errorf("the answer's sources do not name their report:\n%s", answer)
	}

	// A comparison shows each report's lead, under its name, within a
	// first screen.
	const other = 19_003
	h.srv.Push(h.srv.PrivateText(other, "torture in Kazakhstan compared to Veloria", "en"))
	h.sent(t, other, 1)
	sentOther := h.srv.Messages(other)
	cmp := sentOther[len(sentOther)-1]
	var leads int
	for _, e := range cmp.Entities {
		if e.Type == models.MessageEntityTypeBold {
			leads++
		}
	}
	if n := visible(cmp); n > firstScreen || leads < 3 || !strings.Contains(cmp.Text, "From Annual Review 2018") {
		t.Errorf("a comparison shows %d characters and %d bold lines (two leads and the sources' heading):\n%s", n, leads, cmp.Text)
	}

	h.srv.Push(h.srv.PrivateText(chat, "/themes", "en"))
	list := h.sent(t, chat, 2)[1]
	var reports []string
	for _, b := range buttons(t, list) {
		reports = append(reports, b.Text)
	}
	if len(reports) != 2 || !strings.Contains(reports[0], "World Report 2017") || !strings.Contains(reports[1], "Annual Review 2018") {
		t.Fatalf("/themes lists %q, want the two reports", reports)
	}
	msgs := h.srv.Messages(chat)
	tap := func(data string) {
		t.Helper()
		n := len(h.srv.Calls("editMessageText"))
		h.srv.Push(h.srv.CallbackQuery(chat, msgs[len(msgs)-1], data))
		if _, err := h.srv.WaitFor("editMessageText", n+1, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		msgs = h.srv.Messages(chat)
	}
	tap(buttons(t, list)[1].CallbackData)
	shown := msgs[len(msgs)-1]
	var sections []string
	for _, row := range shown.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			sections = append(sections, b.Text)
		}
	}
	if !strings.Contains(strings.Join(sections, "|"), "Media Freedom") || strings.Contains(strings.Join(sections, "|"), "Torture|Torture") {
		t.Fatalf("the test report's sections: %q", sections)
	}
	tap(shown.ReplyMarkup.InlineKeyboard[0][0].CallbackData)
	if page := msgs[len(msgs)-1].Text; !strings.Contains(page, "Northwind Rights Monitor") || !strings.Contains(page, "Velorian") {
		t.Errorf("the report's first paragraph:\n%s", page)
	}

	n := len(h.srv.Calls("answerInlineQuery"))
	h.srv.Push(h.srv.InlineQuery(chat, "Petra Solvane"))
	calls, err := h.srv.WaitFor("answerInlineQuery", n+1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var cards []struct {
		ID      string `json:"id"`
		Content struct {
			Text string `json:"message_text"`
		} `json:"input_message_content"`
	}
	if err := calls[len(calls)-1].Decode("results", &cards); err != nil || len(cards) == 0 {
		t.Fatalf("inline cards: %v %v", cards, err)
	}
	if !strings.HasPrefix(cards[0].ID, "vl2017-") || !strings.Contains(cards[0].Content.Text, "Northwind Rights Monitor") {
		t.Errorf("the first card for a name of the test report: %s %s", cards[0].ID, cards[0].Content.Text)
	}

	p, ok := ix.Passage("vl2017-torture-1", lang.Russian)
	if !ok {
		t.Fatal("no passage vl2017-torture-1")
	}
	if _, err := h.bot.SendExcerpt(context.Background(), chat, digest.Excerpt{Lang: lang.Russian, Theme: p.SectionTitle, Passage: p, Day: "2026-12-03"}); err != nil {
		t.Fatal(err)
	}
	sent := h.srv.Sent(chat)
	if got := sent[len(sent)-1].Params["text"]; !strings.Contains(got, "Northwind Rights Monitor") || !strings.Contains(got, "Danel Orvik") {
		t.Errorf("a digest excerpt of the English-only report in a Russian digest:\n%s", got)
	}
}

// TestASubscriptionFromBeforeTheSecondReport: a chat subscribed to
// "assembly" when the corpus had one report sees that theme ticked in both
// reports, and unticking one report's keeps the other's, by its own name.
func TestASubscriptionFromBeforeTheSecondReport(t *testing.T) {
	ix, err := twoReports()
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t, t.TempDir())
	ctx := context.Background()
	const chat = 19_002
	// Saved as today's bot saves it, before the corpus grew.
	if err := st.SaveSubscription(ctx, store.Subscription{ChatID: chat, Themes: []string{"assembly"}, Hour: 9, TZ: "UTC", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	h := startOn(t, ix, Config{}, []Option{WithStore(st)})
	panel := h.say(t, chat, "/digest")
	var ticked []string
	for _, b := range buttons(t, panel) {
		if strings.HasPrefix(b.Text, "✅") && strings.HasPrefix(b.CallbackData, cbDigest+"t:") {
			ticked = append(ticked, b.CallbackData)
		}
	}
	for _, b := range buttons(t, panel) {
		if b.CallbackData == ticked[min(1, len(ticked)-1)] && !strings.Contains(b.Text, "2017") {
			t.Errorf("the test report's theme does not say which report it is: %q", b.Text)
		}
	}
	if len(ticked) != 2 {
		t.Fatalf("%d themes ticked for a bare 'assembly' in two reports, want both reports' assembly: %s", len(ticked), panel.Params["reply_markup"])
	}
	msgs := h.srv.Messages(chat)
	n := len(h.srv.Calls("answerCallbackQuery"))
	// The second is the test report's, which comes after the chapter.
	h.srv.Push(h.srv.CallbackQuery(chat, msgs[len(msgs)-1], ticked[1]))
	if _, err := h.srv.WaitFor("answerCallbackQuery", n+1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	sub, _, err := st.Subscription(ctx, chat)
	if err != nil || !slices.Equal(sub.Themes, []string{"kz2016/assembly"}) {
		t.Errorf("after unticking the test report's assembly: %v %v", sub.Themes, err)
	}
}
