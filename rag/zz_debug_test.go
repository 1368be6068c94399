package rag

import (
	"context"
	"fmt"
	"testing"

	"reportbot/lang"
)

func TestZZDebug(t *testing.T) {
	e := engine(t)
	for _, s := range []string{"Можете рассказать, что пишут о пытках в казахстанских тюрьмах?", "пытки в тюрьмах", "азаптау жайлы айтыңызшы"} {
		m := lang.Read(s, lang.Kazakh)
		m = m.In(e.index.lexicon().Language(m))
		q := e.index.analyse(m)
		for _, g := range q.Terms {
			fmt.Printf("%s %+v\n", s, g)
		}
		hits, _ := e.search(context.Background(), q)
		for i, h := range hits {
			if i < 4 {
				fmt.Println("  ", h.Passage.ID, h.Coverage, h.Matched)
			}
		}
		fmt.Println("  answers", e.index.answers(q, hits), "broad", broad(q))
	}
}
