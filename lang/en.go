package lang

import "strings"

// englishWords is what the code knows of English's words.
var englishWords = profile{
	comparing: set(`change changed changes changing compare compared comparison difference differences different differ ` +
		`between versus vs improve improved improvement worse better since still`),
	choosing: set(`or either`),
	details: []string{
		`wife wives husband husbands spouse married marry girlfriend boyfriend | partner`,
		`son sons daughter daughters child children kid kids father mother parents brother brothers sister sisters ` +
			`family relatives | wife wives husband husbands spouse married partner`,
		`live lives living lived reside resides residing residence whereabouts hiding`,
		`age aged born birthday`,
		`founded founder founders founding`,
		`won win wins winning winner winners victory | unsuccessfully unsuccessful successfully successful seat elected`,
		`money salary income cost costs paid tenge dollars euros | funds funding`,
		`pardon pardoned acquitted acquittal amnesty amnestied`,
		`phone email contacts telegram whatsapp`,
		`profession occupation`,
		`appeal appealed appealing | appeals`,
	},
	months:    strings.Fields(`january february march april may june july august september october november december`),
	nameWords: set(`name names named`),
	numberWords: strings.Fields(`one two three four five six seven eight nine ten eleven twelve fifteen twenty ` +
		`dozen dozens hundred hundreds thousand thousands half`),
	punishment: set(`convicted convict conviction convictions guilty sentenced sentence sentences prison prisons ` +
		`imprisoned imprisonment jailed jail detained detention arrested arrest custody served serve serving ` +
		`punishment punished penalty locked parole charges charged trial tried prosecuted prosecution`),
	units:         [][]string{{"year"}, {"month"}, {"day"}},
	whoWhere:      set(`who whom whose where`),
	pronouns:      set(`he she they it his her their them this these both`),
	continuations: set(`and also what's whats`),
	particulars:   set(`how when who whom whose which why where`),
	referring:     set(`he she they him her them his hers their theirs`),
	glossary: glossaryOf(
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
	ageWords:    "age",
	peopleWords: set(`people persons person individuals`),
	whenWords:   set(`when`),
	whichWords:  set(`which`),
	whoWords:    set(`who whom`),
	yearWords:   [][2]string{{"what", "year"}, {"which", "year"}},
	nowWords:    set(`still now today currently anymore nowadays presently`),
}

// englishStop are English words that carry no topic (see stopwords.go).
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

// englishMarkers are English words that make a Latin text English even when
// it has a word that looks Kazakh.
var englishMarkers = set(`the a an is are was were what who whom whose when where why how did does do ` +
	`of in on to about and or with for from by has have had been be any there this that it his her their ` +
	`happened report say says said tell`)
