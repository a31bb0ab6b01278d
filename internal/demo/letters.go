package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// A simulated year of letters (issue 19): invoices of the last year that
// go through the ladder (a reminder 7 days after the due date, the second
// 14 days later, the final demand 14 days after that) while they are
// unpaid, each letter answered, promised against, disputed, bounced and
// paid with odds that depend on its template variant, its level and its
// channel. The report's acceptance test counts its rows by hand, and the
// benchmarks measure the report over a year of it.

// Odds are a letter's chances, per thousand: of a reply within 10 days,
// and of being paid in full within 13 days (before the next letter).
type Odds func(variant string, level int, channel ledger.Channel) (reply, pay int)

// DefaultOdds: variant B is answered twice as often as the default (400
// against 200 per thousand) and paid as often; the final demand is paid
// less often than a first reminder (200 against 300); the channel
// changes nothing.
func DefaultOdds(variant string, level int, _ ledger.Channel) (reply, pay int) {
	reply = 200
	if variant == "B" {
		reply = 400
	}
	pay = 300 - 50*(level-1)
	return reply, pay
}

// LetterYear sizes the simulated year.
type LetterYear struct {
	Invoices int  // invoices issued over the year, each dunned while unpaid
	Odds     Odds // DefaultOdds when nil
}

// ladderKinds are the simulated ladder's letters, levels 1 to 3.
var ladderKinds = [4]ledger.LetterKind{1: ledger.KindReminder1, 2: ledger.KindReminder2, 3: ledger.KindFinalDemand}

// simVariants gives every other customer of each channel variant "B":
// balanced within each channel, so that the channel's figures do not
// inherit the variants' difference (a hash left 58 % of the postal
// customers on the default template in a ledger of 400, and the postal
// letters looked answered less for it). The ladder's own assignment is
// by hash (issue 19's Decision); the simulation wants a clean contrast.
func (g *generator) simVariants() []string {
	out := make([]string, len(g.custs))
	var n [2]int
	for i, c := range g.custs {
		ch := 0
		if c.postal {
			ch = 1
		}
		if n[ch]%2 == 1 {
			out[i] = "B"
		}
		n[ch]++
	}
	return out
}

// letterYear writes the simulated year after the ordinary invoices.
func (g *generator) letterYear(ctx context.Context) error {
	y := g.o.Letters
	if y == nil || y.Invoices <= 0 || len(g.custs) == 0 {
		return nil
	}
	odds := y.Odds
	if odds == nil {
		odds = DefaultOdds
	}
	today := g.today
	width := max(7, len(strconv.Itoa(y.Invoices)))
	variants := g.simVariants()
	for k := 0; k < y.Invoices; k++ {
		if k%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		ci := g.r.IntN(len(g.custs))
		c := &g.custs[ci]
		// Issued 40 to 400 days ago, due 30 days later.
		issue := today.AddDays(-40 - g.r.IntN(361))
		b := appendPadded(append(g.buf[:0], 'S', '-'), k+1, width)
		g.buf = b
		inv := ledger.Invoice{Number: string(b), CustomerID: c.id, IssueDate: issue, DueDate: issue.AddDays(30),
			Total: ledger.Money{Minor: g.amount(c), Currency: c.cur}}
		if err := g.b.InsertInvoice(ctx, &inv); err != nil {
			return err
		}
		g.sum.Invoices++
		channel := ledger.ChannelEmail
		if c.postal {
			channel = ledger.ChannelPostal
		}
		variant := variants[ci]
		lang := string(langs[c.lang].Lang)
		owed := inv.Total.Minor
		day := inv.DueDate.AddDays(7)
		paid := false
		for level := 1; level <= 3 && day <= today && !paid; level++ {
			if _, err := g.b.RecordSimulatedLetter(ctx, store.SimulatedLetter{CustomerID: c.id, Currency: c.cur, Level: level,
				Kind: ladderKinds[level], Channel: channel, Date: day, Variant: variant, Language: lang,
				Invoices: map[int64]int64{inv.ID: owed}}); err != nil {
				return err
			}
			g.sum.Letters++
			reply, pay := odds(variant, level, channel)
			if channel == ledger.ChannelEmail && g.permille(20) {
				if err := g.simInbound(ctx, "bounce", c.id, day); err != nil {
					return err
				}
			}
			if g.permille(reply) {
				on := day.AddDays(g.r.IntN(10))
				if on <= today {
					if err := g.simInbound(ctx, "reply", c.id, on); err != nil {
						return err
					}
					if g.pct(20) {
						pr := ledger.Promise{InvoiceID: inv.ID, Date: on.AddDays(7), Amount: owed, Source: "email", RecordedOn: on}
						if err := g.b.AddPromise(ctx, &pr); err != nil {
							return err
						}
						g.sum.Promises++
					}
				}
			}
			if g.permille(15) {
				d := ledger.Dispute{InvoiceID: inv.ID, Opened: min(today, day.AddDays(1+g.r.IntN(10))), Reason: langs[c.lang].Reasons[0]}
				if err := g.b.AddDispute(ctx, &d); err != nil {
					return err
				}
				g.sum.Disputes++
				break // a disputed invoice is not dunned further
			}
			switch {
			case g.permille(pay):
				on := day.AddDays(1 + g.r.IntN(13))
				if on <= today {
					if _, err := g.pay(ctx, &inv, c, on, owed, ""); err != nil {
						return err
					}
					paid = true
				}
			case g.pct(5) && owed >= 2:
				on := day.AddDays(1 + g.r.IntN(13))
				if on <= today {
					if _, err := g.pay(ctx, &inv, c, on, owed/2, ""); err != nil {
						return err
					}
					owed -= owed / 2
				}
			}
			day = day.AddDays(14)
		}
	}
	return nil
}

// simInbound records a reply or a bounce from the customer on day, as the
// inbox sync would once matched by the sender (no outbox row: the demo
// sends nothing).
func (g *generator) simInbound(ctx context.Context, class string, customer int64, day ledger.Date) error {
	g.sum.Inbound++
	at := day.Time(time.UTC).Add(10 * time.Hour)
	m := store.Inbound{Fingerprint: fmt.Sprintf("demo:%d", g.sum.Inbound), Folder: "INBOX", UIDValidity: 1, UID: uint32(g.sum.Inbound),
		Class: class, ReceivedAt: at, CustomerID: customer, Match: "sender", Suggestions: "[]"}
	if class == "bounce" {
		m.Hard = true
	}
	_, _, err := g.b.AddInbound(ctx, m)
	return err
}
