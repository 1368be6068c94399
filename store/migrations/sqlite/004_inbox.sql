-- Updates taken from Telegram and not yet handled, sealed by the bot (their
-- text is never stored in the clear), and how far Telegram's updates have
-- been taken: an update id at or below it is never taken again.
CREATE TABLE inbox (
	update_id INTEGER PRIMARY KEY,
	chat_id INTEGER NOT NULL,
	body BLOB NOT NULL
);
CREATE TABLE inbox_taken (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	through INTEGER NOT NULL
);
INSERT INTO inbox_taken (id, through) VALUES (1, 0);
