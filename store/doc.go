// Package store keeps what the bot must not forget across restarts, in an
// embedded SQLite database (modernc.org/sqlite, pure Go) in WAL mode: chat
// preferences, digest subscriptions, and which digest went to which chat on
// which day. The schema is created and upgraded by numbered migrations.
package store
