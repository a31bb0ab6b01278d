package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The print dialog, from the Dunning run's batch and from the Send
// reminder dialog's Print.
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
		}})
}
