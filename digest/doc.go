// Package digest sends each subscribed chat one excerpt of the report a day,
// on the themes it chose, in its language, at its local hour: exactly once
// per chat and day, through restarts and crashes.
//
// Exactly once, and which way it errs: a digest is claimed in the database
// (a row for the chat and its local day) before it is sent, marked as
// attempted when the send starts, and marked sent when Telegram confirms
// it. A run that stops between sends resumes with the chats still missing;
// a send in flight when the run is stopped is let finish. A claim a killed
// run left is settled by a later run once its lease has passed: released
// and sent when its send never started, recorded as "unknown" when it did.
// When Telegram refuses a send (429, 403, a migrated group) the claim is
// released or the chat dealt with, and nothing was delivered. When a send's
// reply is lost (a timeout, a broken connection) nobody knows whether the
// message arrived; the claim is then kept as "unknown" and the digest is
// NOT sent again: the digest errs on the side of a chat missing one day's
// excerpt rather than getting it twice.
package digest
