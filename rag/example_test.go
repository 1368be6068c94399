package rag_test

import (
	"context"
	"fmt"
	"log"

	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/lang"
	"reportbot/rag"
)

// The embedded default: the report built into the binary, a local embedder
// and extractive answers that cite the paragraphs they quote.
func ExampleEngine_Ask() {
	ctx := context.Background()
	passages, err := ingest.Load(corpus.Files)
	if err != nil {
		log.Fatal(err)
	}
	ix, err := rag.Build(ctx, passages, rag.NewHashEmbedder(0), "", nil)
	if err != nil {
		log.Fatal(err)
	}
	e := rag.NewEngine(ix)
	a, err := e.Ask(ctx, "What happened to Max Bokayev?", lang.English)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Found, a.Mode, a.Language)
	fmt.Println(a.Citations[0].ID)
	// Output:
	// true extractive en
	// kz2016-assembly-2
}
