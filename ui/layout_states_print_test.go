package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The print dialog, from the Dunning run's batch and from the Send
// reminder dialog's Print; the tracking numbers asked after Mark as
// posted (six letters: more than the dialog shows without scrolling).
func init() {
	layoutStates = append(layoutStates,
		layoutState{name: "print-batch", screen: ScreenRun, open: func(t *testing.T, u *UI) func() {
			u.lastPrintDialog = nil
			test.Tap(u.run.PrintAll)
			u.Wait()
			p := u.lastPrintDialog
			if p == nil {
				t.Fatal("the Dunning run's Print opened no dialog")
			}
			return func() { p.d.Hide() }
		}},
		layoutState{name: "posted-tracking", screen: ScreenRun, open: func(t *testing.T, u *UI) func() {
			u.lastTracking = nil
			posted := &app.Posted{AsOf: u.today()}
			kinds := []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand}
			for i := 1; i <= 6; i++ {
				posted.Recorded = append(posted.Recorded, app.BatchLetter{LetterID: int64(10000 + i), CustomerCode: fmt.Sprintf("C%05d", i),
					Name: "Établissements Martin-Lefebvre et Associés SARL", Kind: kinds[i%3]})
			}
			posted.Dropped = []app.PostedDrop{{CustomerCode: "C00007", Reason: i18n.M("printing.posted_paid", "C00007", "F-2026-00123")}}
			u.postedDialog(posted)
			if u.lastTracking == nil {
				t.Fatal("Mark as posted's letters: no tracking dialog")
			}
			d := u.lastTracking
			return func() { d.d.Hide() }
		}})
}
