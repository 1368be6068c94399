package lang_test

import (
	"testing"

	"reportbot/lang"
)

// TestAskingForATimeACountOrADoer tells the "when", "how many X" and "who"
// that ask from those that join clauses or ask who someone is.
func TestAskingForATimeACountOrADoer(t *testing.T) {
	tests := []struct {
		q       string
		l       lang.Language
		when    bool
		counted string
		who     bool
	}{
		{"when did kz get a seat on the security council", lang.English, true, "", false},
		{"what did juncker say when he met nazarbaev", lang.English, false, "", false},
		{"kozlova vypustili? kogda", lang.Russian, true, "", false},
		{"а когда его задержали?", lang.Russian, true, "", false},
		{"сколько людей погибло когда стреляли по нефтяникам", lang.Russian, false, "", false},
		{"как реагируют власти, когда лгбт жалуются?", lang.Russian, false, "", false},
		{"там когда-то стреляли?", lang.Russian, false, "", false},
		{"в каком году посадили Козлова", lang.Russian, true, "", false},
		{"Козлов кашан босатылды", lang.Kazakh, true, "", false},
		{"how many votes did kazakhstan get", lang.English, false, "votes", false},
		{"how many people were detained", lang.English, false, "", false},
		{"how many years did he get", lang.English, false, "", false},
		{"сколько нефтяников убили", lang.Russian, false, "нефтяников", false},
		{"сколько дали Курамшину", lang.Russian, false, "", false},
		{"қанша журналист ұсталды", lang.Kazakh, false, "журналист", false},
		{"қанша берді", lang.Kazakh, false, "", false},
		{"who was behind the attack in aktobe", lang.English, false, "", true},
		{"who is zhovtis", lang.English, false, "", false},
		{"the guard who raped an inmate, what did he get", lang.English, false, "", false},
		{"кто стоял за нападением", lang.Russian, false, "", true},
		{"кто такая Харькова", lang.Russian, false, "", false},
		{"пытки кто-то расследовал?", lang.Russian, false, "", false},
		{"шабуылдаушылар кім болды", lang.Kazakh, false, "", true},
	}
	for _, tt := range tests {
		m := lang.Read(tt.q, tt.l).In(tt.l)
		if m.AsksWhen() != tt.when || m.Counted() != tt.counted || m.AsksWho() != tt.who {
			t.Errorf("%q: when %v counted %q who %v, want %v %q %v", tt.q, m.AsksWhen(), m.Counted(), m.AsksWho(), tt.when, tt.counted, tt.who)
		}
	}
}

// TestADate finds a year or a month, and not the verb "may".
func TestADate(t *testing.T) {
	tests := []struct {
		s    string
		l    lang.Language
		want bool
	}{
		{"In June 2016, Kazakhstan became an elected member", lang.English, true},
		{"On August 20, Kozlov was released", lang.English, true},
		{"authorities may restrict the right", lang.English, false},
		{"When negotiations began, the EU had linked them to reforms.", lang.English, false},
		{"освобожден условно-досрочно в августе", lang.Russian, true},
		{"шілдеде шартты түрде босатылды", lang.Kazakh, true},
		{"a 12-year prison sentence", lang.English, false},
	}
	for _, tt := range tests {
		if got := lang.HasDate(tt.s, tt.l); got != tt.want {
			t.Errorf("HasDate(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestWordsThatOnlyAskForAMeasure drops the words that ask for a quantity
// or a time ("which years"), which the answer need not say, and keeps those
// that name what is asked about.
func TestWordsThatOnlyAskForAMeasure(t *testing.T) {
	tests := []struct {
		q    string
		l    lang.Language
		want string // "" for none
	}{
		{"how long was kozlov in prison", lang.English, "long"},
		{"when did kz get the seat, and for which years?", lang.English, "years"},
		{"в каком году посадили Козлова", lang.Russian, "году"},
		{"Қазақстан қай жылы мүше болды", lang.Kazakh, "жылы"},
		{"how many years did he get", lang.English, ""},
	}
	for _, tt := range tests {
		got := lang.Read(tt.q, tt.l).In(tt.l).Measures()
		if tt.want == "" && len(got) != 0 || tt.want != "" && !got[tt.want] {
			t.Errorf("%q: measures %v, want %q", tt.q, got, tt.want)
		}
	}
}

// TestAskingWhichOne tells "which prison" and «в каком суде», whose answer
// names one, from «какой срок» and «на каком основании», whose does not.
func TestAskingWhichOne(t *testing.T) {
	tests := []struct {
		q    string
		l    lang.Language
		want string
	}{
		{"which prison is he in", lang.English, "prison"},
		{"which one n why", lang.English, ""},
		{"в каком суде его судили", lang.Russian, "суде"},
		{"какой срок дали", lang.Russian, ""},
		{"на каком основании отказали", lang.Russian, ""},
		{"на какой срок избрали", lang.Russian, ""},
		{"Әсет қай басылымда жұмыс істеген", lang.Kazakh, "басылымда"},
		{"ХЕҰ қай кезде сынады", lang.Kazakh, ""},
	}
	for _, tt := range tests {
		if got := lang.Read(tt.q, tt.l).In(tt.l).Which(); got != tt.want {
			t.Errorf("%q: which %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestAskingHowOld tells a question about age from one about a sentence in
// years, also typed in Latin letters.
func TestAskingHowOld(t *testing.T) {
	tests := []struct {
		q    string
		l    lang.Language
		want bool
	}{
		{"how old is kozlov", lang.English, true},
		{"а сколько ему лет?", lang.Russian, true},
		{"a skolko emu let?", lang.Russian, true},
		{"сколько лет было Курамшину, когда его посадили", lang.Russian, true},
		{"сколько лет ему дали", lang.Russian, false},
		{"kuramshin skolko let sidit", lang.Russian, false},
		{"how long did he serve", lang.English, false},
	}
	for _, tt := range tests {
		m := lang.Read(tt.q, tt.l).In(tt.l)
		if got := m.AsksAge() != 0; got != tt.want {
			t.Errorf("%q: asks age %v, want %v", tt.q, got, tt.want)
		}
	}
	if !lang.Read("kuramshin skolko let sidit", lang.Russian).In(lang.Russian).AsksQuantity() {
		t.Error("«skolko» typed without a soft sign asks no number")
	}
}

// TestAShortReplyTakesTheChatsLanguage reads «ок» and "ok", which every
// language's chat types, in the chat's language, and «рахмет» in Kazakh.
func TestAShortReplyTakesTheChatsLanguage(t *testing.T) {
	for _, c := range []struct {
		text     string
		fallback lang.Language
		want     lang.Language
	}{
		{"ок", lang.Russian, lang.Russian},
		{"ok", lang.Russian, lang.Russian},
		{"ок", lang.English, lang.English},
		{"ок спс", lang.Kazakh, lang.Kazakh},
		{"рахмет", lang.Russian, lang.Kazakh},
	} {
		if got := lang.Read(c.text, c.fallback).Lang; got != c.want {
			t.Errorf("Read(%q) in a %s chat: %s, want %s", c.text, c.fallback, got, c.want)
		}
	}
}
