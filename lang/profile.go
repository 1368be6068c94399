package lang

// profile is what the code knows of one language's words: one file per
// language (en.go, ru.go, kk.go) fills it, and the maps by language that
// the rest of the package reads are made from the profiles (see
// byLanguage).
type profile struct {
	comparing      map[string]bool                       // see asks.go
	choosing       map[string]bool                       // see asks.go
	details        []string                              // see asks.go
	months         []string                              // see asks.go
	nameWords      map[string]bool                       // see asks.go
	numberWords    []string                              // see asks.go
	punishment     map[string]bool                       // see asks.go
	quantityWords  map[string]bool                       // see asks.go
	units          [][]string                            // see asks.go
	whoWhere       map[string]bool                       // see asks.go
	pronouns       map[string]bool                       // see chatter.go
	continuations  map[string]bool                       // see followup.go
	particulars    map[string]bool                       // see followup.go
	referring      map[string]bool                       // see followup.go
	glossary       map[string]string                     // see glossary.go
	ageWords       string                                // see kinds.go
	peopleWords    map[string]bool                       // see kinds.go
	whenWords      map[string]bool                       // see kinds.go
	whichWords     map[string]bool                       // see kinds.go
	whoWords       map[string]bool                       // see kinds.go
	yearWords      [][2]string                           // see kinds.go
	latinFollowUps struct{ opens, ends map[string]bool } // see message.go
	nowWords       map[string]bool                       // see places.go
}
