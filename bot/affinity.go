package bot

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// On Fly.io, several machines behind one webhook would each get a share of
// a chat's updates: a follow-up would miss the conversation kept in the
// other machine's memory, and two of a chat's updates could be answered
// at once, out of order. So each chat has one machine, chosen from the
// machines alive (a table in the shared database) by rendezvous hashing:
// an update that reaches another machine is answered with Fly's
// fly-replay header, and Fly's proxy sends it to the chat's machine. When
// a machine stops or falls silent, only its chats move.

// memberTTL is how long a machine counts as alive after it was last seen;
// each beats three times as often.
const memberTTL = 15 * time.Second

// affinity knows the machines alive and which one a chat belongs to.
type affinity struct {
	self string // FLY_MACHINE_ID
	mu   sync.Mutex
	// members are the machines alive, as last read.
	members []string
}

// owner returns the machine a chat belongs to: the one whose hash with
// the chat is highest, so that a machine that leaves moves only its own
// chats. "" when no machine is known.
func (a *affinity) owner(chat int64) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var best string
	var top uint64
	for _, m := range a.members {
		h := sha256.Sum256([]byte(m + "/" + strconv.FormatInt(chat, 10)))
		if v := binary.BigEndian.Uint64(h[:8]); best == "" || v > top {
			best, top = m, v
		}
	}
	return best
}

func (a *affinity) set(members []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.members = members
}

// elsewhere returns the machine to replay an update of chat to, or ""
// when this machine answers it: it is the chat's, or the update was
// replayed here already (Fly marks a replayed request with
// Fly-Replay-Src), or the update belongs to no chat.
func (b *Bot) elsewhere(r *http.Request, chat int64) string {
	if b.sticky == nil || chat == 0 || r.Header.Get("Fly-Replay-Src") != "" {
		return ""
	}
	if owner := b.sticky.owner(chat); owner != b.sticky.self {
		return owner
	}
	return ""
}

// keepMember records this machine as alive every memberTTL/3 and reads
// who else is, until ctx ends; then it leaves at once, so that no update
// is replayed to a machine that is stopping.
func (b *Bot) keepMember(ctx context.Context) {
	beat := func() {
		members, err := b.store.Beat(ctx, b.sticky.self, memberTTL)
		if err != nil {
			if ctx.Err() == nil {
				b.log.Error("recording this machine as alive failed", "error", err.Error())
			}
			return
		}
		b.sticky.set(members)
	}
	beat()
	go func() {
		t := time.NewTicker(memberTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				b.sticky.set(nil)
				if err := b.store.Leave(context.WithoutCancel(ctx), b.sticky.self); err != nil {
					b.log.Error("leaving the machines failed", "error", err.Error())
				}
				return
			case <-t.C:
				beat()
			}
		}
	}()
}
