package bot

import "sync"

// maxAnswers bounds how many questions' answers are remembered for edits.
const maxAnswers = 50_000

// answerIDs remembers, in memory only, which message answered which
// question (both as message ids in their chat), so that an edited question
// gets its answer edited rather than a second answer.
type answerIDs struct {
	mu sync.Mutex
	m  map[[2]int64]int
}

func (a *answerIDs) get(chatID int64, question int) (int, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	id, ok := a.m[[2]int64{chatID, int64(question)}]
	return id, ok
}

func (a *answerIDs) set(chatID int64, question, answer int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil || len(a.m) >= maxAnswers {
		// An edit of a question this old gets a new answer instead.
		a.m = map[[2]int64]int{}
	}
	a.m[[2]int64{chatID, int64(question)}] = answer
}

// forget drops what is remembered of a chat.
func (a *answerIDs) forget(chatID int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k := range a.m {
		if k[0] == chatID {
			delete(a.m, k)
		}
	}
}

// maxShown bounds how many messages' "Original (EN)" taps are remembered.
const maxShown = 50_000

// shownOnce remembers, in memory only, the messages whose originals were
// posted, so that a second tap (before the button is gone from the
// tapper's screen) posts no copy.
type shownOnce struct {
	mu sync.Mutex
	m  map[shownKey]bool
}

// shownKey is a message and what was shown under it: /themes shows one
// paragraph after another in one message, each with its own original.
type shownKey struct {
	chat    int64
	msg     int
	payload string
}

// first reports whether this is the first time for a message and payload,
// and marks it.
func (s *shownOnce) first(chatID int64, msg int, payload string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || len(s.m) >= maxShown {
		s.m = map[shownKey]bool{}
	}
	k := shownKey{chatID, msg, payload}
	if s.m[k] {
		return false
	}
	s.m[k] = true
	return true
}
