package digest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"reportbot/lang"
	"reportbot/rag"
	"reportbot/store"
)

// Plan is one chat's digest for one local day.
type Plan struct {
	ChatID int64
	// Day is the chat's local date, "YYYY-MM-DD"; Due the time it is due.
	Day string
	Due time.Time
	TZ  string
	// Lang, Theme (a section id) and Citation are what will be sent;
	// Cycle is the rotation after it.
	Lang     lang.Language
	Theme    string
	Citation string
	Cycle    []string
}

// Due returns the digests due at now that have not been sent: for each
// subscription whose local hour has come today and which has no delivery
// for its local day yet.
func (d *Digest) Due(ctx context.Context, now time.Time) ([]Plan, error) {
	subs, err := d.store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	days := map[string]bool{}
	type due struct {
		sub   store.Subscription
		local time.Time
	}
	var dues []due
	for _, s := range subs {
		z, err := d.zone(s.TZ)
		if err != nil {
			d.log.Warn("subscription with an unknown time zone skipped", "tz", s.TZ)
			continue
		}
		local := now.In(z)
		y, m, dd := local.Date()
		if local.Hour() < s.Hour || time.Date(y, m, dd, s.Hour, 0, 0, 0, z).Before(s.Created) {
			// Not yet today; or the chat subscribed after today's hour and
			// its first digest is tomorrow's.
			continue
		}
		dues = append(dues, due{s, local})
		days[local.Format(time.DateOnly)] = true
	}
	done, err := d.store.DeliveredOn(ctx, keys(days)...)
	if err != nil {
		return nil, err
	}
	cat := newCatalog(d.index)
	plans := make([]Plan, 0, len(dues))
	for _, x := range dues {
		day := x.local.Format(time.DateOnly)
		if done[x.sub.ChatID][day] {
			continue
		}
		p, ok := cat.next(x.sub)
		if !ok {
			continue
		}
		y, m, dd := x.local.Date()
		p.Day, p.TZ = day, x.sub.TZ
		p.Due = time.Date(y, m, dd, x.sub.Hour, 0, 0, 0, x.local.Location())
		plans = append(plans, p)
	}
	return plans, nil
}

// OnDate returns the digests of a local date ("YYYY-MM-DD") for every
// subscription that has not had it yet, for a dry run.
func (d *Digest) OnDate(ctx context.Context, date string) ([]Plan, error) {
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return nil, fmt.Errorf("date %q is not YYYY-MM-DD", date)
	}
	subs, err := d.store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	done, err := d.store.DeliveredOn(ctx, date)
	if err != nil {
		return nil, err
	}
	cat := newCatalog(d.index)
	var plans []Plan
	for _, s := range subs {
		z, err := d.zone(s.TZ)
		if err != nil || done[s.ChatID][date] {
			continue
		}
		p, ok := cat.next(s)
		if !ok {
			continue
		}
		p.Day, p.TZ = date, s.TZ
		p.Due = time.Date(day.Year(), day.Month(), day.Day(), s.Hour, 0, 0, 0, z)
		plans = append(plans, p)
	}
	return plans, nil
}

// catalog is the reports' themes, looked up once per planning run.
type catalog struct {
	all  []string // every theme, in document order
	byID map[string]rag.Section
	// named are the themes each name a subscription may keep stands
	// for: a theme itself, "doc/id", and a bare id, which a
	// subscription kept before the corpus had several reports names,
	// and which is that theme in each of them.
	named map[string][]string
}

func newCatalog(ix *rag.Index) catalog {
	c := catalog{byID: map[string]rag.Section{}, named: map[string][]string{}}
	for _, sec := range ix.Sections(lang.English) {
		t := ix.Theme(sec)
		c.all = append(c.all, t)
		c.byID[t] = sec
		c.named[t] = []string{t}
		c.named[sec.Doc+"/"+sec.ID] = []string{t}
		if t != sec.ID {
			c.named[sec.ID] = append(c.named[sec.ID], t)
		}
	}
	return c
}

// expand turns the names a subscription keeps into the catalog's themes.
func (c catalog) expand(names []string) []string {
	var out []string
	for _, n := range names {
		for _, t := range c.named[n] {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// next picks a subscription's next excerpt: the theme after the last one,
// and in it the first passage not sent in the theme's current cycle; a
// theme whose passages have all been sent starts a new cycle. Themes the
// corpus no longer has are passed over.
func (c catalog) next(s store.Subscription) (Plan, bool) {
	themes := c.expand(s.Themes)
	if len(s.Themes) == 0 {
		themes = c.all
	}
	start := 0
	last := s.LastTheme
	if ts := c.named[last]; len(ts) > 0 {
		last = ts[0]
	}
	if i := slices.Index(themes, last); i >= 0 {
		start = i + 1
	}
	var theme rag.Section
	themeName, found := "", false
	for i := range themes {
		if sec, ok := c.byID[themes[(start+i)%len(themes)]]; ok {
			theme, themeName, found = sec, themes[(start+i)%len(themes)], true
			break
		}
	}
	if !found {
		return Plan{}, false
	}
	pick := ""
	for _, id := range theme.Citations {
		if !slices.Contains(s.Cycle, id) {
			pick = id
			break
		}
	}
	cycle := s.Cycle
	if pick == "" {
		// The theme is exhausted: its new cycle starts from the top.
		cycle = slices.DeleteFunc(slices.Clone(cycle), func(id string) bool { return slices.Contains(theme.Citations, id) })
		pick = theme.Citations[0]
	}
	l, ok := lang.Parse(s.Lang)
	if !ok {
		l = lang.English
	}
	return Plan{ChatID: s.ChatID, Lang: l, Theme: themeName, Citation: pick, Cycle: append(slices.Clip(cycle), pick)}, true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
