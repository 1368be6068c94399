-- 👍 and 👎 per cited passage: counts only, never who voted or what was
-- asked.
CREATE TABLE feedback (
    citation_id TEXT PRIMARY KEY,
    up          INTEGER NOT NULL DEFAULT 0,
    down        INTEGER NOT NULL DEFAULT 0
);
