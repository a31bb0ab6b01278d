package letters

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// BatchLetter is one letter of a print batch.
type BatchLetter struct {
	CustomerCode string
	Name         string
	Postcode     string
	City         string
	Kind         ledger.LetterKind
	Pages        int
	FirstPage    int  // in the batch, 1-based
	FromEmail    bool // an emailed letter refused for good, printed instead
	// LetterID is the letter's row in the history once recorded (0 for a
	// batch not recorded): the ID `letter tracking` takes.
	LetterID   int64
	Registered bool // goes by registered post with acknowledgement of receipt
}

// BatchProblem is a letter left out of a batch, and why.
type BatchProblem struct {
	CustomerCode string
	Reason       error
}

// Batch is a print run: one document for the printer.
type Batch struct {
	AsOf     ledger.Date
	Parts    []render.Part // for render.JoinPDF
	Letters  []BatchLetter
	Problems []BatchProblem    // letters left out
	Warnings []OriginalProblem // originals replaced by generated copies
	Notes    []i18n.Msg        // the letters' figure warnings (an invoice claiming no interest, and why)
	// Recorded: the letters are in the dunning history as sent by post on
	// the batch's date (PrintOptions.Record).
	Recorded bool
	// PaidMeanwhile are invoices dropped by the check made when recording:
	// paid since the plan was made.
	PaidMeanwhile []dunning.Skipped

	items []batchItem // the letters, for BatchPDF to make one again
	// posted: MarkPosted recorded this batch (it is not recorded twice).
	posted bool
}

// Pages counts the batch's pages, cover and blank backs included.
func (b *Batch) Pages() int { return render.PageCount(b.Parts) }

// PrintOptions choose a print run.
type PrintOptions struct {
	AsOf      ledger.Date
	FoldMarks bool
	// Record writes the batch's letters into the dunning history, after
	// checking the plan again in the same transaction, so the ladder moves
	// on and the next batch does not print them again.
	Record bool
	// Only, when set, restricts the plan's letters to these customers.
	Only map[string]bool
	// Registered lists the kinds of letter that go by registered post
	// with acknowledgement of receipt: they say so, and are recorded as
	// registered, for the owner to enter their tracking numbers.
	Registered map[ledger.LetterKind]bool
}

// PrintBatch lays out every postal letter the plan calls for on the day,
// in one document for the printer: a cover page listing them, then each
// letter with its invoices (originals on file, generated copies
// otherwise), starting on an odd page (duplex printing: a letter never
// begins on the back of the previous one), sorted by postcode. A letter
// that cannot be made (an address that does not fit its window) is left
// out whole, never clipped, reported with its reason, and not recorded.
//
// deliver receives the batch (to write the file, send it to the printer).
// With o.Record it runs inside the transaction that records the letters:
// if it fails, nothing is recorded, so a batch is in the history exactly
// when it was delivered.
func (s *Service) PrintBatch(ctx context.Context, o PrintOptions, deliver func(*Batch) error) (*Batch, error) {
	plan, err := s.Plan(ctx, o.AsOf)
	if err != nil {
		return nil, err
	}
	var problems []BatchProblem
	var items []batchItem
	var made []dunning.Action
	for _, a := range plan.Actions {
		if a.Channel != "postal" || (o.Only != nil && !o.Only[a.CustomerCode]) {
			continue
		}
		it, err := s.batchItem(ctx, a, o)
		var ue *core.UserError
		if errors.As(err, &ue) {
			problems = append(problems, BatchProblem{CustomerCode: a.CustomerCode, Reason: err})
			continue
		}
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		made = append(made, a)
	}
	// Emailed letters refused for good, offered for print: made again
	// for the invoices still unpaid (already in the history: not recorded
	// again, only marked printed).
	offers, err := s.St.PostalOffers(ctx, o.AsOf.String())
	if err != nil {
		return nil, err
	}
	var offerItems []batchItem
	for i, of := range offers {
		if len(of.Invoices) == 0 {
			continue
		}
		it, err := s.batchItem(ctx, dunning.Action{Kind: of.Kind, CustomerCode: of.CustomerCode, Invoices: invoiceRefs(of.Invoices)}, o)
		var ue *core.UserError
		if errors.As(err, &ue) {
			problems = append(problems, BatchProblem{CustomerCode: of.CustomerCode, Reason: err})
			continue
		}
		if err != nil {
			return nil, err
		}
		// Its ID is the emailed letter's: printed, it went by post after
		// all, and its tracking number is entered against that ID.
		it.info.FromEmail, it.info.LetterID = true, of.LetterID
		it.offer = &offers[i]
		offerItems = append(offerItems, it)
	}
	markOffers := func(b *store.Batch) error {
		for _, of := range offers {
			state := "printed"
			if len(of.Invoices) == 0 {
				state = "" // paid since: no longer offered
			}
			if err := b.SetPostal(ctx, of.OutboxID, state); err != nil {
				return err
			}
		}
		return nil
	}
	if !o.Record || len(made)+len(offers) == 0 {
		items = append(items, offerItems...)
		b, err := s.assemble(ctx, o.AsOf, items)
		if err != nil {
			return nil, err
		}
		b.Problems = problems
		if deliver != nil {
			err = deliver(b)
		}
		return b, err
	}
	var b *Batch
	_, _, err = s.Confirm(ctx, o.AsOf, made, nil, "print", func(sb *store.Batch, confirmed dunning.Plan, ids []int64, paid []dunning.Skipped) error {
		// The letters are made again from what is recorded: an invoice
		// paid meanwhile is gone from its letter, and a letter left with
		// none is not printed.
		items = items[:0]
		var registered []int64
		for i, a := range confirmed.Actions {
			it, err := s.batchItem(ctx, a, o)
			if err != nil {
				return fmt.Errorf("letter to %s: %w", a.CustomerCode, err)
			}
			it.info.LetterID = ids[i]
			if it.info.Registered {
				registered = append(registered, ids[i])
			}
			items = append(items, it)
		}
		for _, it := range offerItems {
			if it.info.Registered && it.info.LetterID != 0 {
				registered = append(registered, it.info.LetterID)
			}
		}
		if err := sb.SetLettersRegistered(ctx, registered); err != nil {
			return err
		}
		items = append(items, offerItems...)
		if err := markOffers(sb); err != nil {
			return err
		}
		var err error
		if b, err = s.assemble(ctx, o.AsOf, items); err != nil {
			return err
		}
		b.Problems, b.Recorded, b.PaidMeanwhile = problems, true, paid
		if deliver != nil {
			return deliver(b)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

type batchItem struct {
	info BatchLetter
	doc  *LetterDoc
	// What the letter was made of, for MarkPosted to record it: the
	// plan's letter, or the emailed letter it prints again (offer).
	action dunning.Action
	offer  *store.PostalOffer
}

func (s *Service) batchItem(ctx context.Context, a dunning.Action, o PrintOptions) (batchItem, error) {
	var nos []string
	for _, inv := range a.Invoices {
		nos = append(nos, inv.Number)
	}
	reg := o.Registered[a.Kind]
	doc, err := s.Letter(ctx, LetterOptions{Kind: a.Kind, InvoiceNos: nos, AsOf: o.AsOf, FoldMarks: o.FoldMarks, WithCopies: true, Registered: reg,
		Variant: VariantOption(a.Variant)})
	if err != nil {
		return batchItem{}, err
	}
	cust, err := s.St.CustomerByCode(ctx, a.CustomerCode)
	if err != nil {
		return batchItem{}, err
	}
	return batchItem{BatchLetter{CustomerCode: a.CustomerCode, Name: cust.Name, Postcode: cust.Postcode, City: cust.City,
		Kind: a.Kind, Pages: doc.Pages(), Registered: reg}, doc, a, nil}, nil
}

// assemble puts the letters in postcode order behind a cover page that
// lists them, each starting on an odd page.
func (s *Service) assemble(ctx context.Context, asOf ledger.Date, items []batchItem) (*Batch, error) {
	b := &Batch{AsOf: asOf, items: items}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].info.Postcode != items[j].info.Postcode {
			return items[i].info.Postcode < items[j].info.Postcode
		}
		return items[i].info.CustomerCode < items[j].info.CustomerCode
	})
	co, err := s.St.Company(ctx)
	if err != nil {
		return nil, err
	}
	w, h := 210.0, 297.0
	if co.PaperSize == ledger.PaperLetter {
		w, h = 215.9, 279.4
	}
	l := i18n.Lang(co.Language)
	for _, it := range items {
		b.Letters = append(b.Letters, it.info)
		b.Warnings = append(b.Warnings, it.doc.Warnings...)
		b.Notes = append(b.Notes, it.doc.Request.Notes...)
	}
	// The cover lists the letters; the page numbers need the cover's own
	// length first, so it is laid out twice.
	// A recorded batch's cover gives each letter's ID, the number the owner
	// enters a registered letter's tracking number against, and marks the
	// registered ones.
	withIDs := false
	for _, it := range items {
		withIDs = withIDs || it.info.LetterID != 0
	}
	cover := func(list []BatchLetter) *render.Layout {
		rows := [][]string{}
		for i, b := range list {
			kind := KindName(l, b.Kind)
			if b.Registered {
				kind = i18n.T(l, "print.registered_kind", kind)
			}
			row := []string{strconv.Itoa(i + 1), b.CustomerCode, b.Name, strings.TrimSpace(b.Postcode + " " + b.City), kind,
				strconv.Itoa(b.FirstPage), strconv.Itoa(b.Pages)}
			if withIDs {
				id := "" // a letter not recorded yet (Mark as posted gives it one)
				if b.LetterID != 0 {
					id = strconv.FormatInt(b.LetterID, 10)
				}
				row = append(row[:1], append([]string{id}, row[1:]...)...)
			}
			rows = append(rows, row)
		}
		head := []string{"#", i18n.T(l, "print.col_customer"), i18n.T(l, "print.col_name"), i18n.T(l, "print.col_town"),
			i18n.T(l, "print.col_kind"), i18n.T(l, "print.col_page"), i18n.T(l, "print.col_pages")}
		if withIDs {
			head = append(head[:1], append([]string{i18n.T(l, "print.col_letter")}, head[1:]...)...)
		}
		return render.Cover(w, h, i18n.T(l, "print.cover_title", letter.FormatDate(co.Language, asOf), len(list)), head, rows)
	}
	coverPages := len(cover(b.Letters).Pages)
	page := coverPages + coverPages%2 // letters start on an odd page
	for i := range b.Letters {
		b.Letters[i].FirstPage = page + 1
		page += b.Letters[i].Pages + b.Letters[i].Pages%2
	}
	blank := render.Page{W: w * 72 / 25.4, H: h * 72 / 25.4}
	b.Parts = append(b.Parts, render.Part{Pages: cover(b.Letters).Pages})
	n := coverPages
	pad := func() {
		if n%2 == 1 {
			b.Parts = append(b.Parts, render.Part{Pages: []render.Page{blank}})
			n++
		}
	}
	pad()
	for _, it := range items {
		b.Parts = append(b.Parts, it.doc.Parts()...)
		n += it.info.Pages
		pad()
	}
	return b, nil
}

// BatchPDF writes the batch as one PDF. If joining fails, the letters whose
// originals cannot be joined get generated copies instead (LetterDoc.PDF
// finds them), the batch is laid out again (its cover's page numbers
// change) with those warnings, and joined again: one bad original never
// stops the other customers' letters.
func (s *Service) BatchPDF(ctx context.Context, b *Batch, title string) ([]byte, error) {
	pdf, err := JoinPDF(b.Parts, title)
	if err == nil {
		return pdf, nil
	}
	replaced := false
	for i := range b.items {
		doc := b.items[i].doc
		if !doc.hasOriginals() {
			continue
		}
		warned := len(doc.Warnings)
		if _, err := doc.PDF(); err != nil {
			return nil, fmt.Errorf("letter to %s: %w", b.items[i].info.CustomerCode, err)
		}
		b.items[i].info.Pages = doc.Pages()
		replaced = replaced || len(doc.Warnings) > warned
	}
	if !replaced {
		return nil, err // no letter fails alone: not an original's fault
	}
	nb, err := s.assemble(ctx, b.AsOf, b.items)
	if err != nil {
		return nil, err
	}
	b.Parts, b.Letters, b.Warnings, b.Notes, b.items = nb.Parts, nb.Letters, nb.Warnings, nb.Notes, nb.items
	return JoinPDF(b.Parts, title)
}

// KindName is a letter kind in words, in l ("First reminder", never
// reminder-1): the cover sheet, the GUI's lists and dialogs.
func KindName(l i18n.Lang, k ledger.LetterKind) string {
	key := "kind." + string(k)
	if w := i18n.T(l, key); w != key {
		return w
	}
	return string(k) // a kind of a newer ledger: its code rather than nothing
}

func invoiceRefs(numbers []string) []dunning.ActionInvoice {
	out := make([]dunning.ActionInvoice, len(numbers))
	for i, n := range numbers {
		out[i].Number = n
	}
	return out
}
