CREATE TABLE members (
    id   TEXT PRIMARY KEY,
    seen BIGINT NOT NULL
);
