package lang_test

import (
	"slices"
	"strings"
	"testing"

	"reportbot/lang"
)

func TestReadTellsEveryStepTheSameThing(t *testing.T) {
	tests := []struct {
		in       string
		fallback lang.Language
		text     string
		l        lang.Language
		detected bool
		years    []int
	}{
		{"@reportbot what happened to Bokaev in 2016? (1)", lang.Russian, "what happened to Bokaev in 2016?", lang.English, true, []int{2016}},
		{"Maks Boqaevqa ne boldy?", lang.English, "Макс Боқаевқа не болды?", lang.Kazakh, true, nil},
		{"👍 2017", lang.Russian, "👍 2017", lang.Russian, false, []int{2017}},
		{"https://t.me/x Что с Бокаевым?", lang.English, "Что с Бокаевым?", lang.Russian, true, nil},
		// Nothing in it is Russian rather than Kazakh: the reader's.
		{"ауа райы", lang.Kazakh, "ауа райы", lang.Kazakh, false, nil},
		{"ауа райы", lang.Russian, "ауа райы", lang.Russian, true, nil},
		{"что с погодой", lang.Kazakh, "что с погодой", lang.Russian, true, nil},
	}
	for _, tt := range tests {
		m := lang.Read(tt.in, tt.fallback)
		if m.Text != tt.text || m.Lang != tt.l || m.Detected != tt.detected || !slices.Equal(m.Years(), tt.years) {
			t.Errorf("Read(%q) = %q %s detected=%v years=%v, want %q %s detected=%v years=%v",
				tt.in, m.Text, m.Lang, m.Detected, m.Years(), tt.text, tt.l, tt.detected, tt.years)
		}
		if !slices.Equal(m.Words, lang.Words(m.Text)) {
			t.Errorf("Read(%q).Words = %q, not the words of its text", tt.in, m.Words)
		}
	}
}

// TestALatinFollowUpIsReadInTheChatsLanguage: a short follow-up typed in
// Latin letters in a Russian or Kazakh chat is read in the chat's language,
// though English also has its words ("a", "she"); English stays English.
func TestALatinFollowUpIsReadInTheChatsLanguage(t *testing.T) {
	tests := []struct {
		q            string
		chat, want   lang.Language
		wantCyrillic string
	}{
		{"a ablyazov?", lang.Russian, lang.Russian, "аблязов"},
		{"al kuramshin she?", lang.Kazakh, lang.Kazakh, "ше"},
		{"a skolko emu let?", lang.Russian, lang.Russian, "ему"},
		{"a question about torture", lang.Russian, lang.English, ""},
		{"and ayan?", lang.Russian, lang.English, ""},
		{"a ablyazov?", lang.English, lang.English, ""},
	}
	for _, tt := range tests {
		m := lang.Read(tt.q, tt.chat)
		if m.Lang != tt.want || tt.wantCyrillic != "" && !strings.Contains(m.Text, tt.wantCyrillic) {
			t.Errorf("%q in a %s chat: read as %s, %q", tt.q, tt.chat, m.Lang, m.Text)
		}
	}
}
