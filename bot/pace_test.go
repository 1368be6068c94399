package bot

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// TestThePacerKeepsUnderTelegramsLimits reserves sends as a busy bot
// would: to a group, the third of a burst waits for its share of 20 a
// minute; to a private chat, the fourth waits a second; in all, no more
// than 30 go out in any second.
func TestThePacerKeepsUnderTelegramsLimits(t *testing.T) {
	p := newPacer()
	var group []time.Duration
	for range 4 {
		group = append(group, p.reserve(-100))
	}
	if group[0] != 0 || group[1] != 0 || group[2] < 3*time.Second || group[3] < 6*time.Second {
		t.Errorf("waits for a group: %v", group)
	}
	p = newPacer()
	var private []time.Duration
	for range 4 {
		private = append(private, p.reserve(7))
	}
	if private[2] != 0 || private[3] < 900*time.Millisecond {
		t.Errorf("waits for a private chat: %v", private)
	}
	p = newPacer()
	var at []time.Duration
	for i := range 200 {
		at = append(at, p.reserve(int64(1000+i)))
	}
	slices.Sort(at)
	for i := range at {
		j := i
		for j < len(at) && at[j] < at[i]+time.Second {
			j++
		}
		if j-i > 30 {
			t.Fatalf("%d sends within a second from %v", j-i, at[i])
		}
	}
}

// TestRepliesArePacedThroughTheBotAPI has sixty people ask at once, through
// a paced bot: no more than 30 messages leave for Telegram in any second.
// It counts when each request leaves the bot, which is what the bot
// decides; when the fake Bot API gets them, on a machine busy with other
// tests, also depends on how the scheduler bunches them on their way.
func TestRepliesArePacedThroughTheBotAPI(t *testing.T) {
	var mu sync.Mutex
	var at []time.Time
	paced := func(b *Bot) {
		b.pacer = newPacer()
		b.pacer.departing = func(now time.Time) {
			mu.Lock()
			at = append(at, now)
			mu.Unlock()
		}
	}
	h := startWith(t, Config{RateLimit: 100}, []Option{paced})
	for i := range 60 {
		h.srv.Push(h.srv.PrivateText(int64(900+i), "What happened to Maks Bokaev?", "en"))
	}
	if _, err := h.srv.WaitFor("sendMessage", 60, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(at) < 60 {
		t.Fatalf("%d sends went through the pacer, want 60", len(at))
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	for i := range at {
		n := 0
		for _, u := range at[i:] {
			if u.Sub(at[i]) < time.Second {
				n++
			}
		}
		if n > 30 {
			t.Fatalf("%d messages left within a second", n)
		}
	}
}

// TestLateSendsDoNotCrowdASecond: sends that waited their turn and leave
// together (their goroutines ran late) still leave at most maxPerSecond a
// second.
func TestLateSendsDoNotCrowdASecond(t *testing.T) {
	p := newPacer()
	for i := range maxPerSecond {
		if w := p.depart(); w != 0 {
			t.Fatalf("send %d waits %v in an empty second", i, w)
		}
	}
	if w := p.depart(); w <= 0 || w > time.Second {
		t.Errorf("send %d in one second waits %v", maxPerSecond+1, w)
	}
}
