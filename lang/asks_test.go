package lang_test

import (
	"testing"

	"reportbot/lang"
)

// TestWhatAQuestionAsksFor reads the kind of answer a question wants: a
// particular of family or home, a name, a number and its unit, in the
// three languages and typed without Kazakh letters.
func TestWhatAQuestionAsksFor(t *testing.T) {
	tests := []struct {
		q            string
		l            lang.Language
		detail, name bool
		number       bool
		unit         bool // names a unit after its question word
	}{
		{"who is bokaev's wife", lang.English, true, false, false, false},
		{"кто жена Козлова", lang.Russian, true, false, false, false},
		{"Бокаевтын аялы кім?", lang.Kazakh, true, false, false, false},
		{"where does ablyazov live now", lang.English, true, false, false, false},
		{"whats the name of the guard", lang.English, false, true, false, false},
		{"как зовут генпрокурора", lang.Russian, false, true, false, false},
		{"how many years did kuramshin get", lang.English, false, false, true, true},
		{"сколько лет дали Курамшину", lang.Russian, false, false, true, true},
		{"Аянға неше жыл берді", lang.Kazakh, false, false, true, true},
		{"канша адам ұсталды", lang.Kazakh, false, false, true, false},
		{"how did the US react", lang.English, false, false, false, false},
		{"my brother is in a union, are leaders watched?", lang.English, false, false, false, false},
	}
	for _, tt := range tests {
		m := lang.Read(tt.q, tt.l).In(tt.l)
		detail := false
		own := m.Own()
		for _, w := range m.Words {
			detail = detail || lang.Detail(w, tt.l) != 0 && !own[w]
		}
		if detail != tt.detail || m.AsksName() != tt.name || m.AsksQuantity() != tt.number || (m.Unit() != 0) != tt.unit {
			t.Errorf("%q: detail %v name %v number %v unit %d, want %v %v %v %v",
				tt.q, detail, m.AsksName(), m.AsksQuantity(), m.Unit(), tt.detail, tt.name, tt.number, tt.unit)
		}
	}
}

// TestAnAnswerOfTheKindAsked checks what states a number in a unit and
// what is a month rather than a name.
func TestAnAnswerOfTheKindAsked(t *testing.T) {
	years := lang.Read("how many years", lang.English).Unit()
	if !lang.HasNumber("He served four-and-a-half years", lang.English) || !lang.HasUnit("a 12-year prison sentence", lang.English, years) {
		t.Error("four-and-a-half years, a 12-year sentence: no number in years")
	}
	if lang.HasUnit("each sentenced to 15 days’ detention", lang.English, years) {
		t.Error("15 days read as years")
	}
	if !lang.HasNumber("приговорил их к трем и двум годам", lang.Russian) || lang.HasNumber("Бірақ билік бірге", lang.Kazakh) {
		t.Error("number words misread")
	}
	for _, c := range []struct {
		w string
		l lang.Language
	}{{"september", lang.English}, {"мая", lang.Russian}, {"июле", lang.Russian}, {"сентябре", lang.Russian}, {"қыркүйекте", lang.Kazakh}} {
		if !lang.IsMonth(c.w, c.l) {
			t.Errorf("%s is not read as a month", c.w)
		}
	}
	wife, family := lang.Detail("wife", lang.English), lang.Detail("family", lang.English)
	if lang.States("son", lang.English, wife) || !lang.States("son", lang.English, family) || !lang.States("wife", lang.English, family) {
		t.Error("a son must state a family, not a wife; a wife states a family")
	}
	if lang.IsMonth("мамбеталин", lang.Russian) {
		t.Error("a name read as a month")
	}
}
