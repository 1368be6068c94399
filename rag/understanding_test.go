package rag

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/lang"
	"reportbot/question"
)

// TestQuestionsAsPeopleTypeThem asks questions the way they arrive in
// Telegram, one of each kind the relevance gate used to refuse or misread:
// other word forms, typos, names in other spellings and scripts, Latin
// Kazakh in each alphabet, chat wrappers. Each must be answered, in the
// question's language, citing the paragraph that answers it.
func TestQuestionsAsPeopleTypeThem(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, q, lang, cites string
	}{
		{"Russian verb where the edition has a noun", "Освободили ли Козлова?", "ru", "kz2016-civil-society-3"},
		{"how many years they got", "Сколько лет дали Матаеву?", "ru", "kz2016-media-3"},
		{"English word family", "Is libel a crime?", "en", "kz2016-media-1"},
		{"abbreviation", "What did the ILO say?", "en", "kz2016-labor-2"},
		{"abbreviation in Russian", "Когда Казахстан вошёл в Совбез ООН?", "ru", "kz2016-international-6"},
		{"typo in a name", "Kozlv released?", "en", "kz2016-civil-society-3"},
		{"other transliteration", "Bokayev", "en", "kz2016-assembly-2"},
		{"other transliteration of a place", "Janaozen", "en", "kz2016-torture-3"},
		{"mention and polite wrapper", "Скажи, @reportbot, что случилось с Бокаевым?", "ru", "kz2016-assembly-2"},
		{"wrapper and footnote number", "Пожалуйста, расскажите о пытках (1)", "ru", "kz2016-torture-1"},
		{"what is known about", "Что известно о Бокаеве?", "ru", "kz2016-assembly-3"},
		{"Russian spelling of a name in Kazakh", "Бокаев деп кім?", "kk", "kz2016-assembly-2"},
		{"Russian surname ending in Kazakh", "Ермек Нарымбаев не үшін сотталды?", "kk", "kz2016-civil-society-1"},
		{"Latin Kazakh, informal", "Maks Boqaevqa ne boldy?", "kk", "kz2016-assembly-2"},
		{"Latin Kazakh, 2021 alphabet", "Azaptau turaly ne aıtylğan?", "kk", "kz2016-torture-1"},
		{"Latin Kazakh, 2017 apostrophes", "Kozlov turaly ne aıtylg'an?", "kk", "kz2016-civil-society-3"},
		{"Latin Kazakh, 2018 acutes", "Jańaózende ne boldy?", "kk", "kz2016-torture-3"},
		{"Latin name in a Russian question", "Max Bokaev что с ним?", "ru", "kz2016-assembly-2"},
		{"Latin name in a Kazakh question", "Kozlov туралы не белгілі?", "kk", "kz2016-civil-society-3"},
		{"one Kazakh-spelled name in Russian", "сколько суток дали боқаеву", "ru", "kz2016-assembly-2"},
		{"a Kazakh word alone", "азаптау", "kk", "kz2016-torture-1"},
		{"a Kazakh word alone, in Latin letters", "azaptau", "kk", "kz2016-torture-1"},
		{"a Russian word alone, in Latin letters", "pytki", "ru", "kz2016-torture-1"},
		// «Свобода слова» is the theme of the media section, whose title
		// says «свобода выражения мнений» (its words in the corpus).
		{"Russian words in Latin letters", "svoboda slova", "ru", "kz2016-media-1"},
		{"a word the report writes with a prefix", "any terrorism laws changed?", "en", "kz2016-counterterrorism-1"},
		{"a clipped word", "the critic they put in a psych ward", "en", "kz2016-civil-society-4"},
		{"how long, and an idiom", "how long was kozlov behind bars", "en", "kz2016-civil-society-3"},
		{"a contraction without its apostrophe", "whats the un say about the extremism laws", "en", "kz2016-counterterrorism-2"},
		{"filler words", "is torture still a thing there", "en", "kz2016-torture-1"},
		{"a street word for the report's", "how many died in the aktobe shooting", "en", "kz2016-counterterrorism-1"},
		{"a Russian street word", "в казахстане можно нормально бастовать?", "ru", "kz2016-labor-1"},
		{"Russian slang and filler", "лгбт в кз прессуют?", "ru", "kz2016-sogi-1"},
		{"a colloquial «сколько»", "скока погибло в актобе", "ru", "kz2016-counterterrorism-1"},
		{"Russian in Latin letters with a date", "kogo posadili pered mitingami 21 maya", "ru", "kz2016-assembly-2"},
		{"a question after a personal story", "Здравствуйте. Моя дочь учится на третьем курсе, она очень активная и переживает за всех. Подскажите, что в докладе про пытки?", "ru", "kz2016-torture-1"},
		{"a pronoun in the question, its noun in the story", "Здравствуйте. Я пенсионерка, всегда хожу голосовать. Внук говорит, что выборы в парламент были нечестные. Подскажите, в каком месяце они проходили?", "ru", "kz2016-elections-1"},
		{"Kazakh hearsay and a Russian street word", "Наталья Уласик деген әйелді психушкаға жатқызыпты дейді, оның басынан не өтті?", "kk", "kz2016-civil-society-4"},
		{"a name typed in lower case", "курамшину сколько лет дали", "ru", "kz2016-civil-society-5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.q, lang.English)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found {
				t.Fatalf("%q was refused: %s", tt.q, a.Answer)
			}
			if a.Language != tt.lang {
				t.Errorf("%q answered in %s, want %s", tt.q, a.Language, tt.lang)
			}
			if !cites(a, tt.cites) {
				t.Errorf("%q cites %v, want %s", tt.q, citedIDs(a), tt.cites)
			}
		})
	}
}

// TestQuestionsTheReportCannotAnswerAreDeclined covers what a lexical match
// would answer wrongly: other countries, years after the report, general
// knowledge that shares one word with it.
func TestQuestionsTheReportCannotAnswerAreDeclined(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct{ q, says string }{
		{"What did HRW say about Kazakhstan in 2018?", "2016"},
		{"Что было в январе 2022 в Алматы?", "2016"},
		{"what does hrw say about torture in uzbekistan", ""},
		{"Ресейдегі ЛГБТ заңы туралы не айтылған?", ""},
		{"capital of kazakhstan?", ""},
		{"What is the capital of France?", ""},
		{"Кто сейчас президент США?", ""},
		// "Life" is capitalised only in the New Life church's name.
		{"what is the meaning of life", ""},
		{"can i transfer money abroad", ""},
		// Tokaev is not a typo of Bokaev: the first letter differs.
		{"Тоқаев қашан сайланды?", ""},
		// «рецепт» is not a form of «рет», nor «бересин» of «бер».
		{"бешбармак калай жасайды, рецепт бересин бе?", ""},
	} {
		a, err := e.Ask(context.Background(), tt.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found || len(a.Citations) > 0 {
			t.Errorf("%q answered: %s", tt.q, a.Answer)
		}
		if !strings.Contains(a.Answer, tt.says) {
			t.Errorf("%q: %q does not say %q", tt.q, a.Answer, tt.says)
		}
	}
}

// TestAnswersAreWhole checks what a reader would miss in a half answer: the
// rest of a person's story, the subject of a sentence that starts with a
// pronoun, the paragraphs of a broad theme, the year a report on the past
// speaks of.
func TestAnswersAreWhole(t *testing.T) {
	e := engine(t)
	tests := []struct {
		name, q string
		cites   []string
		says    []string
	}{
		{"a person's story across paragraphs", "What happened to Maks Bokaev?",
			[]string{"kz2016-assembly-2", "kz2016-assembly-3"}, []string{"15 days", "on trial"}},
		{"the same story in Russian", "Что случилось с Максом Бокаевым?",
			[]string{"kz2016-assembly-2", "kz2016-assembly-3"}, []string{"15 суток", "судили"}},
		{"yes/no with its fact", "were bokaev and ayan convicted?",
			[]string{"kz2016-assembly-3"}, []string{"on trial"}},
		{"every sentence about a person", "Кто такая Наталья Уласик?",
			[]string{"kz2016-civil-society-4"}, []string{"Уласик", "психиатрический стационар"}},
		{"a pronoun brings its subject", "who was let out on parole in july",
			[]string{"kz2016-media-2"}, []string{"Baidalinova", "In July, she was released on parole"}},
		{"a month's events name their people", "What happened in August 2016?",
			nil, []string{"Ulasik"}},
		{"a theme that names a section quotes its paragraphs", "What did the report say about freedom of expression?",
			[]string{"kz2016-media-1", "kz2016-media-2", "kz2016-media-3"}, []string{"50 journalists"}},
		{"a number question is answered, not surveyed", "How many journalists were detained?",
			[]string{"kz2016-media-2"}, []string{"50 journalists"}},
		{"a broad theme from each paragraph", "religion",
			[]string{"kz2016-religion-1", "kz2016-religion-2"}, nil},
		{"a transcript's sentence says who said it", "кто сказал что Казахстан это страна тихих репрессий",
			[]string{"kz2016-video-1"}, []string{"Михра Риттманн", "тихих репрессий"}},
		{"an antecedent's own antecedent", "кімдер айыпты мойындамай, белсенділігі үшін өш алу деп атайды",
			[]string{"kz2016-assembly-3"}, []string{"Боқаев"}},
		{"still: the report's year first", "Is torture still a problem?",
			[]string{"kz2016-torture-1"}, []string{"The report covers 2016:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(context.Background(), tt.q, lang.English)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range tt.cites {
				if !cites(a, id) {
					t.Errorf("%q cites %v, want %s among them", tt.q, citedIDs(a), id)
				}
			}
			for _, s := range tt.says {
				if !strings.Contains(a.Answer, s) {
					t.Errorf("%q: answer does not say %q:\n%s", tt.q, s, a.Answer)
				}
			}
			if strings.HasPrefix(tt.q, "How many") && len(a.Citations) > 2 {
				t.Errorf("%q: a number is answered from %d passages: %s", tt.q, len(a.Citations), a.Answer)
			}
		})
	}
}

// TestFollowUpsAreReadOnlyWhenTheyDependOnContext walks a conversation as
// a user would: a standalone question after another is not read with it,
// thanks are not a question, a pronoun or «а …» is read with the last
// answered question, and a reply is read against the answer it replies to.
func TestFollowUpsAreReadOnlyWhenTheyDependOnContext(t *testing.T) {
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(ix, WithMemory(NewMemory(10, 4, time.Hour)))
	ctx := context.Background()
	ask := func(conv, q string) Answer {
		t.Helper()
		a, err := e.AskIn(ctx, conv, q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	ask("c1", "What happened to Maks Bokaev?")
	if a := ask("c1", "What is the capital of France?"); a.Found {
		t.Errorf("a standalone question was read with the one before: %s", a.Answer)
	}
	if a := ask("c1", "Thanks!"); !a.SmallTalk || a.Found || len(a.Citations) > 0 {
		t.Errorf("thanks got %+v, want a short acknowledgement", a)
	}
	if a := ask("c1", "ok"); !a.SmallTalk {
		t.Errorf("ok repeated an answer: %s", a.Answer)
	}
	if a := ask("c1", "And what were they charged with?"); !cites(a, "kz2016-assembly-3") {
		t.Errorf("a follow-up with a pronoun cites %v, want Bokaev's charges", citedIDs(a))
	}

	// Kazakh thanks and a Kazakh follow-up are answered in Kazakh, though
	// neither has a Kazakh-only letter.
	ask("c5", "Бокаевқа не болды?")
	if a := ask("c5", "ал Аян ше?"); a.Language != "kk" || !a.Found {
		t.Errorf("a Kazakh follow-up answered in %s, found %v", a.Language, a.Found)
	}
	for _, thanks := range []string{"рахмет", "rahmet"} {
		if a := ask("c5", thanks); !a.SmallTalk || a.Language != "kk" {
			t.Errorf("%q got small talk %v in %s, want a Kazakh acknowledgement", thanks, a.SmallTalk, a.Language)
		}
	}

	bokaev := ask("", "Что случилось с Бокаевым?")
	a, err := e.AskReply(ctx, "c3", "А что было с Аяном?", bokaev.Answer, lang.English)
	if err != nil {
		t.Fatal(err)
	}
	if !cites(a, "kz2016-assembly-2") && !cites(a, "kz2016-assembly-3") {
		t.Errorf("a reply naming Ayan cites %v", citedIDs(a))
	}
	a, err = e.AskReply(ctx, "c4", "А его приговор?", bokaev.Answer, lang.English)
	if err != nil {
		t.Fatal(err)
	}
	if !cites(a, "kz2016-assembly-2") {
		t.Errorf("«А его приговор?» in reply to the Bokaev answer cites %v: %s", citedIDs(a), a.Answer)
	}
}

func cites(a Answer, id string) bool {
	for _, c := range a.Citations {
		if c.ID == id {
			return true
		}
	}
	return false
}

func citedIDs(a Answer) []string {
	var ids []string
	for _, c := range a.Citations {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestARequestForTheWholeReportGetsItsOverview: "summary" has no topic of
// its own, and "the report does not say anything about this" would be an
// absurd reply to it; the report's overview is its own short version.
func TestARequestForTheWholeReportGetsItsOverview(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct{ q, lang string }{
		{"give me a summary of the report", "en"},
		{"hey can you give me the short version", "en"},
		{"whats the gist of the 2016 chapter", "en"},
		{"кратко о докладе", "ru"},
		{"баяндама қысқаша", "kk"},
	} {
		a, err := e.Ask(context.Background(), tt.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || a.Language != tt.lang || !cites(a, "kz2016-overview-1") || !cites(a, "kz2016-overview-2") {
			t.Errorf("%q: found=%v in %s citing %v, want the overview in %s", tt.q, a.Found, a.Language, citedIDs(a), tt.lang)
		}
	}
	// A request with a topic is about the topic.
	if a, _ := e.Ask(context.Background(), "summary of the torture section", lang.English); !cites(a, "kz2016-torture-1") {
		t.Errorf("a summary of a theme cites %v", citedIDs(a))
	}
}

// TestALongMessageIsReadForItsQuestion: the sentences that ask, else the
// last one; a message of one sentence, or of questions only, stays whole.
func TestALongMessageIsReadForItsQuestion(t *testing.T) {
	for _, tt := range []struct{ in, part string }{
		{"Hello. My son studies in Almaty. Was anyone tortured?", "Was anyone tortured?"},
		{"Здравствуйте. Сын учится в Алматы. Расскажите про пытки.", "Расскажите про пытки."},
		{"Hello. (Was anyone tortured?) My son studies in Almaty.", "(Was anyone tortured?)"},
		{"Was anyone tortured? Who?", ""},
		{"Was anyone tortured", ""},
	} {
		part, ok := question.Asked(lang.Read(tt.in, lang.English))
		if got := map[bool]string{true: part.Text}[ok]; got != tt.part {
			t.Errorf("questionPart(%q) = %q, want %q", tt.in, got, tt.part)
		}
	}
}

// TestGreetingsAndMessagesWithNothingToLookUp: a greeting is greeted back,
// not thanked; a message with nothing to look up gets what the bot can do,
// not a claim about the report.
func TestGreetingsAndMessagesWithNothingToLookUp(t *testing.T) {
	e := engine(t)
	for _, tt := range []struct {
		q, lang, key string
		smallTalk    bool
	}{
		{"Hi!", "en", "Greeting", true},
		{"привет", "ru", "Greeting", true},
		{"сәлем", "kk", "Greeting", true},
		{"Thanks!", "en", "SmallTalk", true},
		{"как дела?", "ru", "NoTopic", false},
		{"who are you?", "en", "NoTopic", false},
		{"What is the capital of France?", "en", "NotFound", false},
	} {
		a, err := e.Ask(context.Background(), tt.q, lang.English)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found || a.SmallTalk != tt.smallTalk || a.Language != tt.lang || a.Answer != said(t, lang.Language(tt.lang), tt.key) {
			t.Errorf("%q: found=%v small talk=%v in %s: %q, want the %s text in %s", tt.q, a.Found, a.SmallTalk, a.Language, a.Answer, tt.key, tt.lang)
		}
	}
}
