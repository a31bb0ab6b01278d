package dunning

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Customer is what the planner needs to know about a customer.
type Customer struct {
	ID     int64
	Code   string
	Name   string
	Debtor Debtor // jurisdiction resolved (the customer's, else the company's)
	// Excluded customers never get letters; PausedUntil (inclusive) stops
	// them until then; AwaitingReview: a reply waits for the owner.
	Excluded       bool
	PausedUntil    ledger.Date
	AwaitingReview bool
	// BankReview: a bank credit not yet reviewed may be this customer's
	// (an open proposal names them): their letters wait, as for a reply.
	BankReview bool
	Delays     CustomerDelays
	// EmailUsable: an address no server has refused for good, and email
	// accepted (delivery email or both).
	EmailUsable bool
	// Start is where the owner chose to start the ladder for this
	// customer's old debts (a first run on a ledger whose debts are long
	// overdue): zero for the ladder's own first step.
	Start StartLevel
	// Language is the customer's (their letters' language); Variant the
	// template variant the owner fixed for them ("" the ladder assigns
	// one: variants.go).
	Language ledger.Language
	Variant  string
}

// StartLevel is the owner's choice to start a customer's ladder at a later
// step: an invoice due before On (the day the owner chose) that no letter
// has reached Level yet goes straight to Level (1 friendly reminder, 2
// firmer letter, 3 final demand). It records no letter: the letters sent
// stay the history, so a letter at the starting level cites no earlier
// reminder (its template reads .Previous, which the history alone fills).
// Invoices falling due later climb the ladder from its first step.
type StartLevel struct {
	Level int
	On    ledger.Date
}

// applies says whether the starting level governs an invoice due on due.
func (s StartLevel) applies(due ledger.Date) bool {
	return s.Level > 0 && due < s.On
}

// OpenInvoice is an invoice not fully paid on the plan's date, with what
// the plan needs of its history.
type OpenInvoice struct {
	ledger.Invoice
	Payments []ledger.Payment
	Credits  []Credit // the credit notes applied, among Payments
	Promises []ledger.Promise
	Disputes []ledger.Dispute
}

// SentLetter is a letter (or task) already recorded in the history.
type SentLetter struct {
	ID         int64
	CustomerID int64
	Currency   ledger.Currency
	Level      int
	Kind       ledger.LetterKind
	Date       ledger.Date
	// Invoices maps each invoice the letter covered to the level it was at
	// in that letter (a letter at level 3 may list a level-1 invoice).
	Invoices map[int64]int
	// Tracking is the registered letter's number, when the letter went by
	// registered post and it was recorded; later letters cite it.
	Tracking string
	// Registered: the letter went by registered post (a number may come
	// later, or never).
	Registered bool
	// Variant is the template variant the letter was written with ("" the
	// default): the ladder's later letters keep it (variants.go).
	Variant string
}

// Input is everything a plan depends on. The planner reads nothing else.
type Input struct {
	AsOf      ledger.Date
	Policy    Policy
	Tables    *Tables
	Customers map[int64]*Customer
	Invoices  []OpenInvoice
	Letters   []SentLetter
	// Variants are the template variants the owner wrote (nil: none).
	Variants Variants
}

// Skip reasons.
const (
	SkipPaid     = "paid"
	SkipDisputed = "disputed"
	SkipPromised = "promised"
	SkipExcluded = "excluded"
	SkipPaused   = "paused"
	SkipTooSoon  = "too soon"
	// Set aside by the owner (ledger.InvoiceVoid, ledger.InvoiceWrittenOff):
	// off the ladder for good; the letters already sent stay in the history.
	SkipVoid       = "void"
	SkipWrittenOff = "written-off"
	// SkipBankReview: a bank credit that may be the customer's waits for
	// the owner (relancectl bank proposals).
	SkipBankReview = "bank credit to review"
)

// Skipped is an overdue invoice that gets nothing today, and why.
type Skipped struct {
	InvoiceID    int64
	Invoice      string
	CustomerCode string
	Reason       string
	Until        ledger.Date // promised until, paused until, or next step's date for "too soon"
}

// ReasonText renders the reason as the JSON spells it ("promised until
// 2025-07-01").
func (s Skipped) ReasonText() string {
	if s.Reason == SkipPromised {
		return "promised until " + s.Until.String()
	}
	return s.Reason
}

// ActionInvoice is one invoice in a letter.
type ActionInvoice struct {
	ID           int64
	Number       string
	Level        int      // the level this invoice is at in this letter
	Reason       i18n.Msg // why this invoice is at this level now
	IssueDate    ledger.Date
	DueDate      ledger.Date
	DaysOverdue  int
	Total        int64
	Principal    int64
	Interest     Interest // detail; its amounts count only if the letter charges interest
	Compensation ledger.Money
	Credits      []Credit // credit notes applied to it, part of what lowered Total to Principal
	Undated      bool     // paid in part on a date an export did not give (InvoiceFigures.Undated)
}

// Action is one proposed letter, or a task for the owner (level 4).
type Action struct {
	CustomerID   int64
	CustomerCode string
	CustomerName string
	Level        int
	Kind         ledger.LetterKind
	Channel      ledger.Channel // "" for a task
	Auto         bool
	Currency     ledger.Currency
	Invoices     []ActionInvoice
	Principal    int64
	Interest     int64
	Compensation int64 // in Currency; compensation in another currency is left out, with a warning
	TotalDue     int64
	Deadline     ledger.Date // final demand: pay by this date
	Reason       i18n.Msg
	Warnings     []i18n.Msg
	// Language is the letter's (its customer's); Variant the template
	// variant it is written with, "" the default (variants.go): the
	// letter is composed from it and recorded with both.
	Language ledger.Language
	Variant  string
	// arm is the customer's arm in the experiment, for Recheck to choose
	// the variant again should the letter's kind change.
	arm string
}

// Plan is the proposal for one date.
type Plan struct {
	AsOf    ledger.Date
	Actions []Action // letters, ordered by customer code then currency
	Tasks   []Action // level 4: hand over to collections
	Skipped []Skipped
	// Variants are the input's, for Recheck.
	Variants Variants
}

// invoiceHistory is what the letters say about one invoice.
type invoiceHistory struct {
	level  int         // highest level reached, -1 if never reminded
	date   ledger.Date // date of that letter
	notice ledger.Date // date of its final demand, if any
	// reminded is the date of its first reminder (levels 1 to 3), if any:
	// German law's Mahnung.
	reminded ledger.Date
	// variant of the latest letter listing it recorded with one, and
	// that letter's date (variants.go, rule 2).
	variant  string
	variantD ledger.Date
}

// candidate is an invoice due a step today, or a rider.
type candidate struct {
	inv    *OpenInvoice
	cust   *Customer // in.Customers[inv.CustomerID]
	level  int
	reason i18n.Msg
	hist   invoiceHistory
	// rider: its next step is due on at, after today; it goes only in a
	// letter sent to its customer in its currency today.
	rider bool
	at    ledger.Date
}

// MakePlan computes the proposed letters and tasks for in.AsOf. It is a
// pure function of its input.
func MakePlan(in Input) (Plan, error) {
	if err := in.Policy.Validate(); err != nil {
		return Plan{}, err
	}
	d := in.AsOf
	plan := Plan{AsOf: d, Variants: in.Variants}
	hist := map[int64]invoiceHistory{}
	lastLetter := map[int64]ledger.Date{} // customer → date of the latest letter
	for _, l := range in.Letters {
		if l.Date > d {
			continue // history after the plan's date does not exist yet
		}
		if l.Level < 4 && l.Date > lastLetter[l.CustomerID] {
			lastLetter[l.CustomerID] = l.Date
		}
		for id, lv := range l.Invoices {
			h, ok := hist[id]
			if !ok {
				h.level = -1
			}
			if lv > h.level || (lv == h.level && l.Date > h.date) {
				h.level, h.date = lv, l.Date
			}
			// A final demand is the formal notice for every amount it lists.
			if isNotice(l.Level, l.Date, d) && (h.notice.IsZero() || l.Date < h.notice) {
				h.notice = l.Date
			}
			if isReminder(l.Level, l.Date, d) && (h.reminded.IsZero() || l.Date < h.reminded) {
				h.reminded = l.Date
			}
			// Letters come in id order: of one day, the later one wins.
			if l.Variant != "" && l.Level < 4 && l.Date >= h.variantD {
				h.variant, h.variantD = l.Variant, l.Date
			}
			hist[id] = h
		}
	}
	// The invoices due a step today, and the riders: overdue invoices
	// whose next step is not due yet, which go in a letter to their
	// customer in their currency today, at their next level, rather than
	// wait for a letter of their own a few days later. Sized for the worst
	// case once: growing it by doubling copied more than it holds on a
	// 1,000,000-invoice ledger.
	cands := make([]candidate, 0, len(in.Invoices))
	for i := range in.Invoices {
		inv := &in.Invoices[i]
		c := in.Customers[inv.CustomerID]
		if c == nil {
			return plan, fmt.Errorf("invoice %s: unknown customer %d", inv.Number, inv.CustomerID)
		}
		if balanceAsOf(inv, d) <= 0 {
			continue
		}
		h, ok := hist[inv.ID]
		if !ok {
			h.level = -1
		}
		overdue := d > inv.DueDate
		skip := func(reason string, until ledger.Date) {
			if overdue {
				plan.Skipped = append(plan.Skipped, Skipped{InvoiceID: inv.ID, Invoice: inv.Number, CustomerCode: c.Code, Reason: reason, Until: until})
			}
		}
		switch {
		case inv.SetAsideOn(d) == ledger.InvoiceVoid:
			skip(SkipVoid, 0)
			continue
		case inv.SetAsideOn(d) == ledger.InvoiceWrittenOff:
			skip(SkipWrittenOff, 0)
			continue
		case inv.Excluded || c.Excluded:
			skip(SkipExcluded, 0)
			continue
		case !c.PausedUntil.IsZero() && c.PausedUntil >= d:
			skip(SkipPaused, c.PausedUntil)
			continue
		case c.AwaitingReview:
			skip(SkipPaused, 0)
			continue
		case c.BankReview:
			skip(SkipBankReview, 0)
			continue
		case disputed(inv, d):
			skip(SkipDisputed, 0)
			continue
		}
		promise, hasPromise := latestPromise(inv, d)
		if hasPromise && promise.Date >= d {
			skip(SkipPromised, promise.Date)
			continue
		}
		level, at, reason := nextStep(in.Policy, c, inv, h, promise, hasPromise, d)
		if level < 0 {
			continue // nothing more to do (collections already handed over)
		}
		if at > d {
			if overdue && level < 4 {
				// It may ride along in a letter going to this customer today.
				cands = append(cands, candidate{inv: inv, cust: c, level: level, reason: reason, hist: h, rider: true, at: at})
			} else {
				skip(SkipTooSoon, at)
			}
			continue
		}
		cands = append(cands, candidate{inv: inv, cust: c, level: level, reason: reason, hist: h})
	}
	tooSoon := func(c *Customer, rs []candidate) {
		for _, r := range rs {
			plan.Skipped = append(plan.Skipped, Skipped{InvoiceID: r.inv.ID, Invoice: r.inv.Number, CustomerCode: c.Code, Reason: SkipTooSoon, Until: r.at})
		}
	}
	// One letter per customer and currency, in customer code order; the
	// 5-day gap per customer. Sorted by customer id, currency, due date and
	// number, each letter's invoices (and riders) are a run in the order
	// the letter lists them; the runs are then put in customer code order.
	// Before, a map of groups, a sort of its keys that looked up two
	// customers per comparison, and a map of riders cost twice as much on a
	// 1,000,000-invoice ledger.
	cands = sortCandidates(cands)
	type run struct {
		start, end int
		c          *Customer
	}
	var runs []run
	for i := range cands {
		if i == 0 || cands[i].inv.CustomerID != cands[i-1].inv.CustomerID || cands[i].inv.Total.Currency != cands[i-1].inv.Total.Currency {
			runs = append(runs, run{start: i, c: cands[i].cust})
		}
		runs[len(runs)-1].end = i + 1
	}
	slices.SortFunc(runs, func(a, b run) int {
		if c := strings.Compare(a.c.Code, b.c.Code); c != 0 {
			return c
		}
		if c := cmp.Compare(cands[a.start].inv.CustomerID, cands[b.start].inv.CustomerID); c != 0 {
			return c
		}
		return strings.Compare(string(cands[a.start].inv.Total.Currency), string(cands[b.start].inv.Total.Currency))
	})
	var letters, tasks, riders []candidate // of the current run; reused
	for _, r := range runs {
		group, c := cands[r.start:r.end], r.c
		cur := group[0].inv.Total.Currency
		letters, tasks, riders = letters[:0], tasks[:0], riders[:0]
		for _, cd := range group {
			switch {
			case cd.rider:
				riders = append(riders, cd)
			case cd.level == 4:
				tasks = append(tasks, cd)
			default:
				letters = append(letters, cd)
			}
		}
		if len(tasks) > 0 {
			a, err := makeAction(in, c, cur, tasks)
			if err != nil {
				return plan, err
			}
			plan.Tasks = append(plan.Tasks, a)
		}
		if len(letters) == 0 {
			tooSoon(c, riders)
			continue
		}
		if last, ok := lastLetter[c.ID]; ok && d.DaysSince(last) < in.Policy.MinGapDays {
			for _, cd := range letters {
				plan.Skipped = append(plan.Skipped, Skipped{InvoiceID: cd.inv.ID, Invoice: cd.inv.Number, CustomerCode: c.Code,
					Reason: SkipTooSoon, Until: last.AddDays(in.Policy.MinGapDays)})
			}
			tooSoon(c, riders)
			continue
		}
		if len(riders) > 0 {
			// The letter lists its invoices and riders in the run's order.
			letters = letters[:0]
			for _, cd := range group {
				if cd.rider || cd.level < 4 {
					letters = append(letters, cd)
				}
			}
		}
		a, err := makeAction(in, c, cur, letters)
		if err != nil {
			return plan, err
		}
		if plan.Actions == nil {
			plan.Actions = make([]Action, 0, len(runs))
		}
		plan.Actions = append(plan.Actions, a)
	}
	slices.SortStableFunc(plan.Skipped, func(a, b Skipped) int {
		if c := strings.Compare(a.CustomerCode, b.CustomerCode); c != 0 {
			return c
		}
		return strings.Compare(a.Invoice, b.Invoice)
	})
	return plan, nil
}

// sortCandidates returns the candidates ordered by customer id, currency,
// due date and invoice number. It sorts small keys that hold the order in
// integers (the currencies ranked by name) and reads an invoice only to
// break a tie on the due date: comparing through the invoices' pointers
// cost 70 ms for the 110,000 candidates of a 1,000,000-invoice ledger,
// most of it waiting for memory.
func sortCandidates(cands []candidate) []candidate {
	// The currencies, ranked by name: a plan has a handful, found faster
	// by a look along a short list than by hashing each invoice's.
	var curs []ledger.Currency
	rank := func(cur ledger.Currency) int32 {
		for i, c := range curs {
			if c == cur {
				return int32(i)
			}
		}
		curs = append(curs, cur)
		return int32(len(curs) - 1)
	}
	for _, cd := range cands {
		rank(cd.inv.Total.Currency)
	}
	slices.Sort(curs)
	type sortKey struct {
		customer int64
		cur      int32
		due      ledger.Date
		i        int // in cands
	}
	keys := make([]sortKey, len(cands))
	for i, cd := range cands {
		keys[i] = sortKey{cd.inv.CustomerID, rank(cd.inv.Total.Currency), cd.inv.DueDate, i}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		switch {
		case a.customer != b.customer:
			return cmp.Compare(a.customer, b.customer)
		case a.cur != b.cur:
			return cmp.Compare(a.cur, b.cur)
		case a.due != b.due:
			return cmp.Compare(a.due, b.due)
		}
		return strings.Compare(cands[a.i].inv.Number, cands[b.i].inv.Number)
	})
	out := make([]candidate, len(cands))
	for i, k := range keys {
		out[i] = cands[k.i]
	}
	return out
}

// balanceAsOf is the invoice's balance counting payments up to d.
func balanceAsOf(inv *OpenInvoice, d ledger.Date) int64 {
	b := inv.Total.Minor
	for _, p := range inv.Payments {
		if p.Date <= d {
			b -= p.Amount
		}
	}
	return b
}

func disputed(inv *OpenInvoice, d ledger.Date) bool {
	for _, x := range inv.Disputes {
		if x.Open(d) {
			return true
		}
	}
	return false
}

// latestPromise is the most recently recorded promise known on d.
func latestPromise(inv *OpenInvoice, d ledger.Date) (ledger.Promise, bool) {
	var best ledger.Promise
	found := false
	for _, p := range inv.Promises {
		if p.RecordedOn > d {
			continue
		}
		if !found || p.RecordedOn > best.RecordedOn || (p.RecordedOn == best.RecordedOn && p.ID > best.ID) {
			best, found = p, true
		}
	}
	return best, found
}

// brokenPromise reports whether the payments received from the day the
// promise was made through its date fall short of the amount promised.
func brokenPromise(inv *OpenInvoice, p ledger.Promise) bool {
	var paid int64
	for _, x := range inv.Payments {
		if x.Date >= p.RecordedOn && x.Date <= p.Date {
			paid += x.Amount
		}
	}
	return paid < p.Amount
}

// nextStep returns the invoice's next level, the day it becomes due, and
// why; level -1 when the ladder is finished for it.
func nextStep(p Policy, c *Customer, inv *OpenInvoice, h invoiceHistory, promise ledger.Promise, hasPromise bool, d ledger.Date) (int, ledger.Date, i18n.Msg) {
	enabled := func(n int) bool { return n >= 0 && n <= 4 && p.Levels[n].Enabled }
	next := h.level + 1
	started := false
	if c.Start.applies(inv.DueDate) && next < c.Start.Level {
		// The owner chose where this old debt starts: the steps below it
		// are passed over, not recorded as sent. Its first letter comes when
		// the ladder's first letter would (the level's cases below read an
		// invoice never reminded as due delay1 after its due date).
		next, started = c.Start.Level, true
	}
	for next <= 4 && !enabled(next) {
		next++
	}
	if next > 4 {
		return -1, 0, i18n.Msg{}
	}
	if d <= inv.DueDate {
		// Not yet late: only the courtesy reminder, a few days before.
		if next == 0 {
			at := inv.DueDate.AddDays(-p.Levels[0].Delay)
			return 0, at, i18n.M("reason.courtesy", inv.DueDate.String())
		}
		return -1, 0, i18n.Msg{}
	}
	if next == 0 {
		// Late before the courtesy reminder went out: go straight up.
		next = 1
		for next <= 4 && !enabled(next) {
			next++
		}
		if next > 4 {
			return -1, 0, i18n.Msg{}
		}
	}
	// A broken promise (its date passed without the promised amount paid)
	// brings the firmer letter forward, once the friendly one went out;
	// before it, the friendly reminder waits as long.
	if hasPromise && promise.Date < d && brokenPromise(inv, promise) {
		at := promise.Date.AddDays(p.Levels[2].BrokenPromiseDelay)
		switch {
		case next == 2 && h.level >= 1:
			if normal := h.date.AddDays(p.delay(2, c.Delays)); at < normal {
				return 2, at, i18n.M("reason.broken_promise", promise.Date.String())
			}
		case next == 1:
			if normal := inv.DueDate.AddDays(p.delay(1, c.Delays)); at > normal {
				return 1, at, i18n.M("reason.broken_promise", promise.Date.String())
			}
		}
	}
	first := i18n.M("reason.level1", d.DaysSince(inv.DueDate), inv.DueDate.String())
	if started {
		// Why a firmer letter comes first: the owner's choice, said.
		first = i18n.M("reason.start_level", d.DaysSince(inv.DueDate), inv.DueDate.String(), c.Start.On.String())
	}
	switch next {
	case 1:
		return 1, inv.DueDate.AddDays(p.delay(1, c.Delays)), i18n.M("reason.level1", d.DaysSince(inv.DueDate), inv.DueDate.String())
	case 2:
		if h.level < 1 {
			return 2, inv.DueDate.AddDays(p.delay(1, c.Delays)), first
		}
		return 2, h.date.AddDays(p.delay(2, c.Delays)), i18n.M("reason.level2", h.date.String())
	case 3:
		if h.level < 2 {
			return 3, inv.DueDate.AddDays(p.delay(1, c.Delays)), first
		}
		return 3, h.date.AddDays(p.delay(3, c.Delays)), i18n.M("reason.level3", h.date.String())
	default: // 4
		if h.level < 3 {
			return 4, inv.DueDate.AddDays(p.delay(1, c.Delays)), i18n.M("reason.level1", d.DaysSince(inv.DueDate), inv.DueDate.String())
		}
		// The collections task waits for the deadline the letter gave: for a
		// UK consumer, the Protocol's 30 days.
		deadline := p.Deadline(c.Debtor, h.date)
		return 4, deadline.AddDays(p.Levels[4].Delay), i18n.M("reason.collections", deadline.String())
	}
}

// makeAction builds a letter (or task) for one customer and currency.
func makeAction(in Input, c *Customer, cur ledger.Currency, cands []candidate) (Action, error) {
	a := Action{CustomerID: c.ID, CustomerCode: c.Code, CustomerName: c.Name, Currency: cur,
		Invoices: make([]ActionInvoice, 0, len(cands))}
	top := cands[0]
	for _, cd := range cands {
		if cd.level > top.level {
			top = cd
		}
	}
	a.Level = top.level
	lv := in.Policy.Levels[a.Level]
	a.Kind, a.Auto, a.Reason = lv.Kind, lv.Auto, top.reason
	if a.Level < 4 {
		a.Language = c.Language // a task is written in no language
	}
	if a.Level < 4 && (c.Variant != "" || len(in.Variants[c.Language]) > 0) {
		pinned, at := "", ledger.Date(0)
		for _, cd := range cands {
			if cd.hist.variant != "" && cd.hist.variantD >= at {
				pinned, at = cd.hist.variant, cd.hist.variantD
			}
		}
		a.arm = in.Variants.Arm(c.Language, c.Code, c.Variant, pinned)
		a.Variant = in.Variants.Variant(c.Language, a.Kind, a.arm)
	}
	if a.Level < 4 {
		a.Channel = ledger.ChannelPostal
		if lv.Channel == ChannelPreferred && c.EmailUsable {
			a.Channel = ledger.ChannelEmail
		}
	}
	if a.Level == 3 {
		a.Deadline = in.Policy.Deadline(c.Debtor, in.AsOf)
	}
	fin := FiguresInput{AsOf: in.AsOf, Level: a.Level, Charges: lv.ChargesInterest(), Currency: cur, Debtor: c.Debtor,
		Invoices: make([]FigureInvoice, 0, len(cands))}
	for _, cd := range cands {
		fin.Invoices = append(fin.Invoices, FigureInvoice{Invoice: cd.inv.Invoice, Payments: cd.inv.Payments, Credits: cd.inv.Credits, Notice: cd.hist.notice,
			Reminded: cd.hist.reminded})
	}
	f := LetterFigures(fin, in.Tables)
	for i, cd := range cands {
		inv, fi := cd.inv, f.Invoices[i]
		a.Invoices = append(a.Invoices, ActionInvoice{ID: inv.ID, Number: inv.Number, Level: cd.level, Reason: cd.reason, IssueDate: inv.IssueDate, DueDate: inv.DueDate,
			DaysOverdue: max(in.AsOf.DaysSince(inv.DueDate), 0), Total: inv.Total.Minor, Principal: fi.Principal,
			Interest: fi.Interest, Compensation: fi.Compensation, Credits: fi.Credits, Undated: fi.Undated})
	}
	a.Principal, a.Interest, a.Compensation = f.Principal, f.Interest, f.Compensation
	a.Warnings = append(a.Warnings, f.Warnings...)
	a.TotalDue = a.Principal + a.Interest + a.Compensation
	return a, nil
}

// Recheck confronts letters planned earlier (shown to the owner in the
// morning, say) with a plan made from the ledger as it stands now, in the
// transaction that sends them. Of each letter the owner saw, an invoice is
// kept only if the fresh plan still has it due at the same level, with its
// new balance and interest; one paid meanwhile is dropped and reported as
// skipped, "paid"; one that got another reason to wait, with that reason.
// The letter's level, kind and deadline follow the invoices kept, and never
// rise above what the owner saw; a letter left with no invoice is not
// sent. Letters the fresh plan proposes that were not shown are not added.
// open holds the invoices still not fully paid.
func Recheck(p Policy, planned []Action, fresh Plan, open map[int64]bool) (confirmed []Action, dropped []Skipped) {
	freshInv := map[int64]ActionInvoice{}
	for _, a := range append(append([]Action(nil), fresh.Actions...), fresh.Tasks...) {
		for _, inv := range a.Invoices {
			freshInv[inv.ID] = inv
		}
	}
	skipBy := map[int64]Skipped{}
	for _, s := range fresh.Skipped {
		skipBy[s.InvoiceID] = s
	}
	for _, shown := range planned {
		kept := shown
		kept.Invoices, kept.Warnings = nil, nil
		kept.Principal, kept.Interest, kept.Compensation, kept.TotalDue = 0, 0, 0, 0
		top := -1
		for _, inv := range shown.Invoices {
			f, ok := freshInv[inv.ID]
			if ok && f.Level == inv.Level {
				kept.Invoices = append(kept.Invoices, f)
				if f.Level > top {
					top = f.Level
					kept.Reason = f.Reason
				}
				continue
			}
			s, known := skipBy[inv.ID]
			switch {
			case known:
			case !open[inv.ID]:
				s = Skipped{InvoiceID: inv.ID, Invoice: inv.Number, CustomerCode: shown.CustomerCode, Reason: SkipPaid}
			default: // its step moved meanwhile (another letter went out)
				s = Skipped{InvoiceID: inv.ID, Invoice: inv.Number, CustomerCode: shown.CustomerCode, Reason: SkipTooSoon}
			}
			dropped = append(dropped, s)
		}
		if len(kept.Invoices) == 0 {
			continue
		}
		lv := p.Levels[top]
		if lv.Kind != kept.Kind && kept.arm != "" {
			// The variant is the arm's for the kind the letter now is.
			kept.Variant = fresh.Variants.Variant(kept.Language, lv.Kind, kept.arm)
		}
		kept.Level, kept.Kind, kept.Auto = top, lv.Kind, lv.Auto
		if top != 3 {
			kept.Deadline = 0
		}
		for _, inv := range kept.Invoices {
			kept.Principal += inv.Principal
			if lv.ChargesInterest() {
				kept.Interest += inv.Interest.Interest
				if inv.Compensation.Currency == kept.Currency {
					kept.Compensation += inv.Compensation.Minor
				}
			}
		}
		kept.TotalDue = kept.Principal + kept.Interest + kept.Compensation
		confirmed = append(confirmed, kept)
	}
	return confirmed, dropped
}
