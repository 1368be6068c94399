-- The PostgreSQL schema of migrations/sqlite, version for version; the
-- comments there say what each table holds.
CREATE TABLE chats (
    chat_id BIGINT PRIMARY KEY,
    lang    TEXT NOT NULL
);

CREATE TABLE subscriptions (
    chat_id    BIGINT PRIMARY KEY,
    themes     TEXT NOT NULL DEFAULT '',
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    tz         TEXT NOT NULL,
    lang       TEXT NOT NULL,
    last_theme TEXT NOT NULL DEFAULT '',
    cycle      TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE deliveries (
    chat_id     BIGINT NOT NULL,
    day         TEXT NOT NULL,
    citation_id TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'unknown')),
    message_id  BIGINT NOT NULL DEFAULT 0,
    prev_theme  TEXT NOT NULL DEFAULT '',
    prev_cycle  TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (chat_id, day)
);

CREATE INDEX deliveries_day ON deliveries (day);
