package llm

import (
	"context"
	"fmt"
	"testing"

	"reportbot/llm/llmtest"
)

// BenchmarkEmbed10k embeds 10,000 passages through the fake server, as an
// ingest of a large corpus would, and reports the requests it took.
func BenchmarkEmbed10k(b *testing.B) {
	srv := llmtest.New()
	defer srv.Close()
	c := New(Config{BaseURL: srv.BaseURL(), BatchSize: DefaultBatchSize})
	texts := make([]string, 10_000)
	for i := range texts {
		texts[i] = fmt.Sprintf("Passage %d: authorities jailed peaceful protesters and prosecuted journalists in case %d.", i, i%97)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Embed(context.Background(), texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(srv.EmbedCalls())/float64(b.N), "requests/op")
}
