//lint:file-ignore ST1005 the errors are Telegram's own words, capitals included, as a client matching them sees them.

package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// maxTextLen is the most UTF-16 code units a message text may have once its
// markup is parsed.
const maxTextLen = 4096

// formatText parses text in parseMode as Telegram does and trims it: it
// returns the plain text and its entities, offsets in UTF-16 code units.
// Only HTML is checked; Markdown and MarkdownV2 texts pass as they are.
func formatText(text, parseMode, entitiesJSON string) (string, []models.MessageEntity, *Fault) {
	if !utf8.ValidString(text) {
		return "", nil, badRequest("text must be encoded in UTF-8")
	}
	var ents []models.MessageEntity
	switch strings.ToLower(parseMode) {
	case "":
		if entitiesJSON != "" && json.Unmarshal([]byte(entitiesJSON), &ents) != nil {
			return "", nil, badRequest("can't parse entities JSON object")
		}
	case "html":
		var err error
		if text, ents, err = parseHTML(text); err != nil {
			return "", nil, badRequest("can't parse entities: %v", err)
		}
	case "markdown", "markdownv2":
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	text, ents = trimText(text, ents)
	return text, ents, nil
}

// trimText drops the leading and trailing white space Telegram drops, and
// moves the entities with the text.
func trimText(text string, ents []models.MessageEntity) (string, []models.MessageEntity) {
	trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
	lead := utf16Len(text[:len(text)-len(trimmed)])
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	n := utf16Len(trimmed)
	var out []models.MessageEntity
	for _, e := range ents {
		start, end := max(e.Offset-lead, 0), min(e.Offset+e.Length-lead, n)
		if end > start {
			e.Offset, e.Length = start, end-start
			out = append(out, e)
		}
	}
	return trimmed, out
}

// utf16Len is the length of s in UTF-16 code units, as Telegram counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16RuneLen(r)
	}
	return n
}

func utf16RuneLen(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// htmlTags are the tags Telegram's HTML parse mode knows.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true, "tg-emoji": true,
	"code": true, "pre": true, "blockquote": true,
}

// openTag is a start tag waiting for its end tag.
type openTag struct {
	name, arg string
	offset    int // UTF-16 offset of the entity in the plain text
}

// parseHTML follows the parser of Telegram (tdlib's parse_html): it returns
// the text without tags and with character references decoded, and the
// entities of the tags. Its errors read as Telegram's. Unlike Telegram, it
// also refuses an "&" that begins no character reference, which Telegram
// shows literally.
func parseHTML(s string) (string, []models.MessageEntity, error) {
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	var out strings.Builder
	var ents []models.MessageEntity
	var stack []openTag
	u16 := 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '&':
			r, n := decodeEntity(s[i:])
			if n == 0 {
				return "", nil, fmt.Errorf(`Unescaped "&" at byte offset %d: write &amp;`, i)
			}
			out.WriteRune(r)
			u16 += utf16RuneLen(r)
			i += n
			continue
		case '<':
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			out.WriteString(s[i : i+size])
			u16 += utf16RuneLen(r)
			i += size
			continue
		}
		begin := i
		i++
		if at(i) != '/' {
			for at(i) != 0 && !isSpace(at(i)) && at(i) != '>' {
				i++
			}
			if at(i) == 0 {
				return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			name := strings.ToLower(s[begin+1 : i])
			if !htmlTags[name] {
				return "", nil, fmt.Errorf("Unsupported start tag %q at byte offset %d", name, begin)
			}
			arg, end, err := parseAttributes(s, i, name, begin)
			if err != nil {
				return "", nil, err
			}
			i = end + 1
			if name == "span" && arg != "spoiler" {
				return "", nil, fmt.Errorf(`Tag "span" must have class "tg-spoiler" at byte offset %d`, begin)
			}
			stack = append(stack, openTag{name: name, arg: arg, offset: u16})
			continue
		}
		if len(stack) == 0 {
			return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
		}
		i++
		for at(i) != 0 && !isSpace(at(i)) && at(i) != '>' {
			i++
		}
		endName := s[begin+2 : i]
		for isSpace(at(i)) {
			i++
		}
		if at(i) != '>' {
			return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
		}
		i++
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if endName != "" && endName != top.name {
			return "", nil, fmt.Errorf(`Unmatched end tag at byte offset %d, expected "</%s>", found "</%s>"`, begin, top.name, endName)
		}
		if u16 > top.offset {
			var err error
			if ents, err = addEntity(ents, top, u16-top.offset); err != nil {
				return "", nil, err
			}
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", stack[len(stack)-1].name)
	}
	for i := range ents {
		if ents[i].Type == models.MessageEntityTypeCode {
			ents[i].Language = ""
		}
	}
	sort.SliceStable(ents, func(a, b int) bool {
		if ents[a].Offset != ents[b].Offset {
			return ents[a].Offset < ents[b].Offset
		}
		return ents[a].Length > ents[b].Length
	})
	return out.String(), ents, nil
}

// parseAttributes reads the attributes of the start tag name from s[i:]
// up to its '>', whose index it returns with the tag's argument: the href
// of a, the language of code, the class of span, the emoji-id of tg-emoji.
func parseAttributes(s string, i int, name string, begin int) (arg string, end int, err error) {
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	unclosed := fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	for at(i) != '>' {
		for isSpace(at(i)) {
			i++
		}
		if at(i) == 0 {
			return "", 0, unclosed
		}
		if at(i) == '>' {
			break
		}
		nameBegin := i
		for at(i) != 0 && !isSpace(at(i)) && !strings.ContainsRune("=>/\"'", rune(at(i))) {
			i++
		}
		attr := s[nameBegin:i]
		if attr == "" {
			return "", 0, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", name, begin)
		}
		for isSpace(at(i)) {
			i++
		}
		if at(i) != '=' {
			if name == "blockquote" && attr == "expandable" {
				arg = "expandable"
				continue
			}
			if at(i) == 0 {
				return "", 0, unclosed
			}
			return "", 0, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag %q at byte offset %d", name, begin)
		}
		i++
		for isSpace(at(i)) {
			i++
		}
		if at(i) == 0 {
			return "", 0, unclosed
		}
		var value strings.Builder
		if q := at(i); q != '"' && q != '\'' {
			tokenBegin := i
			for isAlnum(at(i)) || at(i) == '.' || at(i) == '-' {
				i++
			}
			value.WriteString(strings.ToLower(s[tokenBegin:i]))
			if at(i) != 0 && !isSpace(at(i)) && at(i) != '>' {
				return "", 0, fmt.Errorf("Unexpected end of name token at byte offset %d", tokenBegin)
			}
		} else {
			for i++; at(i) != 0 && at(i) != q; {
				if r, n := decodeEntity(s[i:]); n > 0 {
					value.WriteRune(r)
					i += n
					continue
				}
				value.WriteByte(s[i])
				i++
			}
			if at(i) == q {
				i++
			}
		}
		if at(i) == 0 {
			return "", 0, unclosed
		}
		v := value.String()
		switch {
		case name == "a" && attr == "href", name == "tg-emoji" && attr == "emoji-id":
			arg = v
		case name == "code" && attr == "class" && strings.HasPrefix(v, "language-"):
			arg = strings.TrimPrefix(v, "language-")
		case name == "span" && attr == "class" && strings.HasPrefix(v, "tg-"):
			arg = strings.TrimPrefix(v, "tg-")
		}
	}
	return arg, i, nil
}

// addEntity appends the entity of the closed tag t, length code units long.
func addEntity(ents []models.MessageEntity, t openTag, length int) ([]models.MessageEntity, error) {
	e := models.MessageEntity{Offset: t.offset, Length: length}
	last := len(ents) - 1
	sameSpan := last >= 0 && ents[last].Offset == e.Offset && ents[last].Length == e.Length
	switch t.name {
	case "b", "strong":
		e.Type = models.MessageEntityTypeBold
	case "i", "em":
		e.Type = models.MessageEntityTypeItalic
	case "u", "ins":
		e.Type = models.MessageEntityTypeUnderline
	case "s", "strike", "del":
		e.Type = models.MessageEntityTypeStrikethrough
	case "span", "tg-spoiler":
		e.Type = models.MessageEntityTypeSpoiler
	case "a":
		e.Type, e.URL = models.MessageEntityTypeTextLink, t.arg
	case "tg-emoji":
		if _, err := strconv.ParseInt(t.arg, 10, 64); err != nil {
			return nil, fmt.Errorf("Invalid custom emoji identifier specified")
		}
		e.Type, e.CustomEmojiID = models.MessageEntityTypeCustomEmoji, t.arg
	case "blockquote":
		e.Type = models.MessageEntityTypeBlockquote
		if t.arg == "expandable" {
			e.Type = models.MessageEntityTypeExpandableBlockquote
		}
	case "code":
		e.Type, e.Language = models.MessageEntityTypeCode, t.arg
		if sameSpan && ents[last].Type == models.MessageEntityTypePre {
			ents[last].Language = t.arg
			return ents, nil
		}
	case "pre":
		e.Type = models.MessageEntityTypePre
		if sameSpan && ents[last].Type == models.MessageEntityTypeCode {
			ents[last].Type = models.MessageEntityTypePre
			return ents, nil
		}
	}
	if e.Type == models.MessageEntityTypeTextLink && e.URL == "" {
		return ents, nil
	}
	return append(ents, e), nil
}

// decodeEntity decodes the character reference at the start of s, as
// Telegram does: &lt; &gt; &amp; &quot; and numeric ones, the ';' being
// optional. It returns the character and the bytes read, 0 if none.
func decodeEntity(s string) (rune, int) {
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	end := 1
	var r rune
	if at(1) == '#' {
		end = 2
		base := 10
		if at(2) == 'x' {
			end, base = 3, 16
		}
		digitsBegin := end
		for digitValue(at(end), base) >= 0 {
			r = r*rune(base) + rune(digitValue(at(end), base))
			end++
			if r >= 0x10ffff {
				return 0, 0
			}
		}
		if end == digitsBegin || r == 0 || end >= 10 {
			return 0, 0
		}
	} else {
		for isAlpha(at(end)) {
			end++
		}
		switch s[1:end] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, 0
		}
	}
	if at(end) == ';' {
		end++
	}
	return r, end
}

func digitValue(c byte, base int) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }

// CheckMessage reports, as Telegram's sendMessage would, whether text with
// parse mode "HTML" (or "" for plain) is a message Telegram accepts: valid
// UTF-8, HTML it can parse, and at most 4,096 UTF-16 units once parsed.
func CheckMessage(text, parseMode string) error {
	plain, _, f := formatText(text, parseMode, "")
	if f != nil {
		return errors.New(f.Description)
	}
	if plain == "" {
		return errors.New("message text is empty")
	}
	if n := utf16Len(plain); n > 4096 {
		return fmt.Errorf("message is too long: %d UTF-16 units", n)
	}
	return nil
}
