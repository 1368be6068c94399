// Package locale holds every string a user reads, in English, Russian and
// Kazakh, in one bundle: the bot, the engine and the command line take their
// texts from it, so that a wording is changed in one file per language.
package locale
