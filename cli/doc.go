// Package cli is the command line of reportbot: it parses subcommands and
// their flags, runs them, and prints their results.
package cli
