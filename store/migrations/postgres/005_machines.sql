CREATE TABLE leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  BIGINT NOT NULL
);

CREATE TABLE ballots (
    chat_id    BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    voter      TEXT NOT NULL,
    vote       INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    PRIMARY KEY (chat_id, message_id, voter)
);

CREATE TABLE forgotten (
    chat_id BIGINT PRIMARY KEY,
    at      BIGINT NOT NULL
);
