-- Whether a claimed digest's send was started: a run killed after its claim
-- but before its send leaves a claim that can safely be sent again; one
-- killed after the send started cannot tell whether it arrived.
ALTER TABLE deliveries ADD COLUMN attempted INTEGER NOT NULL DEFAULT 0;
