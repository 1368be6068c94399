// Package bot is the Telegram side of reportbot: it answers questions in
// private chats and groups with cited answers, looks up citations inline,
// and keeps users' privacy: no message text, names or usernames in logs,
// chat and user ids only as salted hashes, the token never shown.
//
// It runs on github.com/go-telegram/bot and adds what that library leaves
// out: a bound on concurrent handlers, panic recovery, retries after 429,
// a plain-text resend when Telegram refuses the HTML, commands addressed as
// /cmd@bot, and a webhook that answers 401 to a wrong secret.
package bot
