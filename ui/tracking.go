package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// Registered letters' tracking numbers (issue 18's decision: entered at
// Mark as posted, and with `relancectl letter tracking`): after Mark as
// posted, the letters just recorded are listed each with an entry for the
// post's number; later, a customer's page lists the letters that went by
// post. The service checks each number (an S10 number's check digit) and
// says what is wrong in words, under the letter it is about; those saved
// show in the timeline and are cited by the next letters.

// TrackingDialog is the dialog of tracking numbers (exposed for tests).
type TrackingDialog struct {
	Intro *widget.Label
	Rows  []*TrackingRow
	Save  *widget.Button
	Close *widget.Button
	d     *dialog.CustomDialog
}

// TrackingRow is one letter and its number.
type TrackingRow struct {
	LetterID int64
	Number   *widget.Entry
	Result   *widget.Label // saved, or why not
	saved    string        // the number the ledger holds
}

// trackLetter is a letter offered for a tracking number.
type trackLetter struct {
	id       int64
	code     string
	name     string
	kind     ledger.LetterKind
	date     ledger.Date
	tracking string // the number already recorded
}

// trackingRowsShown: more letters scroll (a batch of fifty), so the
// dialog stays within a 720-pixel window.
const trackingRowsShown = 4

// postedDialog says what Mark as posted recorded and offers the letters
// recorded for their tracking numbers; without any (all left out), the
// plain message.
func (u *UI) postedDialog(p *app.Posted) {
	var list []trackLetter
	for _, b := range p.Recorded {
		if b.LetterID != 0 {
			list = append(list, trackLetter{id: b.LetterID, code: b.CustomerCode, name: b.Name, kind: b.Kind, date: p.AsOf})
		}
	}
	if len(list) == 0 {
		u.info(u.t("ui.mark_posted"), u.postedText(p))
		return
	}
	u.trackingDialog(u.t("ui.mark_posted"), u.postedText(p)+"\n\n"+u.t("ui.tracking_hint"), list)
}

// customerTracking opens the tracking numbers of a customer's letters that
// went by post (the customer's page), read off the UI goroutine.
func (u *UI) customerTracking(code string, after func()) {
	var recs []app.LetterRecord
	u.load(func(ctx context.Context) error {
		var err error
		recs, err = u.svc.LetterRecords(ctx, app.LetterFilter{CustomerCode: code})
		return err
	}, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		var list []trackLetter
		for _, r := range recs {
			// What SetLetterTracking takes: a letter (not a task) that
			// went by post, an email printed instead included.
			if r.Level >= 4 || (r.Channel == ledger.ChannelEmail && !r.Printed) {
				continue
			}
			list = append(list, trackLetter{id: r.ID, code: r.CustomerCode, name: r.CustomerName, kind: r.Kind, date: r.Date, tracking: r.Tracking})
		}
		if len(list) == 0 {
			u.info(u.t("ui.tracking_title"), u.t("ui.tracking_no_postal"))
			return
		}
		t := u.trackingDialog(u.t("ui.tracking_title"), u.t("ui.tracking_hint"), list)
		t.after = after
	})
}

// trackingDialog lists the letters, each with its entry.
func (u *UI) trackingDialog(title, intro string, list []trackLetter) *trackingOpen {
	t := &TrackingDialog{}
	t.Intro = widget.NewLabel(intro)
	t.Intro.Wrapping = fyne.TextWrapWord
	rows := container.NewVBox()
	for _, l := range list {
		r := &TrackingRow{LetterID: l.id, saved: l.tracking}
		head := widget.NewLabel(u.t("ui.tracking_letter", l.id, l.code, l.name, app.KindName(u.lang, l.kind), u.date(l.date)))
		head.Wrapping = fyne.TextWrapWord
		r.Number = widget.NewEntry()
		r.Number.SetPlaceHolder(u.t("ui.tracking_placeholder"))
		r.Number.SetText(l.tracking)
		r.Result = widget.NewLabel("")
		r.Result.Wrapping = fyne.TextWrapWord
		r.Result.Hide()
		t.Rows = append(t.Rows, r)
		rows.Add(container.NewVBox(head, r.Number, r.Result))
	}
	open := &trackingOpen{TrackingDialog: t}
	scroll := container.NewVScroll(rows)
	// A short list gets room for each row's result line too: it is hidden
	// until Save, and the scroll does not grow after the dialog is shown,
	// so "Saved: tracking no. …" would fall below the visible part.
	result := widget.NewLabel("x").MinSize().Height + theme.Padding()
	if len(list) > trackingRowsShown {
		// Many letters scroll anyway: the results are reached with them.
		one := rows.Objects[0].MinSize().Height + theme.Padding()
		scroll.SetMinSize(fyne.NewSize(0, one*trackingRowsShown))
	} else {
		scroll.SetMinSize(fyne.NewSize(0, rows.MinSize().Height+result*float32(len(list))))
	}
	t.Save = widget.NewButton(u.t("ui.tracking_save"), func() { u.saveTracking(open) })
	t.Save.Importance = widget.HighImportance
	t.Close = widget.NewButton(u.t("ui.print_done_close"), func() {
		t.d.Hide()
		if open.after != nil && open.changed {
			open.after()
		}
	})
	body := container.NewBorder(t.Intro, container.NewHBox(t.Save, t.Close), nil, nil, scroll)
	t.d = dialog.NewCustomWithoutButtons(title, body, u.Win)
	t.d.Show()
	t.d.Resize(fyne.NewSize(printDialogWidth, 0))
	u.lastTracking = t
	return open
}

// trackingOpen is a tracking dialog and what to do once a number is saved
// (the customer's page shown again, its timeline with the number).
type trackingOpen struct {
	*TrackingDialog
	after   func()
	changed bool
}

// saveTracking records the numbers typed or changed, each through the
// service's check, off the UI goroutine; each row says what became of it.
func (u *UI) saveTracking(t *trackingOpen) {
	type job struct {
		row    *TrackingRow
		number string
	}
	var jobs []job
	for _, r := range t.Rows {
		n := strings.TrimSpace(r.Number.Text)
		if n == "" || n == r.saved {
			continue
		}
		jobs = append(jobs, job{r, n})
	}
	if len(jobs) == 0 {
		return
	}
	saved := make([]app.LetterRecord, len(jobs))
	errs := make([]error, len(jobs))
	t.Save.Disable()
	u.load(func(ctx context.Context) error {
		for i, j := range jobs {
			saved[i], errs[i] = u.svc.SetLetterTracking(ctx, j.row.LetterID, j.number)
		}
		return nil
	}, func(error) {
		t.Save.Enable()
		for i, j := range jobs {
			r := j.row
			if errs[i] != nil {
				r.Result.Importance = widget.DangerImportance
				r.Result.SetText(u.errText(errs[i]))
			} else {
				r.saved = saved[i].Tracking
				r.Number.SetText(saved[i].Tracking)
				r.Result.Importance = widget.SuccessImportance
				r.Result.SetText(u.t("ui.tracking_saved", saved[i].Tracking))
				t.changed = true
			}
			r.Result.Show()
		}
		t.d.Resize(fyne.NewSize(printDialogWidth, 0))
	})
}
