package ingest_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"reportbot/ingest"
	"reportbot/lang"
)

// TestLongParagraphSplit loads a paragraph longer than MaxPassageRunes and its
// Russian translation: both must be cut at sentence ends into parts that
// share their citation ids, and no words may be lost or repeated.
func TestLongParagraphSplit(t *testing.T) {
	ps, err := ingest.Load(os.DirFS("testdata/long"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	paragraphs := map[lang.Language]string{}
	for _, l := range []lang.Language{lang.English, lang.Russian} {
		src, err := os.ReadFile("testdata/long/trial." + string(l) + ".md")
		if err != nil {
			t.Fatal(err)
		}
		for p := range strings.SplitSeq(string(src), "\n\n") {
			if utf8.RuneCountInString(p) > ingest.MaxPassageRunes {
				paragraphs[l] = strings.TrimSpace(p)
			}
		}
		if paragraphs[l] == "" {
			t.Fatalf("fixture trial.%s.md has no paragraph over %d runes", l, ingest.MaxPassageRunes)
		}
	}

	wantIDs := []string{"trial-background-1", "trial-hearings-1.1", "trial-hearings-1.2", "trial-hearings-2"}
	byLang := map[lang.Language][]ingest.Passage{}
	for _, p := range ps {
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	for _, l := range []lang.Language{lang.English, lang.Russian} {
		t.Run(string(l), func(t *testing.T) {
			got := ids(byLang[l])
			if !slices.Equal(got, wantIDs) {
				t.Fatalf("ids %v, want %v", got, wantIDs)
			}
			parts := byLang[l][1:3]
			var texts []string
			for i, p := range parts {
				texts = append(texts, p.Text)
				// Only the original is held to the limit: a translation is cut
				// where its original was, so a longer language may pass it.
				if n := utf8.RuneCountInString(p.Text); l == lang.English && n > ingest.MaxPassageRunes {
					t.Errorf("%s has %d runes, more than MaxPassageRunes %d", p.ID, n, ingest.MaxPassageRunes)
				}
				if p.Section != "hearings" || p.Paragraph != 1 {
					t.Errorf("%s: section %q paragraph %d, want hearings 1", p.ID, p.Section, p.Paragraph)
				}
				if !strings.HasSuffix(p.Text, ".") {
					t.Errorf("%s does not end at a sentence end: …%s", p.ID, tail(p.Text))
				}
				if first, _ := utf8.DecodeRuneInString(p.Text); !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ", first) {
					t.Errorf("part %d does not start a sentence: %.40q", i+1, p.Text)
				}
			}
			if joined := strings.Join(texts, " "); joined != paragraphs[l] {
				t.Errorf("parts joined differ from the paragraph:\n got %q\nwant %q", joined, paragraphs[l])
			}
			if parts[0].URL == parts[1].URL {
				t.Errorf("both parts link to the same text: %s", parts[0].URL)
			}
		})
	}
	// A Russian part quotes the English part it translates and links to it.
	// The fixture translates sentence by sentence, so each Russian part must
	// hold as many sentences as the English part it stands for.
	for i, ru := range byLang[lang.Russian] {
		en := byLang[lang.English][i]
		if e, r := len(ingest.Sentences(en.Text)), len(ingest.Sentences(ru.Text)); e != r {
			t.Errorf("%s: English part has %d sentences, Russian part %d", ru.ID, e, r)
		}
		if ru.Original != en.Text || ru.URL != en.URL || !ru.Unofficial {
			t.Errorf("ru %s: Original %.40q URL %s Unofficial %v, want English %s %.40q %s true",
				ru.ID, ru.Original, ru.URL, ru.Unofficial, en.ID, en.Text, en.URL)
		}
	}
}

func tail(s string) string {
	r := []rune(s)
	return string(r[max(0, len(r)-40):])
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"full stop and capital", "Police detained him. He was released in May.",
			[]string{"Police detained him.", "He was released in May."}},
		{"question, exclamation and ellipsis", "Was the trial fair? No! The judge hesitated… Then he ruled.",
			[]string{"Was the trial fair?", "No!", "The judge hesitated…", "Then he ruled."}},
		{"digit starts a sentence", "Strikes ended in 2011. 12 people died.",
			[]string{"Strikes ended in 2011.", "12 people died."}},
		{"lower case after a full stop", "The fine was raised, i.e. doubled. It was paid in May.",
			[]string{"The fine was raised, i.e. doubled.", "It was paid in May."}},
		{"comma inside quotes", "They were convicted of “extremism,” “inciting discord,” and fraud. Both appealed.",
			[]string{"They were convicted of “extremism,” “inciting discord,” and fraud.", "Both appealed."}},
		{"ellipsis inside quotes", "It found “errors and irregularities…during voting,” and “inciting…” Hatred was not proven.",
			[]string{"It found “errors and irregularities…during voting,” and “inciting…”", "Hatred was not proven."}},
		{"ellipsis before lower case", "Charges of “inciting…” and “extremism” followed.",
			[]string{"Charges of “inciting…” and “extremism” followed."}},
		{"abbreviation U.S.", "The U.S. State Department raised the case. Nothing changed.",
			[]string{"The U.S. State Department raised the case.", "Nothing changed."}},
		{"abbreviation Mr.", "Mr. Kozlov was released. Dr. Smith examined him.",
			[]string{"Mr. Kozlov was released.", "Dr. Smith examined him."}},
		{"initial", "EU Commission President Jean-Claude J. Juncker met Nazarbaev. He praised reforms.",
			[]string{"EU Commission President Jean-Claude J. Juncker met Nazarbaev.", "He praised reforms."}},
		{"closing quote after full stop", "He called the reforms “promising.” Four UN rapporteurs disagreed.",
			[]string{"He called the reforms “promising.”", "Four UN rapporteurs disagreed."}},
		{"straight quote after full stop", `He said "we refuse." Then he left.`,
			[]string{`He said "we refuse."`, "Then he left."}},
		{"opening quote starts a sentence", "The EU spoke. “Release them,” it said.",
			[]string{"The EU spoke.", "“Release them,” it said."}},
		{"bracket after full stop", "He denied it (as expected.) The court disagreed.",
			[]string{"He denied it (as expected.)", "The court disagreed."}},
		{"Russian", "Полиция задержала активистов. Суд их оштрафовал.",
			[]string{"Полиция задержала активистов.", "Суд их оштрафовал."}},
		{"Russian г.", "В мае 2016 г. Верховный суд отклонил жалобу. Адвокаты не согласились.",
			[]string{"В мае 2016 г. Верховный суд отклонил жалобу.", "Адвокаты не согласились."}},
		{"Russian initials", "Судья А. Б. Иванова вынесла приговор. Его обжаловали.",
			[]string{"Судья А. Б. Иванова вынесла приговор.", "Его обжаловали."}},
		{"Russian т.е.", "Суд отказал, т.е. Бокаев остался под стражей. Защита обжаловала.",
			[]string{"Суд отказал, т.е. Бокаев остался под стражей.", "Защита обжаловала."}},
		{"ёлочки after full stop", "ЕС назвал реформы «многообещающими.» Четыре докладчика ООН возразили.",
			[]string{"ЕС назвал реформы «многообещающими.»", "Четыре докладчика ООН возразили."}},
		{"full stop after ёлочки", "Власти назвали это «провокацией». «Мы не согласны», — ответили активисты.",
			[]string{"Власти назвали это «провокацией».", "«Мы не согласны», — ответили активисты."}},
		{"Kazakh", "Полиция белсенділерді ұстады. Сот оларға айыппұл салды.",
			[]string{"Полиция белсенділерді ұстады.", "Сот оларға айыппұл салды."}},
		{"no end punctuation", "Trade unions under pressure",
			[]string{"Trade unions under pressure"}},
		{"outer space trimmed", "  One.   Two.  ",
			[]string{"One.", "Two."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ingest.Sentences(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
