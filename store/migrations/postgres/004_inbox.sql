CREATE TABLE inbox (
    update_id BIGINT PRIMARY KEY,
    chat_id   BIGINT NOT NULL,
    body      BYTEA NOT NULL
);
CREATE TABLE inbox_taken (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through BIGINT NOT NULL
);
INSERT INTO inbox_taken (id, through) VALUES (1, 0);
