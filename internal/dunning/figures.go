package dunning

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The figures of a letter are computed here and only here: the plan
// (makeAction), the letter itself (app.LetterRequest, used by the Send
// reminder dialog, the print batch and email) and `relancectl interest`
// all call LetterFigures, so what the owner is shown, what is printed and
// what the CLI says cannot differ.

// FigureInvoice is one invoice of a letter with its payments, the date of
// its formal notice in the letter history (NoticeFrom; zero if none) and
// of its first reminder (RemindedFrom: German law's Mahnung).
type FigureInvoice struct {
	Invoice  ledger.Invoice
	Payments []ledger.Payment // any order, any date: only those up to AsOf count
	// Credits name the payments of Source ledger.PaymentCredit among
	// Payments (which already lower the balance and the interest base):
	// only those counting from AsOf or before are kept.
	Credits  []Credit
	Notice   ledger.Date
	Reminded ledger.Date
}

// Credit is a credit note's part applied to an invoice, that is a payment
// of Source ledger.PaymentCredit, named so that a letter can list it under
// the invoice it lowers.
type Credit struct {
	Number string      // the credit note's number
	Date   ledger.Date // the credit note's date
	// From is the payment's date, from which the credit lowers the balance
	// and the interest base: the credit note's date, or the invoice's issue
	// for a credit older than the invoice.
	From   ledger.Date
	Amount int64 // minor units applied to this invoice
}

// FiguresInput is a letter on a date, or one invoice looked at on a date
// (Level 0, Charges set: `relancectl interest`).
type FiguresInput struct {
	AsOf ledger.Date
	// Level is the letter's level: a level-3 letter (final demand,
	// payment demand) is itself the formal notice for an invoice that has
	// none in its history.
	Level int
	// Charges: the letter claims interest and fixed compensation.
	Charges  bool
	Currency ledger.Currency // the letter's; compensation in another currency is left out, with a warning
	Debtor   Debtor
	Invoices []FigureInvoice
}

// InvoiceFigures is one invoice's figures in a letter.
type InvoiceFigures struct {
	Invoice   ledger.Invoice
	Paid      int64    // payments received up to AsOf (credits applied included)
	Principal int64    // the balance on AsOf (never below zero)
	Credits   []Credit // the credits applied up to AsOf, part of Paid
	// Undated: a payment up to AsOf came from an export that said how much
	// was paid but not when (ledger.Payment.Undated); it counts from the
	// invoice's issue, so interest runs only on what is still due, and the
	// letter says so.
	Undated bool
	Notice  ledger.Date // the formal notice the interest counted from, if any
	// Interest is the detail (segments, rates, basis); zero unless the
	// letter charges.
	Interest     Interest
	Compensation ledger.Money // the fixed compensation per debt, any currency
	// Err is why the interest could not be computed (also in the
	// warnings); a caller asking for this one invoice returns it.
	Err error
}

// Figures are a letter's amounts. Compensation counts only what is in the
// letter's currency.
type Figures struct {
	Currency     ledger.Currency
	Invoices     []InvoiceFigures
	Principal    int64
	Interest     int64
	Compensation int64
	TotalDue     int64
	Undated      bool // an invoice's Undated
	Warnings     []i18n.Msg
}

// isNotice says whether a letter in the history is a formal notice for the
// invoices it lists, as seen on asOf: a final demand (level 3) already
// sent. Letters dated after asOf do not exist yet for that date.
func isNotice(level int, date, asOf ledger.Date) bool {
	return level == 3 && date <= asOf
}

// isReminder says whether a letter in the history asked for payment of
// the invoices it lists, as seen on asOf: a reminder, final demand or
// payment demand (levels 1 to 3), sent after the due date. Under German
// law it is a Mahnung (§ 286 Abs. 1 BGB), which puts the debtor in Verzug.
func isReminder(level int, date, asOf ledger.Date) bool {
	return level >= 1 && level <= 3 && date <= asOf
}

// RemindedFrom gives, for each invoice a letter of the history listed, the
// date of its first reminder as seen on asOf.
func RemindedFrom(letters []SentLetter, asOf ledger.Date) map[int64]ledger.Date {
	out := map[int64]ledger.Date{}
	for _, l := range letters {
		if !isReminder(l.Level, l.Date, asOf) {
			continue
		}
		for id := range l.Invoices {
			if n, ok := out[id]; !ok || l.Date < n {
				out[id] = l.Date
			}
		}
	}
	return out
}

// NoticeFrom gives, for each invoice a letter of the history listed, the
// date of its first formal notice as seen on asOf.
func NoticeFrom(letters []SentLetter, asOf ledger.Date) map[int64]ledger.Date {
	out := map[int64]ledger.Date{}
	for _, l := range letters {
		if !isNotice(l.Level, l.Date, asOf) {
			continue
		}
		for id := range l.Invoices {
			if n, ok := out[id]; !ok || l.Date < n {
				out[id] = l.Date
			}
		}
	}
	return out
}

// LetterFigures computes a letter's figures. An invoice whose interest
// cannot be computed (a debt older than the rate tables, a currency the
// law sets no rate for) must not stop the letter: it claims no interest
// for that invoice, and a warning says so.
func LetterFigures(in FiguresInput, t *Tables) Figures {
	f := Figures{Currency: in.Currency}
	if len(in.Invoices) > 0 {
		// Sized once: grown by doubling, the copies of these large records
		// cost 40 ms of the plan of the 1M ledger (issue 13).
		f.Invoices = make([]InvoiceFigures, 0, len(in.Invoices))
	}
	for _, x := range in.Invoices {
		inv := x.Invoice
		var paid int64
		undated := false
		for _, p := range x.Payments {
			if p.Date <= in.AsOf {
				paid += p.Amount
				undated = undated || p.Undated
			}
		}
		fi := InvoiceFigures{Invoice: inv, Paid: paid, Principal: max(inv.Total.Minor-paid, 0), Undated: undated}
		for _, c := range x.Credits {
			if c.From <= in.AsOf {
				fi.Credits = append(fi.Credits, c)
			}
		}
		f.Principal += fi.Principal
		f.Undated = f.Undated || undated
		if in.Charges {
			fi.Notice = x.Notice
			if fi.Notice.IsZero() && in.Level == 3 {
				fi.Notice = in.AsOf // this letter is the formal notice
			}
			it, err := ComputeInterest(InterestInput{Invoice: inv, Payments: x.Payments, Debtor: in.Debtor, AsOf: in.AsOf, Notice: fi.Notice,
				Reminded: x.Reminded}, t)
			if err != nil {
				fi.Err = err
				f.Warnings = append(f.Warnings, i18n.M("plan.interest_unavailable", inv.Number, err.Error()))
				it = Interest{Currency: inv.Total.Currency, Principal: fi.Principal}
			}
			fi.Interest, fi.Compensation = it, it.Compensation
			f.Interest += it.Interest
			switch {
			case it.Compensation.Minor == 0:
			case it.Compensation.Currency == in.Currency:
				f.Compensation += it.Compensation.Minor
			default:
				f.Warnings = append(f.Warnings, i18n.M("plan.compensation_other_currency", inv.Number, it.Compensation.String()))
			}
			f.Warnings = append(f.Warnings, it.Warnings...)
		}
		f.Invoices = append(f.Invoices, fi)
	}
	f.TotalDue = f.Principal + f.Interest + f.Compensation
	return f
}
