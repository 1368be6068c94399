package ingest

import (
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"reportbot/lang"
)

func TestEventYears(t *testing.T) {
	for _, tt := range []struct {
		events, title string
		want          []int
		ok            bool
	}{
		{"2016", "", []int{2016}, true},
		{"2015-2016", "", []int{2015, 2016}, true},
		{"2015–2017", "", []int{2015, 2016, 2017}, true},
		{"2016, 2014", "", []int{2014, 2016}, true},
		{"", "Kazakhstan: Events of 2016", []int{2016}, true},
		{"last year", "", nil, false},
		{"2017-2015", "", nil, false},
	} {
		got, ok := eventYears(tt.events, tt.title)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("eventYears(%q, %q) = %v %v, want %v %v", tt.events, tt.title, got, ok, tt.want, tt.ok)
		}
	}
}

// TestReportsAreNamedAndDatedByTheirFrontMatter loads the shipped chapter
// beside the fictional English-only test report: each is one Report, named
// in each of its editions' languages and dated by its own front matter.
func TestReportsAreNamedAndDatedByTheirFrontMatter(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, path := range map[string]string{
		"kazakhstan-2017.en.md": "../corpus/kazakhstan-2017.en.md",
		"kazakhstan-2017.ru.md": "../corpus/kazakhstan-2017.ru.md",
		"kazakhstan-2017.kk.md": "../corpus/kazakhstan-2017.kk.md",
		"veloria-2018.en.md":    "../testdata/reports/veloria-2018.en.md",
	} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	ps, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	rs := Reports(ps)
	if len(rs) != 2 {
		t.Fatalf("%d reports", len(rs))
	}
	kz, vl := rs[0], rs[1]
	if kz.ID != "kz2016" || kz.Year != 2017 || !slices.Equal(kz.Events, []int{2016}) || !kz.Covers(2016) || kz.Covers(2017) {
		t.Errorf("the chapter: %+v", kz)
	}
	if got := kz.Name(lang.English).String(); got != "Human Rights Watch, World Report 2017: Kazakhstan: Events of 2016" {
		t.Errorf("its English name: %q", got)
	}
	if got := kz.Name(lang.Russian).Title; got != "Всемирный доклад 2017" {
		t.Errorf("its Russian title: %q", got)
	}
	if !slices.Equal(kz.Editions(), []lang.Language{lang.English, lang.Russian, lang.Kazakh}) {
		t.Errorf("its editions: %v", kz.Editions())
	}
	if vl.ID != "vl2017" || vl.Year != 2018 || !vl.Covers(2017) || vl.Source != "https://example.org/veloria-2018" {
		t.Errorf("the test report: %+v", vl)
	}
	// No Russian edition: its Russian name is its own.
	if got := vl.Name(lang.Russian).Publisher; got != "Northwind Rights Monitor" || !slices.Equal(vl.Editions(), []lang.Language{lang.English}) {
		t.Errorf("an English-only report in Russian: %q, editions %v", got, vl.Editions())
	}
}
