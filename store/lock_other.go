//go:build !unix

package store

import "os"

// flock does nothing where advisory locks are not available: the bot runs
// on Linux.
func flock(*os.File) error { return nil }
