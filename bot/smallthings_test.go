package bot

import (
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
)

// TestSmallThingsPeopleNotice walks the small things a person notices:
// blank messages, a question under a photo, a location, a card the bot
// itself posted, a deep link, the "Original" button, repeated rate-limit
// notices, inline searches that match nothing.
func TestSmallThingsPeopleNotice(t *testing.T) {
	h := start(t, Config{RateLimit: 3, RateWindow: time.Hour})
	notText := func(l lang.Language) string {
		return h.bot.msgs.T(l, "NotText", h.bot.example(l))
	}

	t.Run("a blank message is asked to be text, not 'something went wrong'", func(t *testing.T) {
		const chat = 4101
		h.srv.Push(h.srv.PrivateText(chat, "   \n\t ", "en"))
		if got := html.UnescapeString(h.sent(t, chat, 1)[0].Params["text"]); got != notText(lang.English) {
			t.Errorf("blank message got %q", got)
		}
	})
	t.Run("a question under a photo is answered", func(t *testing.T) {
		const chat = 4102
		h.srv.Push(h.srv.Photo(chat, chat, "What happened to Maks Bokaev?"))
		if got := h.sent(t, chat, 1)[0].Params["text"]; !strings.Contains(got, "15 days") {
			t.Errorf("photo caption question got %q", got)
		}
	})
	t.Run("a location gets the text-only hint", func(t *testing.T) {
		const chat = 4103
		u := h.srv.PrivateText(chat, "x", "en")
		u.Message.Text, u.Message.Entities = "", nil
		u.Message.Location = &models.Location{Latitude: 43.24, Longitude: 76.89}
		h.srv.Push(u)
		if got := html.UnescapeString(h.sent(t, chat, 1)[0].Params["text"]); got != notText(lang.English) {
			t.Errorf("location got %q", got)
		}
	})
	t.Run("a card posted through the bot's inline mode is not a question", func(t *testing.T) {
		const chat = 4104
		u := h.srv.PrivateText(chat, "«Libel remains a criminal offense.» — Media, Human Rights Watch", "en")
		bot := h.srv.BotUser()
		u.Message.ViaBot = &bot
		h.srv.Push(u)
		h.srv.Push(h.srv.PrivateText(chat, "/help", "en"))
		h.sent(t, chat, 1)
		time.Sleep(200 * time.Millisecond)
		if msgs := h.srv.Sent(chat); len(msgs) != 1 || !strings.Contains(msgs[0].Params["text"], "/themes") {
			t.Errorf("after an inline card and /help the bot sent %d messages: %v", len(msgs), msgs)
		}
	})
	t.Run("a deep link opens its passage", func(t *testing.T) {
		const chat = 4105
		h.srv.Push(h.srv.PrivateText(chat, "/start kz2016-torture-1", "ru"))
		if got := h.sent(t, chat, 1)[0].Params["text"]; !strings.Contains(got, "Генеральный прокурор") {
			t.Errorf("/start kz2016-torture-1 showed %q", got)
		}
	})
	t.Run("Original (EN) is offered only under a translation", func(t *testing.T) {
		const en, ru = 4106, 4107
		h.srv.Push(h.srv.PrivateText(en, "What happened to Maks Bokaev?", "en"))
		h.srv.Push(h.srv.PrivateText(ru, "Что случилось с Максом Бокаевым?", "ru"))
		enMsgs, ruMsgs := h.sent(t, en, 1), h.sent(t, ru, 1)
		if kb := enMsgs[len(enMsgs)-1].Params["reply_markup"]; strings.Contains(kb, `"o:`) {
			t.Errorf("an English answer offers its own original: %s", kb)
		}
		if kb := ruMsgs[len(ruMsgs)-1].Params["reply_markup"]; !strings.Contains(kb, `"o:`) {
			t.Errorf("a Russian answer does not offer the original: %s", kb)
		}
		// Two taps post the originals once, and the button goes.
		data := keyboardData(t, ruMsgs[len(ruMsgs)-1])
		all := h.srv.Messages(ru)
		for range 2 {
			h.srv.Push(h.srv.CallbackQuery(ru, all[len(all)-1], data[0]))
		}
		h.settled(t, ru)
		originals := 0
		for _, m := range h.srv.Sent(ru) {
			if strings.Contains(m.Params["text"], "In advance of countrywide protests") {
				originals++
			}
		}
		if originals != 1 {
			t.Errorf("two taps on Original (EN) posted it %d times", originals)
		}
	})
	t.Run("a burst past the limit gets one notice", func(t *testing.T) {
		const chat = 4108
		for range 10 {
			h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		}
		h.settled(t, chat)
		notices := 0
		for _, m := range h.srv.Sent(chat) {
			if strings.Contains(m.Params["text"], "short time") {
				notices++
			}
		}
		if notices != 1 {
			t.Errorf("%d rate-limit notices for one burst, want 1", notices)
		}
	})
	t.Run("an inline search with no match says so in the searcher's language and posts nothing", func(t *testing.T) {
		for _, c := range []struct {
			user       int64
			code, text string
			want       lang.Language
		}{
			{4109, "en", "weather forecast for tomorrow", lang.English},
			// «ауа райы» has nothing Russian in it: a Kazakh reader's.
			{4110, "kk", "ауа райы", lang.Kazakh},
			{4111, "ru", "прогноз погоды", lang.Russian},
		} {
			h.srv.Push(h.srv.PrivateText(c.user, "/privacy", c.code))
			h.srv.WaitFor("sendMessage", len(h.srv.Calls("sendMessage"))+1, 5*time.Second)
			n := len(h.srv.Calls("answerInlineQuery"))
			h.srv.Push(h.srv.InlineQuery(c.user, c.text))
			calls, err := h.srv.WaitFor("answerInlineQuery", n+1, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			call := calls[len(calls)-1]
			if !call.OK() {
				t.Fatalf("%s: the Bot API refused the answer: %v", c.text, call)
			}
			var results []json.RawMessage
			var button struct {
				Text           string `json:"text"`
				StartParameter string `json:"start_parameter"`
			}
			if err := call.Decode("results", &results); err != nil || call.Decode("button", &button) != nil {
				t.Fatalf("%s: results %v, button %q", c.text, err, call.Params["button"])
			}
			// A result could be posted into the chat; the button only
			// opens the bot.
			if len(results) != 0 {
				t.Errorf("%s: %d postable results for no match", c.text, len(results))
			}
			if want := h.bot.msgs.T(c.want, "InlineNothing", nil); button.Text != want || button.StartParameter == "" {
				t.Errorf("%s: button %+v, want the text %q", c.text, button, want)
			}
			if call.Params["is_personal"] != "true" {
				t.Errorf("inline answer is_personal = %q", call.Params["is_personal"])
			}
			// The button opens the bot with how to ask, not a passage.
			n = len(h.srv.Sent(c.user))
			h.srv.Push(h.srv.PrivateText(c.user, "/start "+button.StartParameter, c.code))
			got := html.UnescapeString(h.sent(t, c.user, n+1)[n].Params["text"])
			if want := h.bot.msgs.T(c.want, "Start", h.bot.example(c.want)); got != want {
				t.Errorf("%s: the button's /start opens %q, want the welcome", c.text, got)
			}
		}
	})
}

// TestDigestButtonsSaySavedOnlyWhenSomethingChanged taps the hour label and
// "all themes" when all are already chosen: nothing changes, so nothing
// says "Saved."; a real change does.
func TestDigestButtonsSaySavedOnlyWhenSomethingChanged(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	const chat = 4201
	h.say(t, chat, "/digest on")
	msgs := h.srv.Messages(chat)
	saved := h.bot.msgs.T(lang.Russian, "DigestSaved", nil)
	for i, tc := range []struct {
		data  string
		saved bool
	}{{"dg:h:0", false}, {"dg:all", false}, {"dg:on", false}, {"dg:h:+", true}} {
		h.srv.Push(h.srv.CallbackQuery(chat, msgs[len(msgs)-1], tc.data))
		calls, err := h.srv.WaitFor("answerCallbackQuery", i+1, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got := calls[i].Params["text"] == saved; got != tc.saved {
			t.Errorf("%s: said %q", tc.data, calls[i].Params["text"])
		}
	}
}

// TestAnEditedQuestionGetsItsAnswerEdited edits a question after its
// answer: the answer is edited to the new question's, and nothing new is
// sent; an edit of a message that was no question is ignored.
func TestAnEditedQuestionGetsItsAnswerEdited(t *testing.T) {
	h := start(t, Config{})
	const chat = 4301
	first := h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en")
	h.srv.Push(first)
	h.settled(t, chat)
	before := len(h.srv.Sent(chat))
	h.editQuestion(first, "Was Kozlov released?")
	calls, err := h.srv.WaitFor("editMessageText", 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := calls[0].Params["text"]; !strings.Contains(got, "parole") || strings.Contains(got, "Bokaev") {
		t.Errorf("the edited answer says: %s", got)
	}
	if after := len(h.srv.Sent(chat)); after != before {
		t.Errorf("an edited question got %d new messages", after-before)
	}
}

// TestTheBotGreetsAGroupItIsAddedTo adds the bot to a group, as Telegram
// tells it (my_chat_member): it says how to ask it there, in the language
// of whoever added it.
func TestTheBotGreetsAGroupItIsAddedTo(t *testing.T) {
	h := start(t, Config{})
	const group, adder = -1004400, 4401
	chat := models.Chat{ID: group, Type: models.ChatTypeSupergroup, Title: "Activists"}
	from := models.User{ID: adder, FirstName: "A", LanguageCode: "ru"}
	bot := h.srv.BotUser()
	h.srv.Push(models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat: chat, From: from, Date: int(time.Now().Unix()),
		OldChatMember: models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{User: &bot}},
		NewChatMember: models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: &bot}},
	}})
	got := html.UnescapeString(h.sent(t, group, 1)[0].Params["text"])
	if !strings.Contains(got, "В этой группе") || !strings.Contains(got, "@ReportBot") {
		t.Errorf("greeting: %s", got)
	}
	// The group's language stays the group's after one member asks in
	// English: /help still comes in Russian.
	h.srv.Push(h.srv.GroupText(group, 4402, "@ReportBot What happened to Maks Bokaev?"))
	h.sent(t, group, 2)
	h.srv.Push(h.srv.GroupText(group, 4402, "/help"))
	if help := h.sent(t, group, 3)[2].Params["text"]; !strings.Contains(help, "вопрос") {
		t.Errorf("/help after one English question in a Russian group: %q", help[:min(80, len(help))])
	}
}

// TestThemesCanBeBrowsedByTapping opens /themes and taps as a phone user
// would: a section, the next paragraph, the English original, back to the
// list. Every step edits the one message, and every paragraph has its link.
func TestThemesCanBeBrowsedByTapping(t *testing.T) {
	h := start(t, Config{})
	const chat = 4801
	h.say(t, chat, "/themes")
	msg := func() models.Message {
		msgs := h.srv.Messages(chat)
		return msgs[0]
	}
	tap := func(data string, n int) string {
		t.Helper()
		h.srv.Push(h.srv.CallbackQuery(chat, msg(), data))
		if _, err := h.srv.WaitFor("answerCallbackQuery", n, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		return msg().Text
	}
	if got := tap("th:3:0", 1); !strings.Contains(got, "Свобода собраний") || !strings.Contains(got, "1/5") || !strings.Contains(got, "публичных собраниях") {
		t.Errorf("the assembly section opened as %q", got)
	}
	linked := false
	for _, e := range msg().Entities {
		linked = linked || strings.Contains(e.URL, "hrw.org")
	}
	if !linked {
		t.Error("the paragraph has no link to the report")
	}
	kb := msg().ReplyMarkup
	if kb == nil || !strings.Contains(keyboardText(kb), "▶") || !strings.Contains(keyboardText(kb), "o:") {
		t.Errorf("the first paragraph's buttons: %+v", kb)
	}
	if got := tap("th:3:1", 2); !strings.Contains(got, "2/5") || !strings.Contains(got, "Бокаева") || !strings.Contains(got, "21 мая") {
		t.Errorf("the next paragraph: %q", got)
	}
	if got := tap("th:", 3); !strings.Contains(got, "Разделы") && !strings.Contains(got, "разделы") {
		t.Errorf("back to the list: %q", got)
	}
	tap("th:99:0", 4)
	if calls := h.srv.Calls("answerCallbackQuery"); calls[3].Params["text"] == "" {
		t.Error("a stale section button gets no explanation")
	}
	if n := len(h.srv.Sent(chat)); n != 1 {
		t.Errorf("browsing sent %d messages, want the one /themes message edited", n)
	}
}

func keyboardText(kb *models.InlineKeyboardMarkup) string {
	var sb strings.Builder
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			sb.WriteString(b.Text + " " + b.CallbackData + "|")
		}
	}
	return sb.String()
}

// TestLongArgumentsAreCutBetweenCharacters sends a bad /digest theme and a
// bad /source id written in Cyrillic and longer than the bot repeats: the
// replies must still be text Telegram takes (cut between characters).
func TestLongArgumentsAreCutBetweenCharacters(t *testing.T) {
	st := openStore(t, t.TempDir())
	h := startWith(t, Config{}, []Option{WithStore(st)})
	const chat = 4901
	// One Latin letter first, so that a cut by bytes falls inside a letter.
	long := "x" + strings.Repeat("тема", 30)
	for i, cmd := range []string{"/digest themes " + long, "/source " + long} {
		got := h.say(t, chat, cmd)
		if !got.OK() || !strings.Contains(got.Params["text"], "…") || !strings.Contains(got.Params["text"], "xтема") {
			t.Errorf("reply %d to a long Cyrillic argument: ok=%v %q", i+1, got.OK(), got.Params["text"])
		}
	}
}

// TestInlineSearchesAreRateLimited sends more inline queries from one user
// than a person types in a minute: the ones over the limit get an empty
// answer and no search; another user is not affected.
func TestInlineSearchesAreRateLimited(t *testing.T) {
	h := start(t, Config{})
	const n = inlinePerMinute + 20
	for range n {
		h.srv.Push(h.srv.InlineQuery(5001, "torture"))
	}
	h.srv.Push(h.srv.InlineQuery(5002, "torture"))
	calls, err := h.srv.WaitFor("answerInlineQuery", n+1, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	withResults, empty := 0, 0
	for _, c := range calls {
		if c.Params["results"] == "[]" {
			empty++
		} else {
			withResults++
		}
	}
	if withResults != inlinePerMinute+1 || empty != n-inlinePerMinute {
		t.Errorf("%d answers with results and %d empty, want %d and %d", withResults, empty, inlinePerMinute+1, n-inlinePerMinute)
	}
}

// editQuestion edits a question sent as first to text, as its asker would.
func (h *harness) editQuestion(first models.Update, text string) {
	edit := h.srv.PrivateText(first.Message.Chat.ID, text, "en")
	edit.Message.ID = first.Message.ID
	h.srv.Push(models.Update{EditedMessage: edit.Message})
}

// TestEachThemesParagraphShowsItsOriginal taps «Оригинал (EN)» under one
// paragraph in /themes, goes to the next and taps it again: each
// paragraph's original is posted, though they share the one message.
func TestEachThemesParagraphShowsItsOriginal(t *testing.T) {
	h := start(t, Config{})
	const chat = 4802
	h.say(t, chat, "/themes")
	taps := 0
	tap := func(data string) {
		t.Helper()
		taps++
		h.srv.Push(h.srv.CallbackQuery(chat, h.srv.Messages(chat)[0], data))
		if _, err := h.srv.WaitFor("answerCallbackQuery", taps, 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	original := func() string {
		for _, row := range h.srv.Messages(chat)[0].ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, cbOriginal) {
					return b.CallbackData
				}
			}
		}
		t.Fatal("no original button")
		return ""
	}
	for i, page := range []string{"th:3:0", "th:3:1"} {
		tap(page)
		tap(original())
		if !eventually(5*time.Second, func() bool { return len(h.srv.Sent(chat)) == i+2 }) {
			t.Fatalf("after paragraph %d's original, %d messages", i+1, len(h.srv.Sent(chat)))
		}
	}
}
