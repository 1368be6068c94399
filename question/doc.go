// Package question reads a message as a question about a corpus: what it
// asks (a person, a date, a number, which one of a kind), the years and
// places it names, whether it only follows up on another, and its terms,
// each resolved against the words the corpus uses in the question's
// language, however it was typed (another script, a typo, an ending the
// stemmer does not know, the name people use for a theme).
//
// It sits between lang, which knows languages but no corpus, and rag, which
// searches and answers: rag builds a Lexicon from its passages and reads
// every question through it, once.
package question
