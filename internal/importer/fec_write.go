package importer

import (
	"errors"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// write puts the FEC's model into the ledger, in one batch: customers,
// invoices, then what pays them (lettered payments, credit notes,
// unlettered payments, in that order), after taking back what an earlier
// import made from the same entries.
func (f *fecRun) write(b *store.Batch) error {
	ctx, sum := f.ctx, &f.res.Summary
	var err error
	if sum.OverdueBefore, err = b.OverdueTotals(ctx, f.opts.Today); err != nil {
		return err
	}
	before, err := b.ExistingInvoices(ctx)
	if err != nil {
		return err
	}
	if err := f.writeCustomers(b); err != nil {
		return err
	}
	notes, unlettered := f.notes()
	if len(f.res.Problems) > 0 {
		return nil
	}
	// Take back what an earlier import made from this file's entries: its
	// payments, and the application of its credit notes; both are made
	// again below from what the file says now.
	oldPays, err := f.takeBack(b, notes)
	if err != nil {
		return err
	}
	existing, err := b.ExistingInvoices(ctx)
	if err != nil {
		return err
	}
	open, err := f.writeInvoices(b, existing)
	if err != nil || len(f.res.Problems) > 0 {
		return err
	}
	p := &fecPayer{f: f, b: b, old: oldPays, made: map[payKey]*ledger.Payment{}, open: open}
	// 1. Lettered payments pay the invoices lettered with them.
	var rest []fecLeft
	for _, g := range f.grpOrder {
		left, err := p.lettered(g)
		if err != nil {
			return err
		}
		rest = append(rest, left...)
	}
	// 2. Credit notes, by the credit model: the invoice lettered with them
	// first, then the customer's oldest open invoices, else held.
	held := map[string]bool{}
	for _, n := range notes {
		held[n.number] = true
		if err := f.writeNote(b, n); err != nil {
			return err
		}
	}
	// 3. Unlettered payments, and what lettered ones left, pay the oldest
	// open invoices; what is left then is the customer's money paying
	// nothing.
	for _, c := range unlettered {
		rest = append(rest, fecLeft{c: c, amount: c.amount})
	}
	sort.SliceStable(rest, func(i, j int) bool {
		if rest[i].c.date != rest[j].c.date {
			return rest[i].c.date < rest[j].c.date
		}
		return rest[i].c.line < rest[j].c.line
	})
	unapplied := map[ledger.Currency]int64{}
	var curOrder []ledger.Currency
	for _, l := range rest {
		left, err := p.oldestOpen(l.c, l.amount)
		if err != nil {
			return err
		}
		if left > 0 {
			m := ledger.Money{Minor: left, Currency: l.c.cur}
			f.warnAt(l.c.line, l.c.col, l.c.val, i18n.M("import.fec_open_credit", m.String(), l.c.cust.code))
			if _, ok := unapplied[m.Currency]; !ok {
				curOrder = append(curOrder, m.Currency)
			}
			unapplied[m.Currency] += left
		}
	}
	for _, c := range curOrder {
		f.res.Unapplied = append(f.res.Unapplied, ledger.Money{Minor: unapplied[c], Currency: c})
	}
	// Credit held from earlier imports meets the invoices now open.
	if err := f.applyHeld(b, held); err != nil {
		return err
	}
	return f.summarize(b, before)
}

// writeCustomers matches the file's customers by code, or creates them.
func (f *fecRun) writeCustomers(b *store.Batch) error {
	ids, err := b.CustomerIDs(f.ctx)
	if err != nil {
		return err
	}
	country, lang := f.company.Country, f.company.Language
	if !country.Valid() {
		country = "FR" // a FEC is a French company's
	}
	if !lang.Valid() {
		lang = "fr"
	}
	for _, c := range f.custOrder {
		if id, ok := ids[c.code]; ok {
			c.id = id
			f.res.Summary.CustomersMatched++
			continue
		}
		cust := ledger.Customer{Code: c.code, Name: c.name, Country: country, Language: lang, Kind: ledger.Business,
			Delivery: ledger.DeliveryPostal}
		if err := cust.Validate(); err != nil {
			f.problemAt(c.line, "CompAuxNum", c.code, i18n.M("import.invalid_record", err.Error()))
			continue
		}
		id, err := b.SaveCustomer(f.ctx, cust)
		if err != nil {
			return err
		}
		c.id = id
		f.res.Summary.CustomersCreated++
	}
	return nil
}

// payKey is a payment's identity: its invoice and reference.
type payKey struct {
	invoice int64
	ref     string
}

// takeBack deletes the payments an earlier import made from this file's
// entries, and unapplies its credit notes, returning the payments deleted
// (to count what changed).
func (f *fecRun) takeBack(b *store.Batch, notes []*fecNote) (map[payKey]ledger.Payment, error) {
	ps, err := b.PaymentsByReferencePrefix(f.ctx, fecRefPrefix)
	if err != nil {
		return nil, err
	}
	old := map[payKey]ledger.Payment{}
	for _, p := range ps {
		ref := strings.TrimPrefix(p.Reference, fecRefPrefix)
		i := strings.LastIndexByte(ref, ':')
		if i < 0 || !f.scope[ref[:i]] {
			continue // another file's entries: they stay
		}
		old[payKey{p.InvoiceID, p.Reference}] = p
		if err := b.DeletePayment(f.ctx, p.ID); err != nil {
			return nil, err
		}
	}
	for _, n := range notes {
		c, err := b.CreditNoteByNumber(f.ctx, n.number)
		switch {
		case errors.Is(err, store.ErrNotFound):
			f.res.Created++
			continue
		case err != nil:
			return nil, err
		}
		cust := n.lines[0].cust
		if c.CustomerID != cust.id {
			f.problemAt(n.lines[0].line, "CompAuxNum", cust.code, i18n.M("import.fec_note_other_customer", n.number, c.CustomerCode))
			continue
		}
		if _, err := b.UnapplyCreditNote(f.ctx, c.ID); err != nil {
			return nil, err
		}
		n.note.ID = c.ID
		f.res.Updated++
	}
	return old, nil
}

// writeInvoices inserts or updates the file's invoices and returns what is
// open of each (total less the payments the file does not make).
func (f *fecRun) writeInvoices(b *store.Batch, existing map[string]store.ExistingInvoice) (map[int64]int64, error) {
	open := map[int64]int64{}
	sum := &f.res.Summary
	for _, d := range f.docOrder {
		old, exists := existing[d.number]
		total := ledger.Money{Minor: d.total, Currency: d.cur}
		inv := ledger.Invoice{Number: d.number, Description: d.desc}
		if exists {
			inv = old.Invoice
			switch {
			case old.CustomerID != d.cust.id:
				f.problemAt(d.line, "CompAuxNum", d.cust.code, i18n.M("import.fec_invoice_other_customer", d.number, old.CustomerCode))
				continue
			case old.Payments > 0 && old.Total.Currency != d.cur:
				f.problemAt(d.line, "Idevise", string(d.cur), i18n.M("import.currency_change_with_payments", old.Total.Currency))
				continue
			case d.total < old.Paid:
				f.problemAt(d.line, "Debit", total.Decimal(), i18n.M("import.total_below_paid",
					ledger.Money{Minor: old.Paid, Currency: d.cur}.String()))
				continue
			}
			if inv.Description == "" {
				inv.Description = d.desc
			}
		}
		inv.CustomerID, inv.IssueDate, inv.Total = d.cust.id, d.issue, total
		switch {
		case !d.due.IsZero():
			inv.DueDate = d.due
		case !exists || inv.DueDate.Before(d.issue):
			// The FEC does not say when the invoice is due: the term does.
			// An invoice already in the ledger keeps its due date, which
			// another export may have given.
			inv.DueDate = d.issue.AddDays(f.opts.TermDays)
			f.res.TermDue++
		}
		if err := inv.Validate(); err != nil {
			f.problemAt(d.line, "PieceRef", d.number, i18n.M("import.invalid_record", err.Error()))
			continue
		}
		if len(f.res.Problems) > 0 {
			continue // the import is lost: check the rest, write nothing
		}
		var err error
		if exists {
			err = b.UpdateInvoice(f.ctx, &inv)
			f.res.Updated++
			open[inv.ID] = d.total - old.Paid
		} else {
			err = b.InsertInvoice(f.ctx, &inv)
			f.res.Created++
			sum.NewInvoices++
			open[inv.ID] = d.total
		}
		if err != nil {
			return nil, err
		}
		d.id = inv.ID
	}
	return open, nil
}

// fecPayer writes the payments, keeping what is open of each invoice.
type fecPayer struct {
	f    *fecRun
	b    *store.Batch
	old  map[payKey]ledger.Payment
	made map[payKey]*ledger.Payment
	open map[int64]int64 // the file's invoices
	// The customers' open invoices in a currency, oldest first, read once.
	oldest map[oldestKey][]store.OpenInvoice
}

type oldestKey struct {
	cust int64
	cur  ledger.Currency
}

// fecLeft is what a payment has left to pay.
type fecLeft struct {
	c      *fecCredit
	amount int64
}

// lettered pays a lettering's invoices with its payments, oldest invoice
// first, and returns what the payments leave.
func (p *fecPayer) lettered(g *fecGroup) ([]fecLeft, error) {
	var rest []fecLeft
	if len(g.docs) == 0 {
		// Lettered with lines of another year (an opening balance in one
		// line per customer): paid as if unlettered.
		for _, c := range g.payments {
			rest = append(rest, fecLeft{c: c, amount: c.amount})
		}
		return rest, nil
	}
	docs := append([]*fecDoc(nil), g.docs...)
	sort.SliceStable(docs, func(i, j int) bool {
		if docs[i].issue != docs[j].issue {
			return docs[i].issue < docs[j].issue
		}
		return docs[i].number < docs[j].number
	})
	pays := append([]*fecCredit(nil), g.payments...)
	sort.SliceStable(pays, func(i, j int) bool {
		if pays[i].date != pays[j].date {
			return pays[i].date < pays[j].date
		}
		return pays[i].line < pays[j].line
	})
	for _, c := range pays {
		left := c.amount
		for _, d := range docs {
			if left == 0 {
				break
			}
			part := min(left, p.open[d.id])
			if d.cur != c.cur || part <= 0 {
				continue
			}
			if err := p.pay(c, d.id, d.number, d.issue, part); err != nil {
				return nil, err
			}
			p.open[d.id] -= part
			left -= part
		}
		if left > 0 {
			rest = append(rest, fecLeft{c: c, amount: left})
		}
	}
	return rest, nil
}

// oldestOpen pays the customer's oldest open invoices in the payment's
// currency with amount, and returns what is left.
func (p *fecPayer) oldestOpen(c *fecCredit, amount int64) (int64, error) {
	key := oldestKey{c.cust.id, c.cur}
	if p.oldest == nil {
		p.oldest = map[oldestKey][]store.OpenInvoice{}
	}
	list, ok := p.oldest[key]
	if !ok {
		var err error
		if list, err = p.b.OpenInvoicesOf(p.f.ctx, c.cust.id, c.cur); err != nil {
			return 0, err
		}
	}
	for i := range list {
		if amount == 0 {
			break
		}
		o := &list[i]
		part := min(amount, o.Balance)
		if part <= 0 {
			continue
		}
		if err := p.pay(c, o.ID, o.Number, o.Issue, part); err != nil {
			return 0, err
		}
		o.Balance -= part
		amount -= part
		if _, mine := p.open[o.ID]; mine {
			p.open[o.ID] -= part
		}
	}
	p.oldest[key] = list
	return amount, nil
}

// pay writes part of credit c as a payment of an invoice, on the credit's
// date, or on the invoice's when the money came first (a deposit lettered
// with the invoice): no interest runs before an invoice exists anyway.
func (p *fecPayer) pay(c *fecCredit, invoiceID int64, number string, issue ledger.Date, part int64) error {
	date := c.date
	if date.Before(issue) {
		date = issue
	}
	key := payKey{invoiceID, c.ref}
	if m := p.made[key]; m != nil {
		// The same credit reaches the invoice twice (by its lettering,
		// then with what it left): one payment.
		m.Amount += part
		return p.b.SavePayment(p.f.ctx, m)
	}
	pm := &ledger.Payment{InvoiceID: invoiceID, InvoiceNumber: number, Date: date, Amount: part, Method: c.method, Reference: c.ref}
	if err := p.b.SavePayment(p.f.ctx, pm); err != nil {
		return err
	}
	p.made[key] = pm
	if o, was := p.old[key]; !was {
		p.f.res.Created++
	} else if o.Amount != part || o.Date != date {
		p.f.res.Updated++
	}
	return nil
}

// writeNote saves a credit note and applies it by the credit model.
func (f *fecRun) writeNote(b *store.Batch, n *fecNote) error {
	c := n.lines[0]
	n.note.CustomerID, n.note.CustomerCode = c.cust.id, c.cust.code
	// The invoice it credits is the oldest one lettered with it.
	for _, l := range n.lines {
		if l.letter == "" {
			continue
		}
		g := f.groups[l.cust.code+"\x00"+l.letter]
		var first *fecDoc
		for _, d := range g.docs {
			if d.cur == n.note.Amount.Currency && (first == nil || d.issue < first.issue ||
				d.issue == first.issue && d.number < first.number) {
				first = d
			}
		}
		if first != nil {
			n.note.Invoice = first.number
			break
		}
	}
	if err := b.SaveCreditNote(f.ctx, &n.note); err != nil {
		return err
	}
	n.note.Applied = 0
	_, applied, err := b.ApplyCreditNote(f.ctx, n.note)
	if err != nil {
		return err
	}
	if applied > 0 {
		f.res.Summary.CreditNotesApplied++
	}
	return nil
}

// applyHeld applies the credit notes of earlier imports still open to the
// invoices now open (the credit model: held credit meets later invoices).
func (f *fecRun) applyHeld(b *store.Batch, mine map[string]bool) error {
	held, err := b.OpenCreditNotes(f.ctx)
	if err != nil {
		return err
	}
	for _, n := range held {
		if mine[n.Number] {
			continue
		}
		_, applied, err := b.ApplyCreditNote(f.ctx, n)
		if err != nil {
			return err
		}
		if applied > 0 {
			f.res.Summary.CreditNotesApplied++
		}
	}
	return nil
}

// summarize fills what the import changed: invoices now paid, balances
// moved, open credit, overdue after.
func (f *fecRun) summarize(b *store.Batch, before map[string]store.ExistingInvoice) error {
	sum := &f.res.Summary
	after, err := b.ExistingInvoices(f.ctx)
	if err != nil {
		return err
	}
	for num, o := range before {
		a, ok := after[num]
		if !ok || a.Paid == o.Paid {
			continue
		}
		sum.BalancesMoved++
		if o.Paid < o.Total.Minor && a.Paid >= a.Total.Minor {
			sum.NowPaid++
		}
	}
	open, err := b.OpenCreditNotes(f.ctx)
	if err != nil {
		return err
	}
	perCur := map[ledger.Currency]int64{}
	var order []ledger.Currency
	for _, n := range open {
		if _, ok := perCur[n.Amount.Currency]; !ok {
			order = append(order, n.Amount.Currency)
		}
		perCur[n.Amount.Currency] += n.Open().Minor
	}
	for _, c := range order {
		sum.CreditHeld = append(sum.CreditHeld, ledger.Money{Minor: perCur[c], Currency: c})
	}
	sum.OverdueAfter, err = b.OverdueTotals(f.ctx, f.opts.Today)
	return err
}
