-- What several processes must agree on.
-- A lease is held by one process at a time until it lapses (Unix
-- milliseconds): the digest's deliverer, and the one poller of Telegram.
CREATE TABLE leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);

-- Each person's one vote on an answer: the voter is a keyed hash of their
-- id, never the id.
CREATE TABLE ballots (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    voter      TEXT NOT NULL,
    vote       INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    PRIMARY KEY (chat_id, message_id, voter)
);

-- When a chat was last forgotten with /forget (Unix milliseconds): a
-- process that kept a conversation or a language in memory for it drops
-- what it kept from before.
CREATE TABLE forgotten (
    chat_id INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL
);
