-- Chat preferences: the language chosen with /lang.
CREATE TABLE chats (
    chat_id INTEGER PRIMARY KEY,
    lang    TEXT NOT NULL
);

-- Digest subscriptions, one per chat. themes is a space-separated list of
-- section ids, empty for all themes in rotation. last_theme and cycle track
-- the rotation: the theme of the last excerpt, and the citation ids sent in
-- each theme's current cycle (space-separated). A day's digest is due only
-- if its hour came after created_at (Unix seconds).
CREATE TABLE subscriptions (
    chat_id    INTEGER PRIMARY KEY,
    themes     TEXT NOT NULL DEFAULT '',
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    tz         TEXT NOT NULL,
    lang       TEXT NOT NULL,
    last_theme TEXT NOT NULL DEFAULT '',
    cycle      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per chat and local day once a digest is claimed for it. status is
-- 'pending' while the send is in flight, 'sent' when Telegram confirmed it,
-- 'unknown' when its reply was lost. prev_theme and prev_cycle restore the
-- rotation when Telegram refused the send.
CREATE TABLE deliveries (
    chat_id     INTEGER NOT NULL,
    day         TEXT NOT NULL,
    citation_id TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'unknown')),
    message_id  INTEGER NOT NULL DEFAULT 0,
    prev_theme  TEXT NOT NULL DEFAULT '',
    prev_cycle  TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (chat_id, day)
);

CREATE INDEX deliveries_day ON deliveries (day);
