// Package rag finds the passages of the reports that answer a question and
// builds a cited answer from them.
//
// Retrieval is hybrid: chromem-go vector collections, one per report with
// every edition of it, and a BM25 index over language-aware terms, fused by
// reciprocal rank fusion. Answers cite passages by the citation ids that a
// passage shares with its translations, and name the report each is from.
package rag
