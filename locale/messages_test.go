package locale

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"reportbot/lang"
)

// keys returns the keys of language l's message file.
func keys(t *testing.T, l lang.Language) []string {
	t.Helper()
	var m map[string]any
	if _, err := toml.DecodeFS(files, string(l)+".toml", &m); err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(maps.Keys(m))
}

func TestEveryStringIsInEveryLanguage(t *testing.T) {
	en := keys(t, lang.English)
	for _, l := range lang.All {
		got := keys(t, l)
		for _, k := range en {
			if !slices.Contains(got, k) {
				t.Errorf("%s lacks %s: a %s reader would get the English", l, k, l)
			}
		}
		for _, k := range got {
			if !slices.Contains(en, k) {
				t.Errorf("%s has %s, which English lacks", l, k)
			}
		}
	}
}

var field = regexp.MustCompile(`\{\{[^}]*?\.(\w+)`)

func TestEveryStringRendersInEveryLanguage(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// Every field any template uses, so that a missing one is a typo.
	data := map[string]any{}
	for _, name := range []string{"en.toml", "ru.toml", "kk.toml"} {
		raw, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range field.FindAllStringSubmatch(string(raw), -1) {
			data[f[1]] = 1
		}
	}
	for _, l := range lang.All {
		for _, k := range keys(t, lang.English) {
			s := m.T(l, k, data)
			if s == k || s == "" || strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
				t.Errorf("%s %s renders as %q", l, k, s)
			}
		}
	}
	if got := m.T(lang.Russian, "NoSuchKey", nil); got != "NoSuchKey" {
		t.Errorf("a missing key renders as %q, want the key, so the mistake shows", got)
	}
	if en, ru := m.T(lang.English, "NotFound", nil), m.T(lang.Russian, "NotFound", nil); en == ru {
		t.Error("Russian falls back to English")
	}
}
