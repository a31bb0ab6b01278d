package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// ApplySuggestion carries out, once the owner has confirmed it, the n-th
// action suggested by a reply (from 1, as `responses` lists them): a
// promise to pay recorded for the letter's unpaid invoices, a dispute
// opened on them, a payment recorded for their balance on the date given,
// a new email address added to the customer, or a paperless consent or
// refusal recorded with the reply as evidence. It says what it did.
func (s *Service) ApplySuggestion(ctx context.Context, responseID int64, n int) (i18n.Msg, error) {
	r, err := s.St.Response(ctx, responseID)
	if errors.Is(err, store.ErrNotFound) {
		return i18n.Msg{}, core.UserErr("inbox.no_such", responseID)
	}
	if err != nil {
		return i18n.Msg{}, err
	}
	var sg []suggestionJSON
	if err := json.Unmarshal([]byte(r.Suggestions), &sg); err != nil || n < 1 || n > len(sg) {
		return i18n.Msg{}, core.UserErr("inbox.no_suggestion", responseID, n)
	}
	if r.CustomerID == 0 {
		return i18n.Msg{}, core.UserErr("inbox.no_customer", responseID)
	}
	if r.Trust == store.TrustUnknownSender {
		// An invoice number proves nothing about who wrote: the owner
		// confirms the sender before anything changes the ledger.
		return i18n.Msg{}, core.UserErr("inbox.confirm_sender_first", r.From, r.CustomerCode, responseID)
	}
	x := sg[n-1]
	letterID := int64(0)
	if r.OutboxID != 0 {
		if letterID, err = s.St.OutboxLetter(ctx, r.OutboxID); err != nil {
			return i18n.Msg{}, err
		}
	}
	today := s.Today()
	invoices, err := s.St.UnpaidInvoicesOf(ctx, letterID, r.CustomerID, today.String())
	if err != nil {
		return i18n.Msg{}, err
	}
	date := today
	if x.Date != "" {
		if date, err = ledger.ParseISODate(x.Date); err != nil {
			return i18n.Msg{}, err
		}
	}
	source := fmt.Sprintf("reply %d", r.ID)
	switch x.Kind {
	case "promise":
		if len(invoices) == 0 {
			return i18n.Msg{}, core.UserErr("inbox.nothing_unpaid", r.CustomerCode)
		}
		if x.Date == "" {
			return i18n.Msg{}, core.UserErr("inbox.promise_no_date")
		}
		for _, inv := range invoices {
			if _, err := s.AddPromise(ctx, inv, date, 0, source, 0); err != nil {
				return i18n.Msg{}, err
			}
		}
		return i18n.M("inbox.applied_promise", date.String(), strings.Join(invoices, ", ")), nil
	case "dispute":
		if len(invoices) == 0 {
			return i18n.Msg{}, core.UserErr("inbox.nothing_unpaid", r.CustomerCode)
		}
		for _, inv := range invoices {
			if err := s.OpenDispute(ctx, inv, x.Evidence, 0); err != nil {
				return i18n.Msg{}, err
			}
		}
		return i18n.M("inbox.applied_dispute", strings.Join(invoices, ", ")), nil
	case "paid":
		if len(invoices) == 0 {
			return i18n.Msg{}, core.UserErr("inbox.nothing_unpaid", r.CustomerCode)
		}
		if date.After(today) {
			return i18n.Msg{}, core.UserErr("inbox.paid_future", date.String())
		}
		err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
			for _, num := range invoices {
				inv, err := b.InvoiceByNumber(ctx, num)
				if errors.Is(err, store.ErrNotFound) {
					return nil
				}
				if err != nil {
					return err
				}
				pays, err := b.PaymentsOf(ctx, inv.ID)
				if err != nil {
					return err
				}
				balance := inv.Total.Minor
				for _, p := range pays {
					balance -= p.Amount
				}
				if balance <= 0 {
					continue
				}
				if err := b.SavePayment(ctx, &ledger.Payment{InvoiceID: inv.ID, InvoiceNumber: num, Date: date, Amount: balance,
					Method: "reported", Reference: source}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return i18n.Msg{}, err
		}
		return i18n.M("inbox.applied_paid", date.String(), strings.Join(invoices, ", ")), nil
	case "consent":
		return s.ConsentFromReply(ctx, r, ledger.ConsentGranted)
	case "refusal":
		return s.ConsentFromReply(ctx, r, ledger.ConsentRefused)
	case "contact":
		addr := strings.ToLower(strings.TrimSpace(x.Value))
		if !mail.ValidAddress(addr) {
			return i18n.Msg{}, core.UserErr("inbox.contact_manual", x.Value)
		}
		c, err := s.St.CustomerByCode(ctx, r.CustomerCode)
		if err != nil {
			return i18n.Msg{}, err
		}
		for _, e := range c.Emails {
			if strings.EqualFold(e, addr) {
				return i18n.M("inbox.applied_email_known", addr), nil
			}
		}
		c.Emails = append([]string{addr}, c.Emails...)
		if _, err := s.St.SaveCustomer(ctx, c); err != nil {
			return i18n.Msg{}, err
		}
		if _, err := s.St.UnflagAddress(ctx, addr); err != nil {
			return i18n.Msg{}, err
		}
		return i18n.M("inbox.applied_email", addr), nil
	}
	return i18n.Msg{}, core.UserErr("inbox.apply_manual", x.Kind)
}

// Responses lists what the owner's correspondents sent.
func (s *Service) Responses(ctx context.Context, f store.ResponseFilter) ([]store.Inbound, error) {
	return s.St.Responses(ctx, f)
}

// ReviewResponse marks a message reviewed: a reply no longer pauses its
// customer's ladder.
func (s *Service) ReviewResponse(ctx context.Context, id int64) error {
	err := s.St.ReviewResponse(ctx, id, s.Now())
	if err == store.ErrNotFound {
		return core.UserErr("inbox.no_such", id)
	}
	return err
}
