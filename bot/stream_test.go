package bot

import (
	"strings"
	"testing"
	"time"

	"reportbot/bot/telegramtest"
	"reportbot/llm"
	"reportbot/llm/llmtest"
	"reportbot/rag"
)

// streamingBot starts a bot whose answers a model writes, token by token,
// through the real OpenAI client and the fake server.
func streamingBot(t *testing.T, reply string, tokenDelay time.Duration) (*harness, *llmtest.Server) {
	t.Helper()
	model := llmtest.New()
	t.Cleanup(model.Close)
	model.Reply = func(llmtest.ChatRequest) string { return reply }
	model.TokenDelay = tokenDelay
	client := llm.New(llm.Config{BaseURL: model.BaseURL(), ChatModel: "fake"})
	return start(t, Config{}, rag.WithChat(client)), model
}

// TestLLMAnswersStreamAndTheCheckedAnswerReplacesTheDraft asks in a private
// chat and in a group while the model writes slowly: the user sees the
// answer grow sentence by sentence (drafts in private, one edited message
// in a group, no more than about once a second there), each draft only
// what has passed the answer's checks, so that a citation the check
// removes ([7]) or a claim the report does not make is never on screen, and
// the checked answer replaces the drafts.
func TestLLMAnswersStreamAndTheCheckedAnswerReplacesTheDraft(t *testing.T) {
	reply := "Maks Bokaev and Talgat Ayan were jailed for 15 days [1] and then charged [2][7]. " +
		"They were on trial at the time of writing [2]. He later became a member of parliament [2]. " +
		"The men deny the charges [2]. Authorities brought criminal charges against Bokaev and Ayan [2]. " +
		"They call the charges retaliation for their activism [2]."
	h, model := streamingBot(t, reply, 60*time.Millisecond)

	const chat = 4901
	h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
	final := h.sent(t, chat, 1)[0].Params["text"]
	if strings.Contains(final, "[7]") || !strings.Contains(final, "on trial") || !strings.Contains(final, "Sources") {
		t.Errorf("the final answer: %s", final)
	}
	if strings.Contains(final, "parliament") {
		t.Errorf("the final answer has a claim the report does not make: %s", final)
	}
	drafts := h.srv.Calls("sendMessageDraft")
	if len(drafts) < 2 {
		t.Fatalf("%d drafts for a streamed answer", len(drafts))
	}
	for _, d := range drafts {
		if text := d.Params["text"]; strings.Contains(text, "[7]") || strings.Contains(text, "parliament") {
			t.Errorf("a draft showed what the check removes: %q", text)
		}
		// The real API takes a positive 32-bit draft_id, as the fake
		// does; one answer's drafts share it.
		if !d.OK() || d.Params["draft_id"] != drafts[0].Params["draft_id"] {
			t.Errorf("draft %s refused (%s) or not the answer's", d.Params["draft_id"], d.Error)
		}
	}
	// "Thinking…" (an empty draft) until the model has written a checked
	// sentence, instead of "typing…" renewed every few seconds.
	if drafts[0].Params["text"] != "" {
		t.Errorf("the first draft is %q, not Telegram's \"Thinking…\"", drafts[0].Params["text"])
	}
	drafts = drafts[1:]
	if first := strings.TrimSpace(drafts[0].Params["text"]); !strings.HasPrefix(first, "Maks Bokaev and Talgat Ayan were jailed for 15 days [1] and then charged [2].") {
		t.Errorf("the first draft %q is not the answer's checked first sentence", first)
	}
	// The first sentence is shown once the second has begun: about 19
	// tokens in.
	tokens := model.FirstTokens()
	if len(tokens) != 1 || drafts[0].Time.Sub(tokens[0]) > 19*60*time.Millisecond+500*time.Millisecond {
		t.Errorf("first text shown %v after the first token", drafts[0].Time.Sub(tokens[0]))
	}
	if actions := h.srv.Calls("sendChatAction"); len(actions) != 0 {
		t.Errorf("%d typing actions in a private chat that shows \"Thinking…\"", len(actions))
	}

	const group = -1004900
	h.srv.Push(h.srv.GroupText(group, 4902, "@ReportBot What happened to Maks Bokaev?"))
	edits, err := h.srv.WaitFor("editMessageText", 2, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	sent := h.srv.Sent(group)
	if len(sent) != 1 {
		t.Fatalf("a streamed group answer took %d messages, want one edited", len(sent))
	}
	if first := sent[0].Params; first["disable_notification"] != "true" || !strings.HasSuffix(strings.TrimSpace(first["text"]), ".") {
		t.Errorf("the first streamed message in a group notifies everyone, or is no whole sentence: %v", first)
	}
	msgs := h.srv.Messages(group)
	last := msgs[len(msgs)-1]
	if strings.Contains(last.Text, "[7]") || !strings.Contains(last.Text, "Sources") || last.ReplyMarkup == nil {
		t.Errorf("the group's answer after streaming: %q, buttons %v", last.Text, last.ReplyMarkup)
	}
	for i := 1; i < len(edits)-1; i++ {
		if gap := edits[i].Time.Sub(edits[i-1].Time); gap < 900*time.Millisecond {
			t.Errorf("streamed edits %d and %d only %v apart", i, i+1, gap)
		}
	}
	if actions := h.srv.Calls("sendChatAction"); len(actions) == 0 {
		t.Error("no typing in the group while the model started")
	}
	if drafts := h.srv.Calls("sendMessageDraft"); len(drafts) > 0 {
		for _, d := range drafts {
			if d.Params["chat_id"] == "-1004900" {
				t.Error("a draft was sent to a group")
			}
		}
	}
}

// TestAnAPIThatRefusesAnEmptyDraftGetsTyping: a Bot API from before
// "Thinking…" drafts refuses an empty text; the bot then says "typing…"
// instead, and keeps to it for later answers without asking again.
func TestAnAPIThatRefusesAnEmptyDraftGetsTyping(t *testing.T) {
	h, _ := streamingBot(t, "Maks Bokaev and Talgat Ayan were jailed for 15 days [1]. The men deny the charges [2].", 60*time.Millisecond)
	h.srv.FailNext("sendMessageDraft", telegramtest.Fault{Code: 400, Description: "Bad Request: text must be non-empty"})
	for i, chat := range []int64{4911, 4912} {
		h.srv.Push(h.srv.PrivateText(chat, "What happened to Maks Bokaev?", "en"))
		if got := h.sent(t, chat, 1)[0].Params["text"]; !strings.Contains(got, "15 days") {
			t.Errorf("answer %d: %q", i+1, got)
		}
	}
	empty := 0
	for _, d := range h.srv.Calls("sendMessageDraft") {
		if d.Params["text"] == "" {
			empty++
		}
	}
	if actions := h.srv.Calls("sendChatAction"); empty != 1 || len(actions) < 2 {
		t.Errorf("%d empty drafts and %d typing actions, want the one refused and typing for both answers", empty, len(actions))
	}
}
