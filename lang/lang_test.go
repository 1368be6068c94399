package lang_test

import (
	"testing"

	"reportbot/lang"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		want   lang.Language
		wantOK bool
	}{
		{"English question", "What happened to Maks Bokaev?", lang.English, true},
		{"English with a Cyrillic name", "Who is Бокаев and why was he jailed?", lang.English, true},
		{"English title case", "Freedom Of Assembly", lang.English, true},
		{"English abbreviation only", "HRW", lang.English, true},
		{"Russian question", "Что случилось с Максом Бокаевым?", lang.Russian, true},
		{"Russian upper case", "ЧТО С БОКАЕВЫМ", lang.Russian, true},
		{"Russian with ё", "Кого осудили за «разжигание розни» в 2016 году? Ещё кого?", lang.Russian, true},
		{"Russian with a Latin name", "Что случилось с Maks Bokaev?", lang.Russian, true},
		{"Russian with a long Latin name", "Что сказала Human Rights Watch?", lang.Russian, true},
		{"Russian with Latin names only after a short question", "Кто такой Jean-Claude Juncker?", lang.Russian, true},
		{"Russian with a Latin abbreviation", "Что говорится об OSCE/ODIHR и выборах?", lang.Russian, true},
		{"Russian naming a website", "Почему власти судились с Respublika в США?", lang.Russian, true},
		{"Kazakh question", "Бокаевқа не болды?", lang.Kazakh, true},
		{"Kazakh follow-up without Kazakh letters", "ал Аян ше?", lang.Kazakh, true},
		{"Kazakh thanks", "рахмет", lang.Kazakh, true},
		{"Kazakh thanks in Latin letters", "rahmet", lang.Kazakh, true},
		{"Russian thanks in Latin letters", "spasibo", lang.Russian, true},
		{"Kazakh letter і", "Жаңаөзенде не болды?", lang.Kazakh, true},
		{"Kazakh upper case letter", "ҚАЗАҚСТАН", lang.Kazakh, true},
		{"Kazakh with Latin name", "Human Rights Watch Бокаев туралы не жазды?", lang.Kazakh, true},
		{"Kazakh on a Russian keyboard: деп", "Бокаев деп ким?", lang.Kazakh, true},
		{"Kazakh on a Russian keyboard: туралы", "Бокаев туралы не айтылды", lang.Kazakh, true},
		{"Kazakh on a Russian keyboard: кандай", "Кандай жаза берилди", lang.Kazakh, true},
		{"Kazakh on a Russian keyboard: жане", "Бокаев жане Аян", lang.Kazakh, true},
		{"Russian names joined by и", "Бокаев и Аян", lang.Russian, true},
		{"empty", "", "", false},
		{"spaces", "  \n\t ", "", false},
		{"digits and punctuation", "2016 — 21.05?!", "", false},
		{"emoji", "👍🙂", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := lang.Detect(tt.text)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Detect(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		code   string
		want   lang.Language
		wantOK bool
	}{
		{"en", lang.English, true},
		{"RU", lang.Russian, true},
		{" kk ", lang.Kazakh, true},
		{"ru-RU", lang.Russian, true},
		{"kk_KZ", lang.Kazakh, true},
		{"en-US", lang.English, true},
		{"de", "", false},
		{"kz", "", false},
		{"", "", false},
		{"-ru", "", false},
	}
	for _, tt := range tests {
		got, ok := lang.Parse(tt.code)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestEveryLanguageHasAName(t *testing.T) {
	for _, l := range lang.All {
		if l.Name() == "" || l != lang.English && l.Name() == lang.English.Name() {
			t.Errorf("%s is named %q", l, l.Name())
		}
	}
	if got := lang.Language("de").Name(); got != "English" {
		t.Errorf("a language the bot does not speak is named %q", got)
	}
}
