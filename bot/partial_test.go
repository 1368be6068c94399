package bot

import (
	"strings"
	"testing"
)

// TestAPartialAnswerSaysWhatTheReportDoesNotSayFirst asks what the report
// covers the subject of but does not answer. The phone shows first, in
// bold, that the report does not answer it, then what it does say under an
// italic heading that says it is no answer and a list that is not
// "Sources", each quote with its link into the report, and no answer
// buttons (no votes, no "original" of a claim that was not made).
func TestAPartialAnswerSaysWhatTheReportDoesNotSayFirst(t *testing.T) {
	h := start(t, Config{})
	const chat = 5301
	h.srv.Push(h.srv.PrivateText(chat, "where does Mukhtar Ablyazov live now?", "en"))
	msg := h.sent(t, chat, 1)[0]
	text := msg.Params["text"]
	if !strings.HasPrefix(text, "<b>The report does not answer “where does Mukhtar Ablyazov live now”.") {
		t.Errorf("the reply does not open by saying the report does not answer: %s", text)
	}
	if strings.Contains(text, "Sources") || !strings.Contains(text, "<i>What the report does say on this — not an answer to your question:</i>") || !strings.Contains(text, "they do not answer the question") {
		t.Errorf("the quotes are not under their own heading: %s", text)
	}
	if !strings.Contains(text, "Ablyazov") || !strings.Contains(text, "hrw.org") {
		t.Errorf("what the report says of him, with its link, is missing: %s", text)
	}
	if strings.Index(text, "not an answer to your question") > strings.Index(text, "Ablyazov, Kazakh government critic") {
		t.Errorf("a quote comes before the heading that says it is no answer: %s", text)
	}
	if kb := msg.Params["reply_markup"]; strings.Contains(kb, "👍") {
		t.Errorf("a partial answer can be voted on: %s", kb)
	}
}

// TestAPartialAnswerInAGroupQuotesTheQuestionWithoutTheMention asks in a
// group, mentioning the bot: the line that says what the report does not
// answer quotes the question, not the mention.
func TestAPartialAnswerInAGroupQuotesTheQuestionWithoutTheMention(t *testing.T) {
	h := start(t, Config{})
	const group = -1005300
	h.srv.Push(h.srv.GroupText(group, 5302, "@ReportBot where does Mukhtar Ablyazov live now?"))
	text := h.sent(t, group, 1)[0].Params["text"]
	if !strings.Contains(text, "“where does Mukhtar Ablyazov live now”") || strings.Contains(text, "@ReportBot") {
		t.Errorf("the question is not quoted as asked: %s", text)
	}
}
