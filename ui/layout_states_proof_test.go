package ui

import "testing"

// The Send proof… dialog (issue 19), from the templates screen with the
// customer chosen there offered.
func init() {
	layoutStates = append(layoutStates, layoutState{name: "send-proof", screen: ScreenTemplates, open: func(t *testing.T, u *UI) func() {
		u.Wait()
		u.templateProof(u.templates)
		p := u.templates.ProofForm
		if p == nil || p.OnCustomer.Hidden {
			t.Fatal("no proof dialog, or no customer offered")
		}
		return func() { p.d.Hide() }
	}})
}
