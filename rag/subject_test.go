package rag

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"reportbot/lang"
)

// ids returns the citation ids of cs.
func ids(cs []Citation) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestQuestionsOnACoveredSubjectTheReportDoesNotAnswer asks what the report
// does not say about people and topics it covers. The answer must say so
// first, in the question's language, cite nothing, and give what the report
// does say of the subject as related context only.
func TestQuestionsOnACoveredSubjectTheReportDoesNotAnswer(t *testing.T) {
	tests := []struct {
		q           string
		lang        lang.Language
		wantRelated string // a passage the related context must hold; "" for any
	}{
		{"where does Mukhtar Ablyazov live now?", lang.English, "kz2016-civil-society-6"},
		{"who won the 2016 parliamentary elections?", lang.English, "kz2016-elections-1"},
		{"2016 жылғы парламент сайлауында кім жеңді?", lang.Kazakh, "kz2016-elections-1"},
		{"кто сейчас президент казахстана", lang.Russian, ""},
		{"qazir prezident kim?", lang.Kazakh, ""},
		{"Макс Бокаевтың әйелі кім?", lang.Kazakh, "kz2016-assembly-2"},
		{"who founded human rights watch", lang.English, ""},
		{"Ресейде журналистерді соттады ма?", lang.Kazakh, "kz2016-civil-society-6"},
		{"судили ли казахстанских журналистов в России?", lang.Russian, "kz2016-civil-society-6"},
		{"was Ablyazov convicted of fraud in the end?", lang.English, "kz2016-civil-society-6"},
		{"кто жена Владимира Козлова", lang.Russian, "kz2016-civil-society-3"},
		{"where is kozlov living these days", lang.English, "kz2016-civil-society-3"},
		{"did the mataevs appeal their sentences?", lang.English, "kz2016-media-3"},
		// An answer of the kind asked for: a number in the unit asked, a
		// name the question does not give.
		{"Макс Боқаев пен Талғат Аянға сот неше жыл берді?", lang.Kazakh, "kz2016-assembly-2"},
		{"whats the name of the prison official convicted of rape", lang.English, "kz2016-torture-1"},
		{"how many lawsuits did the government file against respublika", lang.English, "kz2016-media-4"},
		// A time, a count of a thing, a doer: a sentence about the
		// subject that holds none of them is no answer.
		{"when was Kuramshin freed?", lang.English, "kz2016-civil-society-5"},
		{"how many votes did Kazakhstan get for the Security Council seat", lang.English, ""},
		{"who carried out the armed attack in Aktobe?", lang.English, "kz2016-counterterrorism-1"},
		{"кто организовал нападение в Актобе в июне?", lang.Russian, "kz2016-counterterrorism-1"},
		// Which one of a kind: the answer names one.
		{"в какой колонии сидит Курамшин?", lang.Russian, "kz2016-civil-society-5"},
		{"which prison was Kozlov in?", lang.English, "kz2016-civil-society-3"},
		// Kazakh typed without Kazakh letters, in Cyrillic and in Latin.
		{"Бокаевтын аялы кім?", lang.Kazakh, "kz2016-assembly-2"},
		{"kozlov kazir kaida turady?", lang.Kazakh, "kz2016-civil-society-3"},
		{"Козлов неше жаста?", lang.Kazakh, "kz2016-civil-society-3"},
	}
	e := engine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := ask(t, e, tt.q)
			if a.Found || len(a.Citations) != 0 {
				t.Fatalf("answered as if the report said it, citing %v: %s", ids(a.Citations), a.Answer)
			}
			if a.Language != string(tt.lang) {
				t.Errorf("language %s, want %s", a.Language, tt.lang)
			}
			lead, _, _ := strings.Cut(said(t, tt.lang, "NotSaid"), "«")
			lead, _, _ = strings.Cut(lead, "“")
			if !strings.HasPrefix(a.Answer, lead) {
				t.Errorf("does not open by saying the report does not answer (%q): %s", lead, a.Answer)
			}
			if len(a.Related) == 0 || tt.wantRelated != "" && !slices.Contains(ids(a.Related), tt.wantRelated) {
				t.Errorf("related %v, want %q among them", ids(a.Related), tt.wantRelated)
			}
		})
	}
}

// TestAQuestionAboutOnePersonQuotesOnlyThem asks about one person with the
// legal words that are dense in other people's paragraphs. Every quoted
// paragraph names them, and no other person's sentence is quoted.
func TestAQuestionAboutOnePersonQuotesOnlyThem(t *testing.T) {
	tests := []struct {
		q, who   string // who: the person as the English original names them
		notQuote string // a sentence of someone else's that must not be quoted
	}{
		{"blyalov — what was he convicted of and what was the punishment", "Blyalov", "nine years"},
		{"курамшин до сих пор сидит? суд был честный?", "Kuramshin", "Новая жизнь"},
		{"Бокаевты неге ұстады?", "Bokaev", "Тамызда билік оны ұстады"},
		{"Бляловқа қандай жаза берілді, түрмеге отырды ма?", "Blyalov", "тоғыз жыл"},
		{"was max bokayev convicted or what", "Bokaev", "rape"},
		{"Уласик посадили в тюрьму?", "Ulasik", "Курамшин"},
		{"how many years did kuramshin get", "Kuramshin", "nine years"},
		{"Нарымбаев Мамбеталин посты в фейсбуке скока дали", "Narymbaev", "Курамшин"},
	}
	e := engine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := ask(t, e, tt.q)
			if !a.Found || len(a.Citations) == 0 {
				t.Fatalf("not answered: %s", a.Answer)
			}
			for _, c := range a.Citations {
				if !strings.Contains(c.Original, tt.who) {
					t.Errorf("quotes %s, which does not name %s: %s", c.ID, tt.who, a.Answer)
				}
			}
			if strings.Contains(a.Answer, tt.notQuote) {
				t.Errorf("quotes another person's %q: %s", tt.notQuote, a.Answer)
			}
		})
	}
}

// TestFollowUpsKeepOrChangeTheSubject holds short conversations: «а», "and"
// or «ал» with a new name or topic asks about it, a pronoun keeps the
// subject, a detail the report does not give gets a partial answer, and
// thanks stays small talk.
func TestFollowUpsKeepOrChangeTheSubject(t *testing.T) {
	tests := []struct {
		name, first, then string
		want              string // a citation the follow-up's answer must have
		notWant           string // one it must not
		partial           bool   // the report covers the subject, not the ask
		smallTalk         bool
	}{
		{"a new topic", "что с владимиром козловым?", "а что с пытками в тюрьмах?", "kz2016-torture-1", "kz2016-civil-society-3", false, false},
		{"a new person", "что случилось с Бокаевым?", "а Козлов?", "kz2016-civil-society-3", "kz2016-assembly-2", false, false},
		{"a new person, lower case", "что с бокаевым", "а что с уласик?", "kz2016-civil-society-4", "kz2016-assembly-3", false, false},
		{"a new person in Kazakh", "Бокаев туралы не айтылған?", "ал Козлов ше?", "kz2016-civil-society-3", "kz2016-assembly-2", false, false},
		{"and a new person in English", "what happened to ulasik", "and the seventh day adventist guy?", "kz2016-religion-2", "kz2016-civil-society-4", false, false},
		{"a pronoun keeps the person", "что случилось с Бокаевым?", "а за что его судили?", "kz2016-assembly-3", "kz2016-civil-society-3", false, false},
		{"a Kazakh pronoun typed without Kazakh letters", "Козлов туралы не жазылган?", "оган канша жыл берди?", "kz2016-civil-society-3", "kz2016-torture-1", false, false},
		{"a detail the report does not give", "что случилось с Бокаевым?", "А его сын?", "kz2016-assembly-2", "", true, false},
		{"his wife, in English", "what happened to kozlov", "and his wife?", "kz2016-civil-society-3", "", true, false},
		{"after a partial answer, a pronoun keeps its person", "кто жена Владимира Козлова?", "а за что его посадили?", "kz2016-civil-society-3", "kz2016-assembly-2", false, false},
		{"where a person is now: where the report leaves her", "who is natalya ulasik", "where is she now", "kz2016-civil-society-4", "", false, false},
		{"a new person by a shortened title", "что ООН говорит про пытки в казахстане", "а генпрокурор что сказал?", "kz2016-torture-1", "", false, false},
		{"did she appeal: the report says an appeals court ruled", "что с Нарымбаевым и Мамбеталиным?", "а они обжаловали?", "kz2016-civil-society-1", "", false, false},
		// A follow-up that only asks, with no subject of its own, asks
		// of the one before.
		{"only the ask, no pronoun", "kozlov qashan bosady?", "qazir qaida turady?", "kz2016-civil-society-3", "", true, false},
		{"which one, of the person before", "за что посадили Курамшина?", "в какой колонии?", "kz2016-civil-society-5", "", true, false},
		{"which one, in English", "what was Baidalinova convicted for", "which bank?", "kz2016-media-2", "", true, false},
		{"a son is no wife", "Матаевтерге не болды?", "оның әйелі бар ма?", "kz2016-media-3", "", true, false},
		{"how old, not how long", "что с Курамшиным?", "а сколько ему лет?", "kz2016-civil-society-5", "", true, false},
		{"thanks", "что случилось с Бокаевым?", "спасибо!", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := testIndex()
			if err != nil {
				t.Fatal(err)
			}
			e := NewEngine(ix, WithMemory(NewMemory(10, 4, time.Hour)))
			if _, err := e.AskIn(context.Background(), "c", tt.first, lang.Russian); err != nil {
				t.Fatal(err)
			}
			a, err := e.AskIn(context.Background(), "c", tt.then, lang.Russian)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.smallTalk:
				if !a.SmallTalk || len(a.Citations) != 0 {
					t.Errorf("thanks answered from the report: %s", a.Answer)
				}
				return
			case tt.partial:
				if a.Found || len(a.Citations) != 0 || !slices.Contains(ids(a.Related), tt.want) {
					t.Errorf("found %v, citations %v, related %v: %s", a.Found, ids(a.Citations), ids(a.Related), a.Answer)
				}
				return
			}
			got := ids(a.Citations)
			if !slices.Contains(got, tt.want) || slices.Contains(got, tt.notWant) {
				t.Errorf("cites %v, want %s and not %s: %s", got, tt.want, tt.notWant, a.Answer)
			}
		})
	}
}

// TestTheAnsweringSentenceComesFirst asks for one fact of a person's story:
// the sentence that states it opens the answer (after the sentence that
// says who a pronoun is, when it starts with one), and nothing is padded
// on.
func TestTheAnsweringSentenceComesFirst(t *testing.T) {
	tests := []struct {
		q, first    string // first: what the answer's first two sentences must hold
		maxCitation int
	}{
		{"What sentence did Seitkazy Mataev get?", "six years’ imprisonment", 2},
		{"kozlov kansha zhyl otyrdy ozi?", "төрт жарым жылын", 1},
		{"matayevtar turaly AQSh elshiligi ne dedi?", "АҚШ-тың Қазақстандағы елшілігі", 2},
		{"when was kozlov released", "On August 20", 1},
		// A time: the sentence that holds it, though another says more
		// of the question's words.
		{"когда Казахстан избрали в Совбез ООН?", "июне 2016", 2},
		// Which one: the sentence that names it.
		{"which court sentenced the Mataevs?", "an Astana court", 2},
		{"which countries did the authorities sue Respublika in?", "United States and Australian courts", 1},
	}
	e := engine(t)
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a := ask(t, e, tt.q)
			sentences := strings.SplitAfterN(a.Answer, "] ", 3)
			lead := strings.Join(sentences[:min(2, len(sentences))], "")
			if !strings.Contains(lead, tt.first) {
				t.Errorf("the answer does not open with %q: %s", tt.first, a.Answer)
			}
			if len(a.Citations) > tt.maxCitation {
				t.Errorf("%d citations for one fact: %s", len(a.Citations), a.Answer)
			}
		})
	}
}

// TestBadInputAboutPeople has a defined answer for each odd message about
// people: a lone name tells their story, a lone legal word asks whom it
// means and shows the convictions the report tells of as context only,
// a pronoun with no one named before it asks whom it means too, a
// question naming two people tells both, each pronoun right after its
// person, and a person the report does not name gets the plain refusal.
func TestBadInputAboutPeople(t *testing.T) {
	e := engine(t)

	a := ask(t, e, "Бокаев")
	if got := ids(a.Citations); !a.Found || !slices.Equal(got, []string{"kz2016-assembly-2", "kz2016-assembly-3"}) {
		t.Errorf("a lone name: cites %v: %s", got, a.Answer)
	}

	for _, c := range []struct {
		q string
		l lang.Language
	}{{"convicted", lang.English}, {"посадили?", lang.Russian}, {"сотталды ма", lang.Kazakh}} {
		a = ask(t, e, c.q)
		if a.Found || len(a.Citations) != 0 || len(a.Related) < 2 || !strings.HasPrefix(a.Answer, said(t, c.l, "NoSubject")) {
			t.Errorf("a lone legal word %q: found %v, related %v: %s", c.q, a.Found, ids(a.Related), a.Answer)
		}
		for _, r := range a.Related {
			if !strings.ContainsAny(r.Original, "0123456789") && !strings.Contains(r.Original, "convict") && !strings.Contains(r.Original, "sentence") && !strings.Contains(r.Original, "prison") {
				t.Errorf("a lone legal word %q shows %s, which tells of no conviction", c.q, r.ID)
			}
		}
	}

	// A pronoun with no one before it stands for nobody: «судили» alone
	// matches Ulasik's court as well as anyone's.
	for _, c := range []struct {
		q string
		l lang.Language
	}{{"А за что его судили?", lang.Russian}, {"when was he freed?", lang.English}, {"оны неге соттады?", lang.Kazakh}} {
		a = ask(t, e, c.q)
		if a.Found || len(a.Citations) != 0 || !strings.HasPrefix(a.Answer, said(t, c.l, "NoSubject")) {
			t.Errorf("a pronoun with no one before it, %q: found %v, cites %v: %s", c.q, a.Found, ids(a.Citations), a.Answer)
		}
	}
	a = ask(t, e, "закон об НПО — когда его приняли?")
	if !a.Found {
		t.Errorf("a pronoun whose subject the question names was asked whom it means: %s", a.Answer)
	}

	a = ask(t, e, "what happened to bokaev and kozlov?")
	if got := ids(a.Citations); !slices.Contains(got, "kz2016-assembly-2") || !slices.Contains(got, "kz2016-civil-society-3") {
		t.Errorf("two people: cites %v: %s", got, a.Answer)
	}
	if strings.Contains(a.Answer, "He served") && !strings.Contains(a.Answer, "Kozlov was released on parole. [1] He served") {
		t.Errorf("“He served” does not follow Kozlov: %s", a.Answer)
	}

	a = ask(t, e, "what happened to Zhanbolat Mamai?")
	if a.Found || len(a.Citations) != 0 || len(a.Related) != 0 {
		t.Errorf("a person the report does not name: found %v, related %v: %s", a.Found, ids(a.Related), a.Answer)
	}
}

// TestAPartialAnswerQuotesTheQuestionAsAsked: the line that says what the
// report does not answer quotes the question without a mention of the bot,
// on one line, cut at a word when it is long.
func TestAPartialAnswerQuotesTheQuestionAsAsked(t *testing.T) {
	e := engine(t)
	a := ask(t, e, "@reportbot where does Mukhtar Ablyazov live now?")
	if !strings.HasPrefix(a.Answer, "The report does not answer “where does Mukhtar Ablyazov live now”.") {
		t.Errorf("quoted: %s", a.Answer)
	}
	a = ask(t, e, "tell me, @reportbot, where does Mukhtar Ablyazov live now?")
	if !strings.HasPrefix(a.Answer, "The report does not answer “tell me, where does Mukhtar Ablyazov live now”.") {
		t.Errorf("quoted with the mention's commas: %s", a.Answer)
	}
	long := "where does Mukhtar Ablyazov live now, " + strings.Repeat("and I would also like to know more ", 8) + "?"
	a = ask(t, e, long)
	if lead, _, _ := strings.Cut(a.Answer, "\n"); !strings.Contains(lead, "…”") || len([]rune(lead)) > 200 {
		t.Errorf("a long question quoted whole: %s", lead)
	}
}
