package digest

import (
	"context"
	"testing"
	"time"
)

// BenchmarkPlanDay plans one day's digests for 100,000 subscribers: read
// every subscription, find who is due in their time zone, check the day's
// delivery record, and pick each chat's next excerpt.
func BenchmarkPlanDay(b *testing.B) {
	// Real time (a benchmark has no bubble): subscribed now, planned for
	// tomorrow's noon.
	d, st, _ := setup(b, time.Now())
	now := time.Now().UTC().Truncate(24 * time.Hour).Add(36 * time.Hour)
	const n = 100_000
	if err := bulkSubscribe(st, n); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		plans, err := d.Due(context.Background(), now)
		if err != nil {
			b.Fatal(err)
		}
		if len(plans) != n {
			b.Fatalf("%d plans for %d subscribers", len(plans), n)
		}
	}
}
