package digest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"reportbot/store"
	"reportbot/store/storetest"
)

// slowSender answers every send a round trip late, as Telegram does from
// afar.
type slowSender struct {
	*fakeSender
	rtt time.Duration
}

func (s slowSender) SendExcerpt(ctx context.Context, chat int64, e Excerpt) (int, error) {
	time.Sleep(s.rtt)
	return s.fakeSender.SendExcerpt(ctx, chat, e)
}

// BenchmarkDeliverAt80ms sends one day's digests to 1,000 subscribers
// through a Bot API 80 ms away and reports the rate and the time the run
// takes: senders at once, paced to Telegram's broadcast limit.
func BenchmarkDeliverAt80ms(b *testing.B) {
	const n = 1000
	var elapsed time.Duration
	for range b.N {
		d, st, send := setup(b, time.Now())
		d.send = slowSender{fakeSender: send, rtt: 80 * time.Millisecond}
		if err := bulkSubscribe(st, n); err != nil {
			b.Fatal(err)
		}
		now := time.Now().UTC().Truncate(24 * time.Hour).Add(36 * time.Hour)
		begin := time.Now()
		r, err := d.Deliver(context.Background(), now)
		elapsed += time.Since(begin)
		if err != nil || r.Sent != n {
			b.Fatalf("sent %d of %d: %v", r.Sent, n, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "digests/s")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/1000")
}

// backendsB opens a store on each database the digest can use: SQLite in
// a file, and PostgreSQL when TEST_DATABASE_URL names a server.
func backendsB(b *testing.B, run func(b *testing.B, st *store.Store)) {
	b.Run("sqlite", func(b *testing.B) {
		st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bot.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		run(b, st)
	})
	b.Run("postgres", func(b *testing.B) {
		st, err := store.OpenURL(context.Background(), storetest.URL(b))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		run(b, st)
	})
}

// BenchmarkPlanDay plans one day's digests for 100,000 subscribers, on
// SQLite and on PostgreSQL: read every subscription, find who is due in
// their time zone, check the day's delivery record, and pick each chat's
// next excerpt.
func BenchmarkPlanDay(b *testing.B) {
	ix, err := testIndex()
	if err != nil {
		b.Fatal(err)
	}
	backendsB(b, func(b *testing.B, st *store.Store) {
		const n = 100_000
		if err := bulkSubscribe(st, n); err != nil {
			b.Fatal(err)
		}
		d := New(st, ix, nil)
		now := time.Now().UTC().Truncate(24 * time.Hour).Add(36 * time.Hour)
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
	})
}

// BenchmarkClaim claims digests one by one among 100,000 subscribers, as
// a deliverer does before each send, on SQLite and on PostgreSQL.
func BenchmarkClaim(b *testing.B) {
	backendsB(b, func(b *testing.B, st *store.Store) {
		const n = 100_000
		if err := bulkSubscribe(st, n); err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		i := 0
		b.ResetTimer()
		for b.Loop() {
			day := time.Date(2026, 12, 1+i/n, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			ok, err := st.Claim(ctx, int64(i%n)+1, day, "kz2016-torture-1", "torture", []string{"kz2016-torture-1"})
			if err != nil || !ok {
				b.Fatalf("claim %d: %v %v", i, ok, err)
			}
			i++
		}
	})
}
