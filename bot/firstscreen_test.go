package bot

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"reportbot/lang"
)

// What a phone shows of a message before anything is tapped: lines of
// about phoneLine characters in a bubble at phone width, and the first
// collapsedLines lines of an expandable blockquote.
const (
	phoneLine      = 38
	collapsedLines = 3
	// firstScreen is the most an answer may show before anything is
	// tapped (issue 18).
	firstScreen = 900
)

// visible counts the characters a phone shows of a message before
// anything is tapped: all of it but what expandable blockquotes fold.
func visible(m models.Message) int {
	text := utf16.Encode([]rune(m.Text))
	n, at := 0, 0
	for _, e := range m.Entities {
		if e.Type != models.MessageEntityTypeExpandableBlockquote || e.Offset < at {
			continue
		}
		n += len([]rune(string(utf16.Decode(text[at:e.Offset]))))
		n += collapsed(string(utf16.Decode(text[e.Offset : e.Offset+e.Length])))
		at = e.Offset + e.Length
	}
	return n + len([]rune(string(utf16.Decode(text[at:]))))
}

// collapsed counts what a folded quote shows: its first lines as a
// phone wraps them.
func collapsed(quote string) int {
	n, lines := 0, 0
	for line := range strings.SplitSeq(quote, "\n") {
		r := len([]rune(line))
		for r > 0 || line == "" {
			shown := min(r, phoneLine)
			n += shown
			r -= shown
			if lines++; lines == collapsedLines {
				return n
			}
			if line == "" {
				break
			}
		}
	}
	return n
}

func TestCollapsedQuotesShowTheirFirstThreeLines(t *testing.T) {
	long := strings.Repeat("x", 200)
	for _, tt := range []struct {
		quote string
		want  int
	}{
		{"short", 5},
		{long, 3 * phoneLine},
		{"a\nb\nc\nd", 3},
		{"a\n\n" + long, 1 + phoneLine},
	} {
		if got := collapsed(tt.quote); got != tt.want {
			t.Errorf("collapsed(%.20q…) = %d, want %d", tt.quote, got, tt.want)
		}
	}
}

// TestTheFirstScreenIsShortAndEverySourceOneTapAway asks the questions of
// testdata/firstscreen.txt as people typed them and looks at each answer
// as a phone shows it: at most firstScreen characters before anything is
// tapped, the answer in bold first, and a link into the report for every
// source it cites. Run with -v for each answer's length and Bot API calls.
func TestTheFirstScreenIsShortAndEverySourceOneTapAway(t *testing.T) {
	h := start(t, Config{})
	questions := readLines(t, "testdata/firstscreen.txt")
	marker := regexp.MustCompile(`\[(\d+)\]`)
	lengths := map[lang.Language][]int{}
	for i, q := range questions {
		user := int64(18_000 + i)
		l, _ := lang.Detect(q)
		h.srv.Push(h.srv.PrivateText(user, q, string(l)))
		h.sent(t, user, 1)
		h.settled(t, user)
		msgs := h.srv.Messages(user)
		shown := 0
		for _, m := range msgs {
			if m.From != nil && m.From.IsBot {
				shown += visible(m)
			}
		}
		answer := msgs[len(msgs)-1]
		lengths[l] = append(lengths[l], shown)
		t.Logf("%s %4d visible, %d message(s), %d Bot API calls: %.40s", l, shown, len(h.srv.Sent(user)), callsTo(h, user), q)
		if shown > firstScreen {
			t.Errorf("%q shows %d characters before anything is tapped, want at most %d", q, shown, firstScreen)
		}
		if len(answer.Entities) == 0 || answer.Entities[0].Offset != 0 || answer.Entities[0].Type != models.MessageEntityTypeBold {
			t.Errorf("%q: the answer does not open in bold: %.80q", q, answer.Text)
		}
		links := map[string]bool{}
		for _, e := range answer.Entities {
			if e.Type == models.MessageEntityTypeTextLink && strings.Contains(e.URL, "hrw.org") {
				links[e.URL] = true
			}
		}
		cited := 0
		for _, m := range marker.FindAllStringSubmatch(answer.Text, -1) {
			n, _ := strconv.Atoi(m[1])
			cited = max(cited, n)
		}
		if cited > 0 && len(links) == 0 || len(links) > cited {
			t.Errorf("%q cites [1]–[%d] with %d links into the report", q, cited, len(links))
		}
	}
	for _, l := range lang.All {
		s := slices.Sorted(slices.Values(lengths[l]))
		if len(s) > 0 {
			t.Logf("%s: %d answers, median %d, longest %d visible characters", l, len(s), s[len(s)/2], s[len(s)-1])
		}
	}
}

// callsTo counts the Bot API calls made for a chat.
func callsTo(h *harness, chatID int64) int {
	n := 0
	for _, c := range h.srv.Calls("") {
		if c.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
			n++
		}
	}
	return n
}

// readLines reads a test file's lines, leaving out blank ones and
// comments.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
