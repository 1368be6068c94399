// Package lang tells which of the bot's languages a text is in and turns text
// into the normalised, stemmed terms that retrieval compares.
//
// The bot speaks English, Russian and Kazakh. Kazakh has no Snowball stemmer,
// so this package carries a suffix-stripping one of its own.
package lang
