// Package prompts holds the instructions given to a language model that
// writes answers from retrieved passages. The templates are files, embedded
// in the binary, so that they are reviewed and versioned like code.
package prompts
