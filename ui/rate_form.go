package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// RateForm adds a reference rate as it is published (date, value,
// source): the same call as relancectl rates add (Service.AddRate), on
// Home beside a stale table and in Settings (exposed for tests).
type RateForm struct {
	Table              *widget.Select // the tables by name
	From, Rate, Source *widget.Entry
	Add                *widget.Button
	Error              *widget.Label
	ids                []dunning.RateID // by the select's index
}

// rateForm builds the form over tables (the first chosen); after runs on
// the UI goroutine once the rate is saved.
func (u *UI) rateForm(tables []*dunning.Table, after func()) (*RateForm, fyne.CanvasObject) {
	f := &RateForm{From: widget.NewEntry(), Rate: widget.NewEntry(), Source: widget.NewEntry(), Error: widget.NewLabel("")}
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name)
		f.ids = append(f.ids, tb.ID)
	}
	f.Table = widget.NewSelect(names, nil)
	if len(names) > 0 {
		f.Table.SetSelectedIndex(0)
	}
	f.From.SetPlaceHolder(u.t("ui.rate_from_hint"))
	f.Rate.SetPlaceHolder(u.t("ui.rate_value_hint"))
	f.Source.SetPlaceHolder(u.t("ui.rate_source_hint"))
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Importance = widget.DangerImportance
	f.Add = widget.NewButton(u.t("ui.rate_add"), func() {
		f.Error.SetText("")
		i := f.Table.SelectedIndex()
		if i < 0 {
			f.Error.SetText(u.t("ui.rate_pick_table"))
			return
		}
		d, err := parseOwnerDate(f.From.Text)
		if err != nil {
			f.Error.SetText(u.t("ui.rate_bad_date", f.From.Text))
			return
		}
		r, err := dunning.ParseRate(f.Rate.Text) // "2,15" as well as "2.15 %"
		if err != nil {
			f.Error.SetText(u.t("ui.rate_bad_value", f.Rate.Text))
			return
		}
		id, src := string(f.ids[i]), strings.TrimSpace(f.Source.Text)
		f.Add.Disable()
		u.load(func(ctx context.Context) error { return u.svc.AddRate(ctx, id, d, r, src) }, func(err error) {
			f.Add.Enable()
			if err != nil {
				f.Error.SetText(u.errText(err))
				return
			}
			if after != nil {
				after()
			}
		})
	})
	form := widget.NewForm(widget.NewFormItem(u.t("ui.rate_table"), f.Table), widget.NewFormItem(u.t("ui.rate_from"), f.From),
		widget.NewFormItem(u.t("ui.rate_value"), f.Rate), widget.NewFormItem(u.t("ui.rate_source"), f.Source))
	return f, container.NewVBox(form, container.NewHBox(f.Add), f.Error)
}

// staleText says that a table is out of date and what it means.
func (u *UI) staleText(tb *dunning.Table) string {
	last := tb.Last()
	return u.t("ui.rate_stale", tb.Name, u.date(tb.Checked), u.date(last.From), last.Rate.String())
}

// parseOwnerDate reads a date as the owner types it: 2027-01-01, or day
// first as in the four countries (1/7/2027, 1.7.2027, 01-07-2027).
func parseOwnerDate(s string) (ledger.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := ledger.ParseISODate(s); err == nil {
		return d, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) != 3 || len(parts[2]) != 4 {
		return 0, fmt.Errorf("not a date: %q", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return 0, fmt.Errorf("not a date: %q", s)
		}
		n[i] = v
	}
	return ledger.NewDate(n[2], n[1], n[0])
}
