package rag

import (
	"container/list"
	"strings"
	"sync"
	"time"
)

// Turn is one question and answer of a conversation.
type Turn struct {
	// Question is the question as it was searched: standalone, with a
	// follow-up already rewritten.
	Question string
	// Answer is the answer's text.
	Answer string
}

// Memory keeps the last few turns of each conversation, so that a follow-up
// ("And his son?") can be read in the light of what came before. It lives in
// memory only, is bounded in conversations and turns, and forgets a
// conversation after a period without questions: nothing of it is written
// anywhere. It is safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	max   int
	turns int
	ttl   time.Duration
	lru   *list.List // of *conversation, most recently used first
	byID  map[string]*list.Element
}

type conversation struct {
	id    string
	last  time.Time
	turns []Turn
}

// NewMemory keeps up to turns turns of up to max conversations, each for ttl
// after its last question.
func NewMemory(max, turns int, ttl time.Duration) *Memory {
	return &Memory{max: max, turns: turns, ttl: ttl, lru: list.New(), byID: map[string]*list.Element{}}
}

// Turns returns the remembered turns of a conversation, oldest first.
func (m *Memory) Turns(id string) []Turn {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byID[id]
	if !ok {
		return nil
	}
	c := e.Value.(*conversation)
	if time.Since(c.last) > m.ttl {
		m.lru.Remove(e)
		delete(m.byID, id)
		return nil
	}
	return append([]Turn(nil), c.turns...)
}

// Add records a turn, dropping the conversation's oldest turn and the least
// recently used conversation when over their bounds.
func (m *Memory) Add(id string, t Turn) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	e, ok := m.byID[id]
	if !ok {
		e = m.lru.PushFront(&conversation{id: id})
		m.byID[id] = e
	}
	m.lru.MoveToFront(e)
	c := e.Value.(*conversation)
	if now.Sub(c.last) > m.ttl {
		c.turns = nil
	}
	c.last = now
	c.turns = append(c.turns, t)
	if len(c.turns) > m.turns {
		c.turns = c.turns[len(c.turns)-m.turns:]
	}
	for m.lru.Len() > m.max {
		old := m.lru.Back()
		m.lru.Remove(old)
		delete(m.byID, old.Value.(*conversation).id)
	}
}

// Len returns how many conversations are remembered, expired ones included
// until they are next touched or evicted.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lru.Len()
}

// Forget drops every conversation whose id starts with prefix (a chat's
// conversations: "chat/"), and returns how many there were.
func (m *Memory) Forget(prefix string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, e := range m.byID {
		if strings.HasPrefix(id, prefix) {
			m.lru.Remove(e)
			delete(m.byID, id)
			n++
		}
	}
	return n
}
