package lang

import (
	"strings"
	"sync"
)

// People write about the report in the words of the street and of the
// newsroom, not in its own: abbreviations ("нко", "ilo", "совбез"),
// colloquial words ("психушка", "посадили") and near synonyms ("freed" for
// "released"). The glossary rewrites such a word of a question into the
// words the report's editions use. It is a list of the domain's common
// vocabulary in each language, not of any particular question. The names
// people use for a report's themes ("gay rights", «свобода слова») are not
// here but in the corpus, beside the section they name (see
// ingest.Passage.SectionWords).
var glossary = map[Language]map[string]string{
	English: glossaryOf(
		"ilo=international labour organization", "unsc=security council",
		"ngo=nongovernmental organization", "ngos=nongovernmental organizations",
		"govt=government", "gov=government", "cops=police", "cop=police",
		"freed=released", "jailed=prison", "jail=prison",
		"imprisoned=prison", "lawsuit=sued", "sue=sued",
		"usa=united states", "crisis=downturn",
		"rally=protest", "rallies=protests", "demonstration=protest", "demonstrations=protests",
		"bars=prison", "locked=prison", "lockup=prison", "slander=libel", "defamation=libel",
		"abroad=foreign", "overseas=foreign", "site=website", "sites=websites",
		"died=killed", "dead=killed", "deaths=killed", "shooting=attack", "rigged=irregularities",
		"fraud=irregularities", "cheating=irregularities", "watched=surveillance", "spied=surveillance",
		"walkout=strike", "walkouts=strikes",
	),
	Russian: glossaryOf(
		"нко=нпо", "ngo=нпо", "евросоюз=ес", "еврокомиссия=европейская комиссия",
		"европарламент=европейский парламент", "мот=международная организация труда",
		"совбез=совет безопасности", "сб=совет безопасности", "обсе=обсе",
		"психушка=психиатрическое учреждение", "психушку=психиатрическое учреждение",
		"менты=полиция", "генпрокурор=генеральный прокурор", "генпрокуратура=генеральный прокурор", "посадили=лишения свободы", "сидит=лишения свободы",
		"сидел=лишения свободы", "отсидел=отбыл", "выпустили=освобожден",
		"освободили=освобожден", "митинг=протест", "митинги=протесты", "митингах=протестах",
		"митингов=протестов", "митинга=протеста", "спецдокладчики=специальные докладчики",
		"срок=лишения свободы", "тюрьма=лишения свободы",
		"сша=соединенные штаты", "ес=европейский союз", "кризис=спад", "удо=условно-досрочно",
		"бастовать=забастовки", "бастовали=забастовки", "бастуют=забастовки", "деньги=финансирования",
		"денег=финансирования", "прессуют=преследование", "прессовали=преследование", "прессинг=преследование",
		"сажали=лишения свободы", "сажают=лишения свободы", "сажать=лишения свободы", "следят=слежку",
		"следили=слежку", "колония=лишения свободы", "колонии=лишения свободы",
	),
	Kazakh: glossaryOf(
		"нұо=үеұ", "үеұ=үеұ", "еуроодақ=ео", "еуропарламент=еуропалық парламент",
		"қинау=азаптау", "қинады=азаптады", "митинг=наразылық", "митингі=наразылық",
		"митингісі=наразылық", "отыр=бас бостандығынан айыру", "түрме=бас бостандығынан айыру", "босады=босатылды",
		"ilo=халықаралық еңбек ұйымы", "дағдарыс=құлдырау", "профсоюз=кәсіподақ",
		"ақш=америка құрама штаттары", "ео=еуропалық одақ", "резолюция=қарар",
		"нпо=үеұ", "нко=үеұ", "ақша=қаржы", "ақшасы=қаржы", "психушка=психиатриялық", "психушкаға=психиатриялық",
		"клевета=жала", "уголовная=қылмыстық", "уголовный=қылмыстық", "аңдиды=аңдуды",
	),
}

// glossaryOf parses "word=replacement" entries.
func glossaryOf(entries ...string) map[string]string {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		w, r, _ := strings.Cut(e, "=")
		m[w] = r
	}
	return m
}

// glossaryTerms maps each glossary word's term to its replacement, so that
// the word's other forms ("евросоюза", "евросоюзу") are rewritten too.
var glossaryTerms = sync.OnceValue(func() map[Language]map[string]string {
	out := map[Language]map[string]string{}
	for l, entries := range glossary {
		out[l] = map[string]string{}
		for w, r := range entries {
			if t := Term(w, l); t != "" {
				out[l][t] = r
			}
		}
	}
	return out
})

// Gloss returns the words the report uses for a token of a question in
// language l, and false when the glossary has none.
func Gloss(tok Token, l Language) (string, bool) {
	if r, ok := glossary[l][tok.Word]; ok {
		return r, true
	}
	r, ok := glossaryTerms()[l][tok.Term]
	return r, ok
}
