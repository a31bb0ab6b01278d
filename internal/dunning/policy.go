package dunning

import (
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Letter kinds of the ladder (ledger.LetterKind says what each means).
const (
	KindCourtesy    = ledger.KindCourtesy
	KindReminder1   = ledger.KindReminder1
	KindReminder2   = ledger.KindReminder2
	KindFinalDemand = ledger.KindFinalDemand
	KindCollections = ledger.KindCollections // a task for the owner, not a letter
)

// ChannelRule says how a level's letter travels.
type ChannelRule string

// Channel rules.
const (
	ChannelPreferred ChannelRule = "preferred" // the customer's preference: email where usable, else post
	ChannelPostal    ChannelRule = "postal"    // always by post
)

// Level is one step of the ladder.
type Level struct {
	Number  int               // 0..4
	Kind    ledger.LetterKind // letter kind, or KindCollections
	Enabled bool
	// Delay is in days: for level 0, days before the due date; level 1,
	// days after the due date; levels 2 and 3, days after the previous
	// level's letter; level 4, days after the final demand's deadline.
	Delay int
	// BrokenPromiseDelay (level 2): days after a broken promise's date;
	// the level comes at the earlier of the two dates.
	BrokenPromiseDelay int
	// DeadlineDays (level 3): the final demand's deadline, in days after
	// its date.
	DeadlineDays int
	Channel      ChannelRule
	Auto         bool // goes out without the owner's approval
}

// ChargesInterest says whether the level's letter claims interest and
// fixed compensation: its kind says (ledger.LetterKind.ChargesInterest).
func (l Level) ChargesInterest() bool { return l.Kind.ChargesInterest() }

// Policy is the ladder and its spacing rules.
type Policy struct {
	Levels []Level // indexed by level number, 0..4
	// MinGapDays is the least number of days between two letters to the
	// same customer.
	MinGapDays int
}

// DefaultPolicy is how small businesses collect: a friendly reminder a week
// after the due date, a firmer one two weeks later (or two days after a
// broken promise), a formal notice two weeks after that with an 8-day
// deadline, then the owner decides on collections.
func DefaultPolicy() Policy {
	return Policy{
		MinGapDays: 5,
		Levels: []Level{
			{Number: 0, Kind: KindCourtesy, Enabled: false, Delay: 3, Channel: ChannelPreferred, Auto: true},
			{Number: 1, Kind: KindReminder1, Enabled: true, Delay: 7, Channel: ChannelPreferred, Auto: true},
			{Number: 2, Kind: KindReminder2, Enabled: true, Delay: 14, BrokenPromiseDelay: 2, Channel: ChannelPreferred, Auto: true},
			{Number: 3, Kind: KindFinalDemand, Enabled: true, Delay: 14, DeadlineDays: 8, Channel: ChannelPreferred, Auto: false},
			{Number: 4, Kind: KindCollections, Enabled: true, Delay: 1, Channel: ChannelPreferred, Auto: false},
		},
	}
}

// Validate checks the policy's shape.
func (p Policy) Validate() error {
	if len(p.Levels) != 5 {
		return fmt.Errorf("a policy has 5 levels (0 to 4), not %d", len(p.Levels))
	}
	for i, l := range p.Levels {
		if l.Number != i {
			return fmt.Errorf("level %d is numbered %d", i, l.Number)
		}
		if l.Delay < 0 || l.BrokenPromiseDelay < 0 || l.DeadlineDays < 0 {
			return fmt.Errorf("level %d: negative delay", i)
		}
	}
	if p.MinGapDays < 0 {
		return fmt.Errorf("negative gap between letters")
	}
	return nil
}

// CustomerDelays are a customer's own delays, overriding the policy's for
// levels 1 to 3 where set (0: use the policy's).
type CustomerDelays [4]int

// delay returns the delay of level n for a customer.
func (p Policy) delay(n int, own CustomerDelays) int {
	if n >= 1 && n <= 3 && own[n] > 0 {
		return own[n]
	}
	return p.Levels[n].Delay
}

// ProtocolReplyDays is the time an individual in England and Wales is
// given to answer a Letter of Claim: the Pre-Action Protocol for Debt
// Claims (para. 4) asks for 30 days from the letter's date, and no claim
// is issued before they end.
const ProtocolReplyDays = 30

// Deadline returns the last day to pay that a final demand sent on sent
// gives this debtor: the policy's, but never less than the Protocol's 30
// days for a consumer under UK law (the letter is then a Letter of Claim).
func (p Policy) Deadline(d Debtor, sent ledger.Date) ledger.Date {
	days := p.Levels[3].DeadlineDays
	if LetterOfClaim(d) && days < ProtocolReplyDays {
		days = ProtocolReplyDays
	}
	return sent.AddDays(days)
}

// LetterOfClaim says whether this debtor's final demand must be a Letter of
// Claim under the Pre-Action Protocol for Debt Claims: the Protocol applies
// to a business claiming a debt from an individual (a consumer here; a
// sole trader recorded as a business is the owner's call).
func LetterOfClaim(d Debtor) bool {
	return d.Jurisdiction == ledger.JurisdictionUK && d.Kind == ledger.Consumer
}
