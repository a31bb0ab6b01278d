package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// BankView is the Bank screen: a statement imported (checked first, or
// at once), what it did, and the credits to review, each confirmed in one
// click, given the invoice picked, or ignored.
type BankView struct {
	Path      *ShortcutEntry
	Account   *ShortcutEntry // for files that carry none, or to confirm one
	Check     *widget.Button
	Import    *widget.Button
	Status    *widget.Label
	List      *fyne.Container // the credits to review, once read
	Proposals []app.BankProposal
	// Per proposal shown: the invoice picked, and its buttons.
	Pick    []*widget.SelectEntry
	Confirm []*widget.Button
	Ignore  []*widget.Button
	Result  app.BankImportResult
	list    *fyne.Container
	confirm dialog.Dialog // the account's confirmation, while asked
}

func (u *UI) bankScreen() fyne.CanvasObject {
	v := &BankView{}
	u.bank = v
	v.Path = u.newEntry()
	v.Path.SetPlaceHolder(u.t("ui.bank_file_hint"))
	v.Account = u.newEntry()
	v.Account.SetPlaceHolder(u.t("ui.bank_account_hint"))
	browse := widget.NewButton(u.t("ui.browse"), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			v.Path.SetText(r.URI().Path())
		}, u.Win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".xml", ".053", ".052", ".054", ".ofx", ".qfx", ".csv", ".txt"}))
		d.Show()
	})
	v.Check = widget.NewButton(u.t("ui.import_check"), func() { u.importBank(v, true) })
	v.Import = widget.NewButton(u.t("ui.import_do"), func() { u.importBank(v, false) })
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.list = container.NewStack()
	u.loadProposals(v)
	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.bank_file")), browse, v.Path),
		container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.bank_account")), nil, v.Account),
		container.NewHBox(v.Check, v.Import), v.Status,
		widget.NewSeparator(), widget.NewLabelWithStyle(u.t("ui.bank_to_review"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(v.list))
}

// loadProposals reads the credits to review and shows them.
func (u *UI) loadProposals(v *BankView) {
	v.list.Objects = []fyne.CanvasObject{u.later(func(ctx context.Context) (func() fyne.CanvasObject, error) {
		ps, err := u.svc.BankProposals(ctx)
		if err != nil {
			return nil, err
		}
		return func() fyne.CanvasObject { return u.proposalList(v, ps) }, nil
	})}
	v.list.Refresh()
}

// proposalList builds the credits to review: what the bank says, what
// Relance suggests, the invoice to pick (the suggested one first) and the
// two buttons.
func (u *UI) proposalList(v *BankView, ps []app.BankProposal) fyne.CanvasObject {
	v.Proposals, v.Pick, v.Confirm, v.Ignore = ps, nil, nil, nil
	v.List = container.NewVBox()
	if len(ps) == 0 {
		v.List.Add(widget.NewLabel(u.t("ui.bank_none")))
		return v.List
	}
	for _, p := range ps {
		e := p.Entry
		head := widget.NewLabelWithStyle(u.t("ui.bank_entry", u.date(e.BookingDate), u.amount(e.Amount), e.PartyName),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		text := widget.NewLabel(strings.TrimSpace(e.StructuredRef + " " + e.Text))
		text.Wrapping = fyne.TextWrapWord
		var why []string
		for _, s := range p.Suggestions {
			inv := s.InvoiceNumber
			if inv == "" {
				inv = u.t("ui.bank_any_invoice")
			}
			why = append(why, u.t("ui.bank_suggestion", s.CustomerCode, s.CustomerName, inv, app.BankReason(u.lang, s.Reason)))
		}
		if len(why) == 0 {
			why = append(why, u.t("ui.bank_names_no_one"))
		}
		suggestion := widget.NewLabel(strings.Join(why, "\n"))
		pick := widget.NewSelectEntry(p.Choices)
		pick.SetPlaceHolder(u.t("ui.bank_pick"))
		if len(p.Suggestions) > 0 && p.Suggestions[0].InvoiceNumber != "" {
			pick.SetText(p.Suggestions[0].InvoiceNumber)
		}
		id := e.ID
		confirm := widget.NewButton(u.t("ui.bank_confirm"), nil)
		confirm.Importance = widget.HighImportance
		confirm.OnTapped = func() { u.applyProposal(v, id, strings.TrimSpace(pick.Text)) }
		ignore := widget.NewButton(u.t("ui.bank_ignore"), func() { u.ignoreProposal(v, id) })
		v.Pick, v.Confirm, v.Ignore = append(v.Pick, pick), append(v.Confirm, confirm), append(v.Ignore, ignore)
		row := container.NewBorder(nil, nil, nil, container.NewHBox(confirm, ignore), pick)
		v.List.Add(container.NewVBox(head, text, suggestion, row, widget.NewSeparator()))
	}
	return v.List
}

// applyProposal applies a credit to the invoice picked (none: what it
// suggests) and reads the list again.
func (u *UI) applyProposal(v *BankView, id int64, invoice string) {
	invoices := strings.FieldsFunc(invoice, func(r rune) bool { return r == ',' || r == ' ' })
	var ap app.BankApplied
	u.write(func(ctx context.Context) error {
		var err error
		ap, err = u.svc.ApplyBankProposal(ctx, id, invoices)
		return err
	}, func() {
		var parts []string
		for _, p := range ap.Paid {
			parts = append(parts, u.t("ui.bank_paid", p.Invoice, u.amount(p.Amount)))
		}
		if ap.Credit.Minor > 0 {
			parts = append(parts, u.t("ui.bank_credit", u.amount(ap.Credit), ap.CustomerCode))
		}
		v.Status.SetText(strings.Join(parts, " "))
		u.loadProposals(v)
	})
}

func (u *UI) ignoreProposal(v *BankView, id int64) {
	u.write(func(ctx context.Context) error { return u.svc.IgnoreBankProposal(ctx, id) }, func() {
		v.Status.SetText(u.t("ui.bank_ignored"))
		u.loadProposals(v)
	})
}

// importBank imports the statement (or checks it: a dry run) with
// progress. A statement of an account not known yet (or of a company with
// no IBAN) asks once whether the account is the company's; confirmed, the
// import runs again with it.
func (u *UI) importBank(v *BankView, dry bool) {
	path := strings.TrimSpace(v.Path.Text)
	if path == "" {
		v.Status.SetText(u.t("ui.bank_file_hint"))
		return
	}
	req := app.BankImportRequest{DryRun: dry, Account: strings.TrimSpace(v.Account.Text)}
	var res app.BankImportResult
	u.task(u.t("ui.importing"), func(ctx context.Context, progress func(int, int)) error {
		req.Progress = progress
		var err error
		res, err = u.svc.ImportBankFile(ctx, path, req)
		return err
	}, func(err error) {
		var ue *app.UserError
		if errors.As(err, &ue) && req.Account == "" {
			switch ue.Msg.Key {
			case "bank.confirm_account", "bank.unknown_account":
				u.confirmAccount(v, ue.Msg, fmt.Sprint(ue.Msg.Args[1]), dry) // the file's account
				return
			case "bank.no_account":
				u.confirmAccount(v, ue.Msg, "", dry)
				return
			}
		}
		if err != nil {
			v.Status.SetText(u.errText(err))
			return
		}
		v.Result = res
		v.Status.SetText(app.BankImportSummary(u.lang, res))
		u.loadProposals(v)
	})
}

// confirmAccount asks whether the statement's account is the company's
// (prefilled with the file's, when it gives one); confirmed, the import
// runs again with it, and the account is listed from then on.
func (u *UI) confirmAccount(v *BankView, why i18n.Msg, account string, dry bool) {
	entry := widget.NewEntry()
	entry.SetText(account)
	note := widget.NewLabel(why.In(u.lang))
	note.Wrapping = fyne.TextWrapWord
	d := dialog.NewForm(u.t("ui.bank_confirm_account"), u.t("ui.bank_confirm_account_yes"), u.t("ui.cancel"),
		[]*widget.FormItem{widget.NewFormItem("", note), widget.NewFormItem(u.t("ui.bank_account"), entry)}, func(ok bool) {
			if !ok || strings.TrimSpace(entry.Text) == "" {
				v.Status.SetText(why.In(u.lang))
				return
			}
			v.Account.SetText(strings.TrimSpace(entry.Text))
			u.importBank(v, dry)
		}, u.Win)
	d.Resize(fyne.NewSize(560, 260))
	v.confirm = d
	d.Show()
}

func (u *UI) amount(m ledger.Money) string { return u.money(m.Minor, m.Currency) }
