// Package metrics exposes the bot's Prometheus metrics on /metrics. Labels
// are kinds and outcomes only: never a chat, a user or a question.
package metrics
