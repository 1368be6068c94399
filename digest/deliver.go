package digest

import (
	"context"
	"errors"
	"sync"
	"time"

	"reportbot/lease"
)

// maxAttempts bounds the sends of one digest in one run: after 429s, or to
// a group's new id.
const maxAttempts = 4

// maxRetryAfter is the longest Telegram wait a run honours before leaving a
// digest for the next run.
const maxRetryAfter = 5 * time.Minute

// SendGrace is how long a send that has started may take to finish after
// the run is stopped (SIGTERM): cutting it off would leave the digest
// unknown. It is part of the stop, which must fit the platform's kill
// timeout (see fly.toml); one message takes well under a second.
const SendGrace = 5 * time.Second

// Report counts what a run did.
type Report struct {
	Planned, Sent, Unknown, Unsubscribed, Moved, Deferred, Skipped int
	// Elsewhere is true when another process holds the deliverer's lease
	// and this one delivered nothing.
	Elsewhere bool
}

// senders is how many digests are on their way at once: with a round trip
// to Telegram of 80 ms one at a time makes 12 a second, and the broadcast
// limit (sendInterval) allows 25. Each chat gets one digest a day, so its
// order is kept.
const senders = 6

// Deliver sends the digests due at now, senders at a time within Telegram's
// broadcast limit. A cancelled ctx stops it between sends; the next run
// sends what is left.
//
// Of several processes sharing the database, only the one that holds the
// deliverer's lease delivers; the others return an empty report.
func (d *Digest) Deliver(ctx context.Context, now time.Time) (Report, error) {
	var r Report
	held, ok, err := lease.Take(ctx, d.store, leaseName, d.holder, d.leaseTTL)
	if err != nil || !ok {
		r.Elsewhere = err == nil
		return r, err
	}
	// Between runs any process may deliver: the next run takes the lease
	// again, here or elsewhere.
	defer func() {
		if err := held.Release(); err != nil {
			d.log.Error("dropping the deliverer's lease failed", "error", err.Error())
		}
	}()
	ctx = held.Context()
	released, unknown, err := d.store.Recover(ctx, d.claimLease())
	if err != nil {
		return r, err
	}
	if released+unknown > 0 {
		d.log.Warn("digests left by a killed run settled", "resent_later", released, "unknown", unknown)
	}
	plans, err := d.Due(ctx, now)
	if err != nil {
		return r, err
	}
	r.Planned = len(plans)
	if err := d.deliverAll(ctx, plans, &r); err != nil {
		return r, err
	}
	d.log.Info("digest run", "planned", r.Planned, "sent", r.Sent, "unknown", r.Unknown,
		"unsubscribed", r.Unsubscribed, "moved", r.Moved, "deferred", r.Deferred, "skipped", r.Skipped)
	return r, nil
}

// deliver claims, sends and records one digest. It returns an error only
// when the store fails or ctx ends; Telegram's answers are handled.
func (d *Digest) deliver(ctx context.Context, p Plan, r *Report) error {
	claimed, err := d.store.Claim(ctx, p.ChatID, p.Day, p.Citation, p.Theme, p.Cycle)
	if err != nil {
		return err
	}
	if !claimed {
		r.Skipped++
		return nil
	}
	passage, ok := d.index.Passage(p.Citation, p.Lang)
	if !ok {
		r.Skipped++
		return d.store.Release(ctx, p.ChatID, p.Day)
	}
	e := Excerpt{Lang: p.Lang, Theme: passage.SectionTitle, Passage: passage, Day: p.Day}
	chat := p.ChatID
	for attempt := 1; ; attempt++ {
		if err := d.pace(ctx); err != nil {
			// Nothing was sent: give the claim back for the next run.
			return errors.Join(err, d.store.Release(context.WithoutCancel(ctx), chat, p.Day))
		}
		if err := d.store.MarkAttempted(ctx, chat, p.Day); err != nil {
			return errors.Join(err, d.store.Release(context.WithoutCancel(ctx), chat, p.Day))
		}
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), SendGrace)
		id, err := d.send.SendExcerpt(sendCtx, chat, e)
		cancel()
		if parts, ok := errors.AsType[*PartsSent](err); ok {
			e.FromPart = parts.N
		}
		var retry *RetryAfterError
		var moved *MigratedError
		switch {
		case err == nil:
			r.Sent++
			d.observe("sent")
			return d.store.MarkSent(context.WithoutCancel(ctx), chat, p.Day, id)
		case errors.Is(err, ErrBlocked) || errors.Is(err, ErrGone):
			r.Unsubscribed++
			d.observe("unsubscribed")
			d.log.Info("digest chat gone; unsubscribed", "reason", err.Error())
			if err := d.store.Release(ctx, chat, p.Day); err != nil {
				return err
			}
			return d.store.Unsubscribe(ctx, chat)
		case errors.As(err, &moved) && attempt < maxAttempts:
			r.Moved++
			d.observe("moved")
			if err := d.store.MoveChat(ctx, chat, moved.To); err != nil {
				return err
			}
			chat = moved.To
		case errors.As(err, &retry) && attempt < maxAttempts && retry.After <= maxRetryAfter:
			if err := d.clock.Sleep(ctx, retry.After); err != nil {
				return errors.Join(err, d.store.Release(context.WithoutCancel(ctx), chat, p.Day))
			}
		case (errors.As(err, &retry) || errors.As(err, &moved)) && e.FromPart > 0:
			// Part of it went out: sending it again later would repeat
			// that part, and the rest is not worth a second try.
			r.Unknown++
			d.observe("unknown")
			return d.store.MarkUnknown(context.WithoutCancel(ctx), chat, p.Day)
		case errors.As(err, &retry) || errors.As(err, &moved):
			r.Deferred++
			d.observe("deferred")
			return d.store.Release(ctx, chat, p.Day)
		default:
			// The request went out and no answer came back: the message
			// may have arrived. Do not send it again (see the package
			// documentation).
			r.Unknown++
			d.observe("unknown")
			d.log.Warn("digest send outcome unknown; not resending", "error", err.Error())
			return d.store.MarkUnknown(context.WithoutCancel(ctx), chat, p.Day)
		}
	}
}

// deliverAll sends plans by senders goroutines, each plan once, adding
// what each did to r; the first error (a store failing, ctx ending) stops
// the others between sends.
func (d *Digest) deliverAll(ctx context.Context, plans []Plan, r *Report) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan Plan)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(senders, len(plans)) {
		wg.Go(func() {
			var mine Report
			for p := range next {
				if err := d.deliver(ctx, p, &mine); err != nil {
					cancel(err)
				}
			}
			mu.Lock()
			r.add(mine)
			mu.Unlock()
		})
	}
	for _, p := range plans {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- p:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// add adds what another part of a run did.
func (r *Report) add(o Report) {
	r.Sent += o.Sent
	r.Unknown += o.Unknown
	r.Unsubscribed += o.Unsubscribed
	r.Moved += o.Moved
	r.Deferred += o.Deferred
	r.Skipped += o.Skipped
}

// pace keeps sends at least sendInterval apart, whichever sender makes
// them: each takes the next free moment and waits for it.
func (d *Digest) pace(ctx context.Context) error {
	d.mu.Lock()
	now := d.clock.Now()
	at := d.last.Add(d.interval)
	if at.Before(now) {
		at = now
	}
	d.last = at
	d.mu.Unlock()
	if wait := at.Sub(now); wait > 0 {
		return d.clock.Sleep(ctx, wait)
	}
	return nil
}

// Run delivers due digests at the start of every minute until ctx ends.
func (d *Digest) Run(ctx context.Context) error {
	for {
		now := d.clock.Now()
		_, err := d.Deliver(ctx, now)
		if err != nil && ctx.Err() != nil {
			return nil
		}
		d.mu.Lock()
		if err != nil {
			d.failing++
		} else {
			d.failing = 0
		}
		d.mu.Unlock()
		if err != nil {
			d.log.Error("digest run failed", "error", err.Error())
		}
		wait := now.Truncate(d.every).Add(d.every).Sub(d.clock.Now())
		if err := d.clock.Sleep(ctx, max(wait, d.every/60)); err != nil {
			return nil
		}
	}
}
