package digest

import "time"

// One process delivers at a time, however many machines share the
// database: the one that holds the deliverer's lease. It plans, paces and
// sends, so the broadcast limit holds for the bot, not per machine. It
// renews the lease while it delivers; a holder killed or cut off stops
// renewing, and another takes the lease once it lapses, settles what the
// dead one left (see Store.Recover) and delivers the rest.

// leaseName is the deliverer's lease in the store.
const leaseName = "digest"

// leaseTTL is how long the lease lasts unrenewed: how long the digest may
// stand still after its deliverer dies. It is renewed three times as often.
const leaseTTL = 30 * time.Second

// claimLease is how long a claim may stay pending before a deliverer takes
// it for one a dead deliverer left (see Store.Recover). A run waits for
// every send it started before it ends, so a pending claim at the start of
// a run is another holder's; that holder stopped sending once it could not
// renew its lease, and a send it had started was given SendGrace to end.
func (d *Digest) claimLease() time.Duration { return d.leaseTTL + SendGrace + d.leaseTTL/3 }

// WithHolder names this process for the deliverer's lease (default: the
// host name and a random part); for tests of several deliverers.
func WithHolder(name string) Option { return func(d *Digest) { d.holder = name } }
