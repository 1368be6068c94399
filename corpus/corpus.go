package corpus

import "embed"

// Files holds the corpus documents. Each is Markdown with front matter; see
// package ingest for the format.
//
//go:embed *.md
var Files embed.FS
