// Package rag finds the passages of the report that answer a question and
// builds a cited answer from them.
//
// Retrieval is hybrid: a chromem-go vector collection of every passage in
// every language, and a BM25 index over language-aware terms, fused by
// reciprocal rank fusion. Answers cite passages by the citation ids that a
// passage shares with its translations.
package rag
