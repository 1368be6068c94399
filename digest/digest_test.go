package digest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"reportbot/corpus"
	"reportbot/ingest"
	"reportbot/rag"
	"reportbot/store"
)

var testIndex = sync.OnceValues(func() (*rag.Index, error) {
	ps, err := ingest.Load(corpus.Files)
	if err != nil {
		return nil, err
	}
	return rag.Build(context.Background(), ps, rag.NewHashEmbedder(64), "", nil)
})

// advanceTo moves a synctest bubble's clock on to t.
func advanceTo(t time.Time) {
	if d := time.Until(t); d > 0 {
		time.Sleep(d)
	}
}

// sent is one excerpt a fakeSender delivered.
type sent struct {
	chat int64
	at   time.Time
	e    Excerpt
}

// fakeSender records excerpts and answers with queued errors per chat.
type fakeSender struct {
	mu     sync.Mutex
	sent   []sent
	errs   map[int64][]error
	after  func(n int) // called after each successful send
	nextID int
}

func (f *fakeSender) SendExcerpt(_ context.Context, chat int64, e Excerpt) (int, error) {
	f.mu.Lock()
	if q := f.errs[chat]; len(q) > 0 {
		f.errs[chat] = q[1:]
		f.mu.Unlock()
		return 0, q[0]
	}
	f.nextID++
	f.sent = append(f.sent, sent{chat: chat, at: time.Now(), e: e})
	n := len(f.sent)
	after := f.after
	f.mu.Unlock()
	if after != nil {
		after(n)
	}
	return f.nextID, nil
}

func (f *fakeSender) failNext(chat int64, errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.errs == nil {
		f.errs = map[int64][]error{}
	}
	f.errs[chat] = append(f.errs[chat], errs...)
}

// setup returns a digest over a new database at start, which must be in
// the future of the synctest bubble it is called in.
func setup(t testing.TB, start time.Time) (*Digest, *store.Store, *fakeSender) {
	t.Helper()
	ix, err := testIndex()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	advanceTo(start)
	send := &fakeSender{}
	return New(st, ix, send), st, send
}

func subscribe(t testing.TB, st *store.Store, chat int64, hour int, tz, lang string, themes ...string) {
	t.Helper()
	if err := st.SaveSubscription(context.Background(), store.Subscription{ChatID: chat, Hour: hour, TZ: tz, Lang: lang, Themes: themes}); err != nil {
		t.Fatal(err)
	}
}

func TestDigestsArriveAtTheLocalHourOncePerDay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
		d, st, send := setup(t, start)
		subscribe(t, st, 1, 9, "Asia/Almaty", "ru")
		subscribe(t, st, 2, 9, "America/New_York", "en")
		subscribe(t, st, 3, 0, "Asia/Tokyo", "kk")
		subscribe(t, st, 4, 23, "Europe/London", "en")
		ctx := context.Background()
		for now := start; now.Before(start.Add(48 * time.Hour)); now = now.Add(time.Minute) {
			advanceTo(now)
			if _, err := d.Deliver(ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		want := map[int64][]string{
			// 09:00 in Almaty (UTC+5), New York (UTC−5), midnight in Tokyo
			// (UTC+9; the 26th's midnight was before the subscription),
			// 23:00 in London (UTC).
			1: {"2026-11-26T04:00", "2026-11-27T04:00"},
			2: {"2026-11-26T14:00", "2026-11-27T14:00"},
			3: {"2026-11-26T15:00", "2026-11-27T15:00"},
			4: {"2026-11-26T23:00", "2026-11-27T23:00"},
		}
		got := map[int64][]string{}
		for _, s := range send.sent {
			got[s.chat] = append(got[s.chat], s.at.UTC().Format("2006-01-02T15:04"))
		}
		for chat, w := range want {
			if fmt.Sprint(got[chat]) != fmt.Sprint(w) {
				t.Errorf("chat %d got digests at %v, want %v", chat, got[chat], w)
			}
		}
		for _, s := range send.sent {
			if string(s.e.Lang) != map[int64]string{1: "ru", 2: "en", 3: "kk", 4: "en"}[s.chat] || s.e.Passage.Lang != s.e.Lang {
				t.Errorf("chat %d got an excerpt in %s", s.chat, s.e.Passage.Lang)
			}
		}
	})
}

func TestPassagesRotateWithoutRepeatsUntilAThemeIsExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
		d, st, send := setup(t, start.Add(-time.Hour*24))
		subscribe(t, st, 9, 9, "UTC", "en", "torture", "media")
		for day := range 12 {
			now := start.AddDate(0, 0, day)
			advanceTo(now)
			if _, err := d.Deliver(context.Background(), now); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for _, s := range send.sent {
			got = append(got, s.e.Passage.ID)
		}
		want := []string{
			"kz2016-torture-1", "kz2016-media-1", "kz2016-torture-2", "kz2016-media-2",
			"kz2016-torture-3", "kz2016-media-3", "kz2016-torture-1", "kz2016-media-4",
			"kz2016-torture-2", "kz2016-media-1", "kz2016-torture-3", "kz2016-media-2",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("rotation\n got %v\nwant %v", got, want)
		}
	})
}

func TestAKilledRunResumesWithExactlyTheMissingDigests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		d, st, send := setup(t, now.Add(-24*time.Hour))
		const n, k = 10, 4
		for chat := range int64(n) {
			subscribe(t, st, chat+1, 9, "UTC", "en")
		}
		advanceTo(now)
		ctx, kill := context.WithCancel(context.Background())
		send.after = func(sent int) {
			if sent == k {
				kill()
			}
		}
		if _, err := d.Deliver(ctx, now); !errors.Is(err, context.Canceled) {
			t.Fatalf("killed run returned %v", err)
		}
		if len(send.sent) != k {
			t.Fatalf("%d sent before the kill, want %d", len(send.sent), k)
		}
		send.after = nil
		// The killed process had also claimed one more chat, and died before
		// sending to it.
		plans, err := d.Due(context.Background(), now)
		if err != nil || len(plans) != n-k {
			t.Fatalf("%d plans left, %v", len(plans), err)
		}
		if ok, err := st.Claim(context.Background(), plans[0].ChatID, plans[0].Day, plans[0].Citation, plans[0].Theme, plans[0].Cycle); !ok || err != nil {
			t.Fatal(ok, err)
		}
		// A new process, once the killed one's claims have lapsed: the same
		// database, a new Digest.
		now = now.Add(d.claimLease() + time.Minute)
		advanceTo(now)
		d2 := New(st, d.index, send)
		r, err := d2.Deliver(context.Background(), now)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sent != n-k || len(send.sent) != n {
			t.Errorf("resumed run sent %d, %d in all; want %d and %d", r.Sent, len(send.sent), n-k, n)
		}
		seen := map[int64]int{}
		for _, s := range send.sent {
			seen[s.chat]++
		}
		for chat := range int64(n) {
			if seen[chat+1] != 1 {
				t.Errorf("chat %d got %d digests", chat+1, seen[chat+1])
			}
		}
		if r, _ := d2.Deliver(context.Background(), now.Add(time.Hour)); r.Sent != 0 {
			t.Errorf("a later run the same day sent %d", r.Sent)
		}
	})
}

func TestTelegramAnswersAreHandled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		d, st, send := setup(t, now.Add(-24*time.Hour))
		for _, chat := range []int64{1, 2, -3, 4, 5} {
			subscribe(t, st, chat, 9, "UTC", "en")
		}
		advanceTo(now)
		send.failNext(1, ErrBlocked)
		send.failNext(2, &RetryAfterError{After: 30 * time.Second})
		send.failNext(-3, &MigratedError{To: -1003})
		send.failNext(4, errors.New("read: connection reset by peer"))
		send.failNext(5, ErrGone)
		r, err := d.Deliver(context.Background(), now)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sent != 2 || r.Unsubscribed != 2 || r.Unknown != 1 || r.Moved != 1 {
			t.Errorf("report %+v", r)
		}
		chats := map[int64]time.Time{}
		for _, s := range send.sent {
			chats[s.chat] = s.at
		}
		if _, ok := chats[2]; !ok || chats[2].Sub(now) < 30*time.Second {
			t.Errorf("chat 2 sent at %v, not after its 30 s retry_after", chats[2].Sub(now))
		}
		if _, ok := chats[-1003]; !ok {
			t.Error("the migrated group's digest did not go to its new id")
		}
		ctx := context.Background()
		for _, gone := range []int64{1, 5, -3} {
			if _, ok, _ := st.Subscription(ctx, gone); ok {
				t.Errorf("chat %d is still subscribed", gone)
			}
		}
		if _, ok, _ := st.Subscription(ctx, -1003); !ok {
			t.Error("the new group id has no subscription")
		}
		// The lost reply is not sent again.
		if r, _ := d.Deliver(ctx, now.Add(time.Hour)); r.Sent != 0 {
			t.Errorf("the next run sent %d; the unknown digest must not be repeated", r.Sent)
		}
	})
}

func TestTenThousandSubscribersWithinTheBroadcastLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		d, st, send := setup(t, now.Add(-24*time.Hour))
		const n = 10_000
		if err := bulkSubscribe(st, n); err != nil {
			t.Fatal(err)
		}
		advanceTo(now)
		r, err := d.Deliver(context.Background(), now)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sent != n || len(send.sent) != n {
			t.Fatalf("sent %d of %d", r.Sent, n)
		}
		// No second of simulated time holds more than 25 sends.
		for i := 25; i < len(send.sent); i++ {
			if send.sent[i].at.Sub(send.sent[i-25].at) < time.Second {
				t.Fatalf("26 sends within %v around send %d", send.sent[i].at.Sub(send.sent[i-25].at), i)
			}
		}
		if took := send.sent[n-1].at.Sub(now); took > 401*time.Second {
			t.Errorf("10,000 digests took %v of simulated time, want about 400 s", took)
		}
	})
}

func bulkSubscribe(st *store.Store, n int) error {
	ctx := context.Background()
	for chat := range int64(n) {
		if err := st.SaveSubscription(ctx, store.Subscription{ChatID: chat + 1, Hour: 9, TZ: "Asia/Almaty", Lang: []string{"en", "ru", "kk"}[chat%3]}); err != nil {
			return err
		}
	}
	return nil
}

// TestHealthSaysWhenTheDigestKeepsFailing breaks the database under a
// running digest: after a few failed runs Health must say so, and a run
// that works again clears it.
func TestHealthSaysWhenTheDigestKeepsFailing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d, st, _ := setup(t, time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC))
		if err := d.Health(); err != nil {
			t.Fatalf("a new digest is unhealthy: %v", err)
		}
		st.Close() // every run now fails
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); d.Run(ctx) }()
		// A run at once, then one at the start of every minute: the
		// fifth failure comes four minutes in; a second before, four
		// failures are not yet a fault.
		time.Sleep((failingRuns-1)*time.Minute - time.Second)
		synctest.Wait()
		if err := d.Health(); err != nil {
			t.Errorf("after %d failed runs Health already says %v", failingRuns-1, err)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		cancel()
		<-done
		if err := d.Health(); err == nil || !strings.Contains(err.Error(), "failed") {
			t.Errorf("after runs on a closed database Health says %v", err)
		}
	})
}

// TestKillsBetweenTheStepsOfADigestErrTheDocumentedWay kills a run inside
// one digest's delivery, between its steps, as SIGKILL or a crash would,
// and starts a new process on the same database after the claim's lease:
// killed after the claim but before the send, the digest goes out once;
// killed after the send started but before it was recorded, it is
// recorded as unknown and not sent twice.
func TestKillsBetweenTheStepsOfADigestErrTheDocumentedWay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		d, st, send := setup(t, now.Add(-24*time.Hour))
		ctx := context.Background()
		const beforeSend, afterSend = 1, 2
		for _, chat := range []int64{beforeSend, afterSend} {
			subscribe(t, st, chat, 9, "UTC", "en")
		}
		advanceTo(now)
		plans, err := d.Due(ctx, now)
		if err != nil || len(plans) != 2 {
			t.Fatalf("plans %v, %v", plans, err)
		}
		// The killed process: it claimed both, started the second's send (and
		// the message went out), and died before recording either outcome.
		for _, p := range plans {
			if ok, err := st.Claim(ctx, p.ChatID, p.Day, p.Citation, p.Theme, p.Cycle); !ok || err != nil {
				t.Fatalf("claim: %v %v", ok, err)
			}
		}
		if err := st.MarkAttempted(ctx, afterSend, plans[1].Day); err != nil {
			t.Fatal(err)
		}
		send.SendExcerpt(ctx, afterSend, Excerpt{Day: plans[1].Day})

		// A new process within the lease leaves the claims alone: the killed
		// run may still be alive.
		d2 := New(st, d.index, send)
		if r, err := d2.Deliver(ctx, now.Add(time.Minute)); err != nil || r.Sent != 0 {
			t.Fatalf("within the lease: sent %d, %v", r.Sent, err)
		}
		advanceTo(now.Add(d2.claimLease() + time.Minute))
		if _, err := d2.Deliver(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		got := map[int64]int{}
		for _, s := range send.sent {
			got[s.chat]++
		}
		if got[beforeSend] != 1 || got[afterSend] != 1 {
			t.Errorf("digests sent: %v, want each chat exactly one", got)
		}
		rows, _ := st.Deliveries(ctx, plans[0].Day)
		status := map[int64]string{}
		for _, r := range rows {
			status[r.ChatID] = r.Status
		}
		if status[beforeSend] != "sent" || status[afterSend] != "unknown" {
			t.Errorf("delivery record %v, want the resent one sent and the other unknown", status)
		}
	})
}

// TestAStopDuringASendLetsItFinish stops the run (SIGTERM) while a digest
// is being sent: the send completes and is recorded, not cut off.
func TestAStopDuringASendLetsItFinish(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		d, st, _ := setup(t, now.Add(-24*time.Hour))
		subscribe(t, st, 7, 9, "UTC", "en")
		advanceTo(now)
		slow := &blockingSender{started: make(chan struct{}), release: make(chan struct{})}
		d.send = slow
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { _, err := d.Deliver(ctx, now); done <- err }()
		<-slow.started
		stop()
		close(slow.release)
		<-done
		rows, _ := st.Deliveries(context.Background(), "2026-11-27")
		if len(rows) != 1 || rows[0].Status != "sent" {
			t.Errorf("after a stop during the send the record is %+v, want sent", rows)
		}
	})
}

// blockingSender sends after release, failing if its context ends first.
type blockingSender struct {
	started, release chan struct{}
}

func (b *blockingSender) SendExcerpt(ctx context.Context, _ int64, _ Excerpt) (int, error) {
	close(b.started)
	select {
	case <-b.release:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return 1, nil
}

// TestARefusedSecondPartIsNotPrecededByTheFirstAgain has Telegram refuse
// the second message of a two-message excerpt with a 429: the retry sends
// only the second.
func TestARefusedSecondPartIsNotPrecededByTheFirstAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		d, st, _ := setup(t, now.Add(-24*time.Hour))
		subscribe(t, st, 8, 9, "UTC", "en")
		advanceTo(now)
		parts := &partsSender{}
		d.send = parts
		if r, err := d.Deliver(context.Background(), now); err != nil || r.Sent != 1 {
			t.Fatalf("sent %d, %v", r.Sent, err)
		}
		if want := []int{0, 1}; len(parts.from) != 2 || parts.from[0] != want[0] || parts.from[1] != want[1] {
			t.Errorf("sends started from parts %v, want %v", parts.from, want)
		}
	})
}

// partsSender sends a two-part excerpt; the first time, part 2 gets a 429.
type partsSender struct{ from []int }

func (p *partsSender) SendExcerpt(_ context.Context, _ int64, e Excerpt) (int, error) {
	p.from = append(p.from, e.FromPart)
	if len(p.from) == 1 {
		return 1, &PartsSent{N: 1, Err: &RetryAfterError{After: time.Second}}
	}
	return 2, nil
}
