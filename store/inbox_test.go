package store

import (
	"context"
	"slices"
	"testing"
)

// TestTheInboxTakesEachUpdateOnce stores updates as polling takes them,
// including some Telegram sends again, and removes them as they are
// handled: an update taken before is never stored again, even once handled
// and gone, and what is left survives closing the database.
func TestTheInboxTakesEachUpdateOnce(t *testing.T) {
	s, path := open(t)
	ctx := context.Background()
	batch := func(ids ...int64) []InboxUpdate {
		var out []InboxUpdate
		for _, id := range ids {
			out = append(out, InboxUpdate{ID: id, Chat: 7, Body: []byte{byte(id)}})
		}
		return out
	}
	ids := func(us []InboxUpdate) []int64 {
		var out []int64
		for _, u := range us {
			out = append(out, u.ID)
		}
		return out
	}
	stored, err := s.PutUpdates(ctx, batch(10, 11, 12))
	if err != nil || !slices.Equal(ids(stored), []int64{10, 11, 12}) {
		t.Fatalf("first batch: %v, %v", ids(stored), err)
	}
	if err := s.DoneUpdate(ctx, 10); err != nil {
		t.Fatal(err)
	}
	// Telegram sends 10–12 again (its confirmation was lost), and 13.
	stored, err = s.PutUpdates(ctx, batch(10, 11, 12, 13))
	if err != nil || !slices.Equal(ids(stored), []int64{13}) {
		t.Fatalf("a batch sent again: stored %v, %v", ids(stored), err)
	}
	if through, err := s.TakenThrough(ctx); err != nil || through != 13 {
		t.Fatalf("taken through %d, %v", through, err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	left, err := s.Inbox(ctx, 0, 10)
	if err != nil || !slices.Equal(ids(left), []int64{11, 12, 13}) || left[0].Body[0] != 11 {
		t.Fatalf("after reopening: %v, %v", ids(left), err)
	}
	if page, _ := s.Inbox(ctx, 11, 1); !slices.Equal(ids(page), []int64{12}) {
		t.Errorf("a page after 11: %v", ids(page))
	}
	if n, _ := s.InboxLen(ctx); n != 3 {
		t.Errorf("InboxLen = %d, want 3", n)
	}
}
