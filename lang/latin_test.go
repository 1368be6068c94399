package lang_test

import (
	"testing"

	"reportbot/lang"
)

func TestSkeletonIsSharedAcrossSpellingsAndScripts(t *testing.T) {
	groups := [][]string{
		{"боқаев", "бокаев", "bokaev", "bokayev", "boqaev"},
		{"жаңаөзен", "zhanaozen", "janaozen", "jańaózen", "jañaözen"},
		{"евгений", "yevgeniy", "evgenii"},
		{"гүзял", "гузяль", "guzyal"},
		{"макс", "max", "maks"},
		{"айтылған", "aıtylğan", "aitylgan", "aytilghan", "aıtylg'an"},
		{"шағым", "s'ag'ym", "şağym", "shaghym"},
	}
	for _, g := range groups {
		want := lang.Skeleton(g[0])
		for _, w := range g[1:] {
			if got := lang.Skeleton(w); got != want {
				t.Errorf("Skeleton(%q) = %q, Skeleton(%q) = %q", g[0], want, w, got)
			}
		}
	}
	if lang.Skeleton("капитал") == lang.Skeleton("козлов") {
		t.Error("unrelated words share a skeleton")
	}
}

func TestDetectReadsLatinKazakhAndRussianTransliteration(t *testing.T) {
	tests := []struct {
		text string
		want lang.Language
	}{
		{"Maks Boqaevqa ne boldy?", lang.Kazakh},
		{"Azaptau turaly ne aıtylğan?", lang.Kazakh},
		{"Maks Boqaev kim?", lang.Kazakh},
		{"Jańaózende ne boldy?", lang.Kazakh},
		{"s'ag'ym turaly", lang.Kazakh},
		{"Kozlov policiyaga qansha jii barady", lang.Kazakh},
		{"chto sluchilos s Kozlovym", lang.Russian},
		{"kazakhstan v sovbez oon popal ili net", lang.Russian},
		{"kakuyu partiyu vozglavlyaet kozlov", lang.Russian},
		{"baidalinova na kakom saite rabotala", lang.Russian},
		{"what did the biggest embassy say about the ego of officials", lang.English},
		{"what is the net effect of the law", lang.English},
		{"social media blocked net", lang.English},
		{"torture po prisons", lang.English},
		{"Bokaev v Kazakhstan", lang.English},
		{"What happened to Maks Bokaev?", lang.English},
		{"Kozlv released?", lang.English},
		{"don't the workers' unions matter?", lang.English},
		{"Is libel a crime in Kazakhstan?", lang.English},
		{"сколько суток дали боқаеву", lang.Russian},
		{"Бокаевқа не болды?", lang.Kazakh},
	}
	for _, tt := range tests {
		if got, _ := lang.Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestToCyrillicWritesLatinKazakhInCyrillic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Maks Boqaevqa ne boldy?", "Макс Боқаевқа не болды?"},
		{"Qazaqstanda azaptau bar ma", "Қазақстанда азаптау бар ма"},
		{"s'ag'ym", "шағым"},
		{"Kozlov туралы", "Козлов туралы"},
		{"qazir qaida turady", "қазір қайда турады"},
		{"Qai turmede?", "Қай турмеде?"},
	}
	for _, tt := range tests {
		if got := lang.ToCyrillic(tt.in, lang.Kazakh); got != tt.want {
			t.Errorf("ToCyrillic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDependsOnContext(t *testing.T) {
	tests := []struct {
		text string
		l    lang.Language
		want bool
	}{
		{"And what was their sentence?", lang.English, true},
		{"What was his sentence?", lang.English, true},
		{"what about Ayan?", lang.English, true},
		{"А его приговор?", lang.Russian, true},
		{"А что было с Аяном?", lang.Russian, true},
		{"Аян ше?", lang.Kazakh, true},
		{"Оның үкімі қандай?", lang.Kazakh, true},
		{"What is the capital of France?", lang.English, false},
		{"Сколько журналистов задержали?", lang.Russian, false},
		{"Who is Maks Bokaev?", lang.English, false},
	}
	for _, tt := range tests {
		if got := lang.Read(tt.text, tt.l).In(tt.l).DependsOnContext(); got != tt.want {
			t.Errorf("DependsOnContext(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestIsSmallTalk(t *testing.T) {
	for _, s := range []string{"Thanks!", "thank you very much", "ok", "Спасибо!", "спасибо большое", "Рахмет", "рақмет көп", "👍 ok"} {
		if !lang.Read(s, lang.English).IsSmallTalk() {
			t.Errorf("IsSmallTalk(%q) = false", s)
		}
	}
	for _, s := range []string{"Thanks, and what about Ayan?", "ok so what happened to Kozlov", "Спасибо, а что с Аяном?", "", "👍"} {
		if lang.Read(s, lang.English).IsSmallTalk() {
			t.Errorf("IsSmallTalk(%q) = true", s)
		}
	}
}

func TestIsForeignPlace(t *testing.T) {
	for _, w := range []string{"uzbekistan", "узбекистане", "өзбекстанда", "ресейдегі", "кыргызстане", "usa", "сша"} {
		if !lang.IsForeignPlace(w) {
			t.Errorf("IsForeignPlace(%q) = false", w)
		}
	}
	for _, w := range []string{"kazakhstan", "қазақстанда", "individual", "алматы", "press"} {
		if lang.IsForeignPlace(w) {
			t.Errorf("IsForeignPlace(%q) = true", w)
		}
	}
}

func TestNameKeyJoinsCaseForms(t *testing.T) {
	for _, forms := range [][]string{{"аяна", "аяном", "аяну", "аян"}, {"вадим", "вадимом", "вадима"}} {
		for _, f := range forms[1:] {
			if lang.NameKey(f) != lang.NameKey(forms[0]) {
				t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q", forms[0], lang.NameKey(forms[0]), f, lang.NameKey(f))
			}
		}
	}
}
