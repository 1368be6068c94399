package lang_test

import (
	"testing"
	"unicode/utf8"

	"reportbot/lang"
)

// TestStemKazakhForms checks that the inflected forms of a word a user may
// type and the forms the report uses share one stem. When stem is given, it
// is the stem they must share.
func TestStemKazakhForms(t *testing.T) {
	tests := []struct {
		name  string
		stem  string
		forms []string
	}{
		{"court", "сот", []string{"сот", "сотта", "соттың", "сотқа", "соттар", "соттан"}},
		{"law", "заң", []string{"заң", "заңға", "заңды", "заңдар", "заңның", "заңда"}},
		{"protest", "наразылық", []string{"наразылық", "наразылықтар", "наразылықтарына", "наразылыққа"}},
		{"violence", "зорлық", []string{"зорлық", "зорлықты", "зорлықтың", "зорлыққа"}},
		{"person", "адам", []string{"адам", "адамдар", "адамдарды", "адамның"}},
		{"land", "жер", []string{"жер", "жерге", "жерде"}},
		// A stem ending in н keeps it before a locative ending: "-нда" is
		// the locative after a possessive, not after any н.
		{"Zhanaozen", "жаңаөзен", []string{"жаңаөзен", "жаңаөзеннің", "жаңаөзенде", "жаңаөзендегі"}},
		{"December", "желтоқсан", []string{"желтоқсан", "желтоқсанда"}},
		{"October", "қазан", []string{"қазан", "қазанда"}},
		{"February", "ақпан", []string{"ақпан", "ақпанда", "ақпандағы"}},
		{"Kazakhstan", "", []string{"қазақстан", "қазақстанның", "қазақстанда", "қазақстандағы"}},
		// A possessive before a locative ending.
		{"west", "батыс", []string{"батыс", "батысындағы"}},
		{"council", "кеңес", []string{"кеңес", "кеңесіндегі"}},
		// A final қ, к or п is voiced before a vowel ending.
		{"right", "құқық", []string{"құқық", "құқықтары", "құқықтарын", "құқығы", "құқығын"}},
		{"violence, possessive", "зорлық", []string{"зорлық", "зорлығы"}},
		{"freedom", "", []string{"бостандық", "бостандығы", "бостандығын", "бостандығына"}},
		{"independence", "", []string{"тәуелсіздік", "тәуелсіздігін"}},
		{"demand", "", []string{"талап", "талабы"}},
		// A Russian loanword keeps its final г before a consonant ending,
		// and its dative may be typed without ғ on a Russian keyboard.
		{"rally, a loanword", "митинг", []string{"митинг", "митингте", "митингке"}},
		{"trade union, a loanword", "профсоюз", []string{"профсоюз", "профсоюздар", "профсоюздарға", "профсоюздарга"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.stem
			if want == "" {
				want = lang.StemKazakh(tt.forms[0])
			}
			for _, w := range tt.forms {
				if got := lang.StemKazakh(w); got != want {
					t.Errorf("StemKazakh(%q) = %q, want %q", w, got, want)
				}
			}
		})
	}
}

func TestStemKazakhShortRoots(t *testing.T) {
	tests := []struct{ word, want string }{
		{"сот", "сот"},
		{"заң", "заң"},
		{"жер", "жер"},
		{"ел", "ел"},
		{"ана", "ана"}, // not "а" + dative "на"
		{"оны", "оны"}, // not "о" + accusative "ны"
		{"ереуіл", "ереуіл"},
		{"елде", "елде"}, // "ел" + "де" would leave two letters
		{"үйге", "үйге"},
	}
	for _, tt := range tests {
		got := lang.StemKazakh(tt.word)
		if got != tt.want {
			t.Errorf("StemKazakh(%q) = %q, want %q", tt.word, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n < min(3, utf8.RuneCountInString(tt.word)) {
			t.Errorf("StemKazakh(%q) = %q, shorter than 3 letters", tt.word, got)
		}
	}
}

// TestStemKazakhKeepsDerivation checks that a derivational suffix stays on:
// "зорлық" (violence) must not become "зор" (big), nor "наразылық" (protest)
// "наразы" (discontented).
func TestStemKazakhKeepsDerivation(t *testing.T) {
	tests := []struct{ derived, root string }{
		{"зорлық", "зор"},
		{"зорлықтың", "зор"},
		{"наразылық", "наразы"},
		{"жазасыз", "жаза"},
	}
	for _, tt := range tests {
		got := lang.StemKazakh(tt.derived)
		if got == lang.StemKazakh(tt.root) || got == tt.root {
			t.Errorf("StemKazakh(%q) = %q, the stem of %q", tt.derived, got, tt.root)
		}
	}
}

// TestKazakhQuestionMatchesReport checks the stemmer through Terms, as
// retrieval uses it: a question's word and the report's must meet.
func TestKazakhQuestionMatchesReport(t *testing.T) {
	tests := []struct{ question, report string }{
		{"Жаңаөзенде не болды?", "Жаңаөзен оқиғаларына"},
		{"Алматыда", "Алматының"},
		{"Соттар", "сотта"},
	}
	for _, tt := range tests {
		q, r := lang.Terms(tt.question, lang.Kazakh), lang.Terms(tt.report, lang.Kazakh)
		if len(q) == 0 || len(r) == 0 || q[0] != r[0] {
			t.Errorf("Terms(%q) = %q and Terms(%q) = %q do not share a first term", tt.question, q, tt.report, r)
		}
	}
}

func TestIsKazakhEnding(t *testing.T) {
	for tail, want := range map[string]bool{
		lang.Skeleton("дан"):    true,
		lang.Skeleton("лардың"): true,
		lang.Skeleton("дағы"):   true,
		lang.Skeleton("цепт"):   false, // рецепт is not рет
		"":                      false,
	} {
		if got := lang.IsKazakhEnding(tail); got != want {
			t.Errorf("IsKazakhEnding(%q) = %v, want %v", tail, got, want)
		}
	}
}
