-- The processes serving the webhook, each with when it was last seen
-- (Unix milliseconds): a chat's updates go to one of them (see
-- bot/affinity.go).
CREATE TABLE members (
    id   TEXT PRIMARY KEY,
    seen INTEGER NOT NULL
);
