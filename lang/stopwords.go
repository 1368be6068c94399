package lang

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// These add to Snowball's stop lists the question words and auxiliaries that
// users put in questions and that carry no topic: "сколько" or "қанша" asks
// for a number but says nothing about which passage holds it. The words for
// "the report" itself are here too: every question is about the report, so
// "what does the report say about Zhanaozen" is a question about Zhanaozen.

var englishStop = set(`s t can't don't did does happened happen tell say said ` +
	`many much please anything something someone anyone says mention mentions mentioned report hrw ` +
	// Conversational wrappers and light verbs: "hey bot, can you tell me
	// what happened to…", "how many years did he get".
	`hey hi hello bot thanks thank pls plz know tell me could would can you u ` +
	`get got gave give given go went know about anything info information ` +
	`world kazakhstan kazakh kz ` +
	`still now today currently anymore nowadays presently actually really ` +
	`im i'm pls plz ppl guys want wanted need help article writing short version briefly ` +
	`summary summarize overall general generally whole every each case cases ` +
	// Contractions typed without the apostrophe, filler, attribution and
	// the chapter itself: "whats the deal", "is torture still a thing",
	// "according to the un", "the whole kazakhstan chapter".
	`whats whos hows wheres whens whys thats theres dont doesnt didnt isnt arent wasnt werent ` +
	`cant wont havent hasnt thing things stuff kind sort lot bit basically quick q ` +
	`according chapter section tldr gist brief overview summarise abt yr yrs n rn bc cuz tho btw`)

var russianStop = set(`сколько такая такой такое такие каков какова каковы каким какие каких каком какое какую ` +
	`почему также который которая которые которых это этим эта ` +
	`произошло случилось сказал сказала сказали расскажи расскажите ` +
	`кто-нибудь кто-то что-то нибудь говорится сказано написано доклад докладе доклада ` +
	`скажи скажите подскажи подскажите пожалуйста плиз привет здравствуйте бот ` +
	`известно знаешь знаете можно узнать интересно хочу хотел хотела ` +
	`пишут пишет написали говорят отчет отчете отчета hrw ` +
	`дали дал дала дать получил получила получили получает было был была были ` +
	`вообще там ли казахстан казахстане казахстана кз рк ` +
	`сих пор сейчас сегодня теперь по-прежнему ныне нынче че чё ` +
	`коротко кратко подробно подробнее вкратце общем целом насчет насчёт обзор резюме главное ` +
	`хочет хотят хочу хотел нужно надо пишу статью вопрос вопросы бывает ` +
	// Units a number is asked in ("сколько лет дали"), which the edition
	// words otherwise ("к шести годам").
	`лет год года году годам суток сутки месяц месяца месяцев каждый каждую каждые ` +
	`дело дела делу деле ` +
	// Chat filler and colloquial forms: «скока», «говорит», «типа».
	`скока скоко сколко скольких скольким говорит говорил говорила говорили писали что-то кого-то какой-то ` +
	`как-то где-то типа короче мол нормально реально именно конкретно добрый день заранее`)

var kazakhStop = set(`не неге нені неде қандай қалай қанша кім кімге кімді қашан қайда қай қайсы ақыры ақырында ` +
	`ма ме ба бе па пе мен бен пен және да де та те бұл осы сол ол олар ` +
	`туралы бойынша үшін деп еді екен болды болған бар жоқ ғой ғана ` +
	`айтты айтқан айтыңыз айтылған айтылды айтылады жазылған баяндама баяндамада баяндамасында ` +
	`айтшы айтыңызшы сәлем сәлеметсіз сәлеметсіздер өтінемін білгім келеді білесің білесіз ` +
	`белгілі ше шы ші бот жазылды жазады жазған hrw туралы ` +
	`алды берді берілді қандай қазақстан қазақстанда қазақстанның кз ` +
	`әлі қазір бүгін қазіргі күнге дейін жалпы қысқаша қорытынды толық толығырақ бәрін барлық ` +
	`айтып айтып бер бересіз бере аласыз ба жіберші жібересіз мәлімет мәліметті жинап ` +
	`білгім келеді керек қалай сұрақ жыл жылға жылдық тәулік тәулікке ` +
	`іс ісі ісін ісіне айтады дейді деді делінген ` +
	// Hearsay, pronouns and requests as typed, also without Kazakh
	// letters: «… деген әйел», «оның басынан», «рецепт бересің бе».
	`деген дейтін дейди онын оның немен рас бересің бересіз бересин бересиз ` +
	// The chapter itself, as "chapter" and "section" are in English.
	`баяндаманың тарау тарауы тарауында`)

// kazakhStopSkeletons are the Kazakh stop words as skeletons.
var kazakhStopSkeletons = func() map[string]bool {
	m := map[string]bool{}
	for w := range kazakhStop {
		m[Skeleton(w)] = true
	}
	return m
}()

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for w := range strings.FieldsSeq(words) {
		m[w] = true
	}
	return m
}

// analysisRevision changes whenever the stemmers or the splitting of words
// change in a way that changes terms; the stop lists are hashed in
// AnalysisVersion and need no bump.
const analysisRevision = 2

// AnalysisVersion identifies how texts are turned into terms: an index
// whose terms were made by another version must analyse its passages
// again, or questions and passages would meet on stale terms.
var AnalysisVersion = sync.OnceValue(func() string {
	h := sha256.New()
	fmt.Fprintf(h, "rev %d\n", analysisRevision)
	for _, m := range []map[string]bool{englishStop, russianStop, kazakhStop} {
		words := make([]string, 0, len(m))
		for w := range m {
			words = append(words, w)
		}
		sort.Strings(words)
		fmt.Fprintln(h, strings.Join(words, " "))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})
