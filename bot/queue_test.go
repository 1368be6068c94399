package bot

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// TestAChatWaitingOnTelegramGivesItsTurnAway runs two chats with room for
// one job at a time: the first waits on Telegram (a 429) until the second
// has run, which it can only because the wait gave its slot away. One
// chat's jobs run in order, and slots go in the order jobs came.
func TestAChatWaitingOnTelegramGivesItsTurnAway(t *testing.T) {
	q := newChatQueue(1)
	var mu sync.Mutex
	var ran []string
	log := func(s string) { mu.Lock(); ran = append(ran, s); mu.Unlock() }
	secondRan := make(chan struct{})
	done := make(chan struct{}, 4)
	q.add(1, func(s *slot) {
		log("a1")
		resume := s.pause()
		select {
		case <-secondRan:
		case <-time.After(5 * time.Second):
			t.Error("the other chat did not run while this one waited")
		}
		resume()
		log("a1 again")
		done <- struct{}{}
	})
	q.add(1, func(*slot) { log("a2"); done <- struct{}{} })
	q.add(2, func(*slot) { log("b1"); close(secondRan); done <- struct{}{} })
	for range 3 {
		<-done
	}
	if want := []string{"a1", "b1", "a1 again", "a2"}; !slices.Equal(ran, want) {
		t.Errorf("ran %v, want %v", ran, want)
	}
}

// TestAJobWaitingForItsOwnHelperDoesNotDeadlock has a job hold its slot
// while it waits for a goroutine of its own (a typing indicator) that
// paused and resumes: the helper must not wait for a slot the job holds.
func TestAJobWaitingForItsOwnHelperDoesNotDeadlock(t *testing.T) {
	q := newChatQueue(1)
	finished := make(chan struct{})
	q.add(1, func(s *slot) {
		helperPaused := make(chan struct{})
		helperDone := make(chan struct{})
		go func() {
			resume := s.pause()
			close(helperPaused)
			time.Sleep(10 * time.Millisecond)
			resume()
			close(helperDone)
		}()
		<-helperPaused
		resume := s.pause()
		resume() // the job takes its slot back first
		<-helperDone
		close(finished)
	})
	q.add(2, func(*slot) {})
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("the job and its helper wait for each other")
	}
}
