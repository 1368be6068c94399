package lang

import "strings"

// These add to Snowball's stop lists the question words and auxiliaries that
// users put in questions and that carry no topic: "сколько" or "қанша" asks
// for a number but says nothing about which passage holds it. The words for
// "the report" itself are here too: every question is about the report, so
// "what does the report say about Zhanaozen" is a question about Zhanaozen.

var englishStop = set(`s t can't don't did does happened happen tell say said ` +
	`many much please anything something someone anyone says mention mentions mentioned report hrw`)

var russianStop = set(`сколько каков какова каковы каким какие каких каком какое какую ` +
	`почему также который которая которые которых это этим эта ` +
	`произошло случилось сказал сказала сказали расскажи расскажите ` +
	`кто-нибудь кто-то что-то нибудь говорится сказано написано доклад докладе доклада`)

var kazakhStop = set(`не неге нені неде қандай қалай қанша кім кімге кімді қашан қайда ` +
	`ма ме ба бе па пе мен бен пен және да де та те бұл осы сол ол олар ` +
	`туралы бойынша үшін деп еді екен болды болған бар жоқ ғой ғана ` +
	`айтты айтқан айтыңыз айтылған айтылды айтылады жазылған баяндама баяндамада баяндамасында`)

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
