package lang_test

import (
	"slices"
	"testing"

	"reportbot/lang"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ё becomes е", "Ёлка, её", "елка, ее"},
		{"upper case folded", "БОКАЕВ Bokaev", "бокаев bokaev"},
		{"Kazakh upper case folded", "ҚАЗАҚСТАН ҮКІМЕТІ", "қазақстан үкіметі"},
		{"decomposed й composed", "Казахстанскии\u0306", "казахстанский"},
		{"decomposed ё composed then е", "е\u0308", "е"},
		{"typographic apostrophe", "workers’ rights", "workers' rights"},
		{"modifier apostrophe", "Kazakhstanʼs", "kazakhstan's"},
		{"already normal", "протест", "протест"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lang.Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	// A word typed with a decomposed й must match the composed one.
	if a, b := lang.Terms("Бокаевы\u0306", lang.Russian), lang.Terms("Бокаевый", lang.Russian); !slices.Equal(a, b) {
		t.Errorf("decomposed й gives terms %q, composed %q", a, b)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Workers’ rights, 2016!", []string{"workers", "rights", "2016"}},
		{"re-register", []string{"re", "register"}},
		{"«Әділ сөз»", []string{"әділ", "сөз"}},
		{"…", nil},
	}
	for _, tt := range tests {
		if got := lang.Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name string
		text string
		l    lang.Language
		want []string
	}{
		{"English stop words dropped", "What did the report say about Bokaev?", lang.English, []string{"bokaev"}},
		{"English stemming", "protests protest protesting", lang.English, []string{"protest", "protest", "protest"}},
		{"English possessive", "workers’ rights", lang.English, []string{"worker", "right"}},
		{"Russian stop words dropped", "Что сказано в докладе о Бокаеве?", lang.Russian, []string{"бокаев"}},
		{"Russian requests and the country's adjective dropped", "Можете рассказать, что пишут о пытках в казахстанских тюрьмах?", lang.Russian, []string{"пытк", "тюрьм"}},
		{"Russian question words dropped", "Сколько человек задержали и почему?", lang.Russian, []string{"человек", "задержа"}},
		{"Russian stemming", "протестов протесты протест протестах", lang.Russian, []string{"протест", "протест", "протест", "протест"}},
		{"Russian ё and е same term", "осуждён осужден", lang.Russian, []string{"осужд", "осужд"}},
		{"Latin words in a Russian question stemmed as English", "Что писали о Respublika и protests?", lang.Russian, []string{"respublika", "protest"}},
		{"Kazakh stop words dropped", "Баяндамада Бокаев туралы не айтылды?", lang.Kazakh, []string{"бокаев"}},
		{"Kazakh stop words in any of their forms", "Қазақстандағы азаптау туралы баяндамадағы мәліметті айтып беріңізші", lang.Kazakh, []string{"азап"}},
		{"Kazakh 'about' in its other words", "азаптау жайлы, қазақстандық түрмелер жөнінде", lang.Kazakh, []string{"азап", "түрме"}},
		{"a short stop stem stops only its own word", "қан қыс", lang.Kazakh, []string{"қан", "қыс"}},
		{"Kazakh stemming", "Соттың заңға наразылықтары сотқа", lang.Kazakh, []string{"сот", "заң", "наразылық", "сот"}},
		{"digits kept", "On May 21, 2016", lang.English, []string{"may", "21", "2016"}},
		{"no words", "?!", lang.Russian, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lang.Terms(tt.text, tt.l); !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q, %s) = %q, want %q", tt.text, tt.l, got, tt.want)
			}
		})
	}
}

// TestTermsMatch checks pairs of wordings a user and the report might use for
// the same thing: they must give the same terms, or retrieval misses.
func TestTermsMatch(t *testing.T) {
	tests := []struct {
		a, b string
		l    lang.Language
	}{
		{"protests", "protest", lang.English},
		{"Jailed", "jailing", lang.English},
		{"протестов", "протесты", lang.Russian},
		{"журналистов", "журналисты", lang.Russian},
		{"ёлка", "елки", lang.Russian},
		{"Бокаев", "Бокаевым", lang.Russian},
		{"Максом Бокаевым", "Макс Бокаев", lang.Russian},
		{"Workers", "workers’", lang.Russian},
		{"соттың", "сотқа", lang.Kazakh},
		{"наразылықтарына", "наразылықтар", lang.Kazakh},
	}
	for _, tt := range tests {
		a, b := lang.Terms(tt.a, tt.l), lang.Terms(tt.b, tt.l)
		if len(a) == 0 || len(b) == 0 || a[0] != b[0] {
			t.Errorf("%s: Terms(%q) = %q and Terms(%q) = %q do not share a first term", tt.l, tt.a, a, tt.b, b)
		}
	}
}

func TestIsStopWord(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"the", true}, {"report", true}, {"что", true}, {"сколько", true},
		{"қанша", true}, {"туралы", true}, {"баяндамада", true},
		{"bokaev", false}, {"протест", false}, {"наразылық", false}, {"сот", false},
	}
	for _, tt := range tests {
		if got := lang.IsStopWord(tt.w); got != tt.want {
			t.Errorf("IsStopWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestJoinedTerms(t *testing.T) {
	tests := []struct {
		name   string
		spaced string
		joined string
		l      lang.Language
	}{
		{"Adil Soz in Russian", "Адил соз", "Адилсоз", lang.Russian},
		{"Adil Soz in Kazakh", "Әділ сөз", "Әділсөз", lang.Kazakh},
		{"Adil Soz typed without Kazakh letters", "Адил соз", "Адилсоз", lang.Kazakh},
		{"Zhanaozen in Russian", "Жана Озен", "Жанаозен", lang.Russian},
		{"Zhanaozen in Russian, lower case", "в жана озен", "жанаозен", lang.Russian},
		{"Zhanaozen in Russian, declined", "Жана Озене", "Жанаозене", lang.Russian},
		{"Zhanaozen in Kazakh", "Жаңа Өзен", "Жаңаөзен", lang.Kazakh},
		{"Zhanaozen in English", "Zhana Ozen", "Zhanaozen", lang.English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			joined := lang.Terms(tt.joined, tt.l)
			if len(joined) != 1 {
				t.Fatalf("Terms(%q) = %q, want one term", tt.joined, joined)
			}
			got := lang.JoinedTerms(tt.spaced, tt.l)
			if !slices.Contains(got, joined[0]) {
				t.Errorf("JoinedTerms(%q) = %q, want it to hold %q, the term of %q", tt.spaced, got, joined[0], tt.joined)
			}
		})
	}
	// Stop words are not joined to their neighbours.
	if got := lang.JoinedTerms("о Бокаеве и Аяне", lang.Russian); len(got) != 0 {
		t.Errorf("JoinedTerms across stop words = %q, want none", got)
	}
	if got := lang.JoinedTerms("Бокаев", lang.Russian); len(got) != 0 {
		t.Errorf("JoinedTerms of one word = %q, want none", got)
	}
}
