package lang

import "strings"

// foreignPlaces are countries other than Kazakhstan, as skeletons of their
// names in English, Russian and Kazakh (and common Latin spellings). A
// question about one of them is about that country, so a passage that does
// not name it does not answer it: "torture in Uzbekistan" is not answered
// by the report's paragraph on torture in Kazakhstan.
var foreignPlaces = placeSkeletons(`uzbekistan узбекистан өзбекстан kyrgyzstan кыргызстан киргизия ` +
	`қырғызстан russia россия ресей china китай қытай tajikistan таджикистан тәжікстан ` +
	`turkmenistan туркменистан түрікменстан afghanistan афганистан ауғанстан iran иран ` +
	`turkey турция түркия ukraine украина украйна belarus беларусь белоруссия georgia грузия ` +
	`armenia армения армения azerbaijan азербайджан әзірбайжан usa сша ақш america америка ` +
	`france франция germany германия ` +
	`britain великобритания британия ұлыбритания england англия japan япония жапония ` +
	`india индия үндістан pakistan пакистан mongolia монголия моңғолия korea корея ` +
	`israel израиль израиль syria сирия iraq ирак egypt египет мысыр poland польша ` +
	`italy италия spain испания canada канада australia австралия`)

// homePlaces are the cities and regions of Kazakhstan, as skeletons of
// their names in the three languages: a place, not a person, however few
// paragraphs name it ("Zhanaozen" is in two, like a person's name).
var homePlaces = placeSkeletons(`almaty алматы astana астана nursultan aktobe актобе ақтөбе zhanaozen жанаозен ` +
	`жаңаөзен karaganda караганда қарағанды shymkent шымкент atyrau атырау aktau актау ақтау ` +
	`oral uralsk уральск орал taraz тараз pavlodar павлодар semey семей kostanay костанай қостанай ` +
	`kyzylorda кызылорда қызылорда petropavlovsk петропавловск петропавл taldykorgan талдыкорган ` +
	`талдықорған turkestan туркестан түркістан mangystau мангистау маңғыстау kokshetau кокшетау ` +
	`көкшетау zhezkazgan жезказган жезқазған ekibastuz экибастуз екібастұз temirtau темиртау теміртау`)

// IsPlace reports whether a normalised word names a country or a place in
// Kazakhstan, in any of its case forms.
func IsPlace(word string) bool {
	if IsForeignPlace(word) {
		return true
	}
	s := Skeleton(word)
	for n := len(s); n >= len(s)-maxPlaceEnding && n >= 3; n-- {
		if homePlaces[s[:n]] {
			return true
		}
	}
	return false
}

// placeSkeletons is skeletons of place names, each also without the vowels
// it ends in, which Russian declension replaces: «Россия» is «России»,
// «Франция» «Франции».
func placeSkeletons(words string) map[string]bool {
	m := skeletons(words)
	for s := range m {
		if stem := strings.TrimRight(s, "aeiouy"); len(stem) >= 4 && stem != s {
			m[stem] = true
		}
	}
	return m
}

// maxPlaceEnding is how many letters a case ending may add to a country's
// name: "Ресейдегі", "Узбекистане", "Өзбекстанда".
const maxPlaceEnding = 4

// IsForeignPlace reports whether a normalised word names a country other
// than Kazakhstan, in any of its case forms.
func IsForeignPlace(word string) bool {
	s := Skeleton(word)
	for n := len(s); n >= len(s)-maxPlaceEnding && n >= 3; n-- {
		if foreignPlaces[s[:n]] {
			return true
		}
	}
	return false
}

// nowWords ask about the present ("still", "до сих пор", "әлі"), which a
// report on one past year cannot speak to: the answer says which year it
// covers.
var nowWords = byLanguage(func(p *profile) map[string]bool { return p.nowWords })

// AsksAboutNow reports whether a message asks about the present.
func (m Message) AsksAboutNow() bool {
	for _, w := range m.Words {
		if nowWords[m.Lang][w] || nowWords[m.Lang][strings.TrimPrefix(w, "по-")] ||
			m.Lang == Kazakh && kazakhNow[Skeleton(w)] {
			return true
		}
	}
	return false
}

// kazakhNow are the Kazakh words of the present as skeletons: «казир»,
// "qazir" typed without Kazakh letters.
var kazakhNow = skeletonsOf(nowWords[Kazakh])

// locatives are the prepositions of place before a country's name ("in
// Russia", «в России»); Kazakh says it with a case ending instead.
var locatives = set(`in inside within в во`)

// Located returns the words of a message that name a foreign country as
// where something happened ("in Russia", «в России», «Ресейде»), not as an
// actor ("what did the US say"): a question about what happened in a
// country is answered only by a sentence about it there.
func (m Message) Located() map[string]bool {
	var out map[string]bool
	for i, w := range m.Words {
		if !IsForeignPlace(w) {
			continue
		}
		in := i > 0 && locatives[m.Words[i-1]]
		if m.Lang == Kazakh {
			for _, e := range kazakhLocative {
				in = in || strings.HasSuffix(w, e)
			}
		}
		if in {
			if out == nil {
				out = map[string]bool{}
			}
			out[w] = true
		}
	}
	return out
}
