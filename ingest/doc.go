// Package ingest reads a corpus folder of report documents and cuts it into
// the passages the bot retrieves and cites.
//
// A corpus holds originals and their translations. Every document starts
// with front matter (Markdown, plain text) or carries the same keys in its
// head (HTML). A translation names its original with translation_of and must
// have the same sections with the same number of paragraphs, in the same
// order: that is what lets a Russian or Kazakh passage share the citation id
// of the English paragraph it translates.
package ingest
