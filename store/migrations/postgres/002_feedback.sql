CREATE TABLE feedback (
    citation_id TEXT PRIMARY KEY,
    up          INTEGER NOT NULL DEFAULT 0,
    down        INTEGER NOT NULL DEFAULT 0
);
