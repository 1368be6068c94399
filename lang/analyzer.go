package lang

// Analyzer is Terms and JoinedTerms with a memory of the stems it has
// computed. A corpus repeats its words many times over, and stemming is most
// of the cost of indexing it. An Analyzer is not safe for concurrent use;
// make one per indexing run.
type Analyzer struct {
	stems map[stemKey]string
}

type stemKey struct {
	w word
	l Language
}

// NewAnalyzer returns an analyzer with an empty memory.
func NewAnalyzer() *Analyzer { return &Analyzer{stems: map[stemKey]string{}} }

func (a *Analyzer) term(w word, l Language) string {
	k := stemKey{w, l}
	if t, ok := a.stems[k]; ok {
		return t
	}
	t := w.term(l)
	a.stems[k] = t
	return t
}

// Terms is the package's Terms, remembering stems.
func (a *Analyzer) Terms(text string, l Language) []string {
	return terms(text, l, a.term)
}

// JoinedTerms is the package's JoinedTerms, remembering stems.
func (a *Analyzer) JoinedTerms(text string, l Language) []string {
	return joinedTerms(text, l, a.term)
}

// Tokens is the package's Tokens, remembering stems.
func (a *Analyzer) Tokens(text string, l Language) []Token {
	var out []Token
	for _, w := range splitWords(text) {
		if t := a.term(w, l); t != "" {
			out = append(out, Token{Word: w.text, Term: t, Name: w.name})
		}
	}
	return out
}
