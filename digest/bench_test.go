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
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	d, st, clock, _ := setup(b, now.Add(-24*time.Hour))
	const n = 100_000
	if err := bulkSubscribe(st, n); err != nil {
		b.Fatal(err)
	}
	clock.set(now)
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
