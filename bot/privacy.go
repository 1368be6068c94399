package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// hasher turns chat and user ids into salted hashes for logs: stable for one
// salt, so that a log can follow one chat, and useless without the salt.
type hasher struct {
	salt []byte
}

// id returns the first 12 hex digits of HMAC-SHA256(salt, id).
func (h hasher) id(id int64) string {
	mac := hmac.New(sha256.New, h.salt)
	mac.Write([]byte(strconv.FormatInt(id, 10)))
	return hex.EncodeToString(mac.Sum(nil))[:12]
}

// redact removes the bot token from an error message: Go's HTTP errors
// carry the request URL, and the Bot API puts the token in it.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	s = strings.ReplaceAll(s, token, "<token>")
	// The numeric bot id before the colon is public; the secret is after it.
	if _, secret, ok := strings.Cut(token, ":"); ok && len(secret) >= 8 {
		s = strings.ReplaceAll(s, secret, "<token>")
	}
	return s
}

// HashID is the salted hash of a chat or user id, as the bot's logs show
// it, for tools that report on chats (a digest dry run).
func HashID(salt []byte, id int64) string { return hasher{salt: salt}.id(id) }
