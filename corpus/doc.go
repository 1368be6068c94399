// Package corpus carries the report the bot answers about: Human Rights
// Watch's World Report 2017 chapter on Kazakhstan in English, with the
// project's unofficial Russian and Kazakh translations aligned to it
// paragraph by paragraph.
//
// The files are compiled into the binary so that the bot works from any
// folder with no data to download.
package corpus
