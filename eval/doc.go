// Package eval scores the bot's answers against a file of questions with
// known answers, so that a change that makes answers worse is noticed.
package eval
