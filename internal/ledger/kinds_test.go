package ledger

import "testing"

// TestLetterKindProperties: the rules the letters, the plan and the CLI
// used to spell out each in its own map.
func TestLetterKindProperties(t *testing.T) {
	for _, c := range []struct {
		kind                            LetterKind
		level                           int
		reminder, charges, notice, camp bool
	}{
		{KindReminder1, 1, true, false, false, false},
		{KindReminder2, 2, true, true, false, false},
		{KindFinalDemand, 3, true, true, true, false},
		{KindPaymentDemand, 3, true, true, true, false},
		{KindStatement, -1, false, false, false, false},
		{KindBillingChange, -1, false, false, false, true},
		{KindPaperlessNotice, -1, false, false, false, true},
		{KindAppointmentReminder, -1, false, false, false, true},
		{KindCollections, 4, false, false, false, false},
		{"sonnet", -1, false, false, false, false},
	} {
		if c.kind.Level() != c.level || c.kind.Reminder() != c.reminder || c.kind.ChargesInterest() != c.charges ||
			c.kind.FormalNotice() != c.notice || c.kind.NeedsCampaign() != c.camp {
			t.Errorf("%s: level %d reminder %v charges %v notice %v campaign %v", c.kind, c.kind.Level(), c.kind.Reminder(),
				c.kind.ChargesInterest(), c.kind.FormalNotice(), c.kind.NeedsCampaign())
		}
	}
	for _, k := range LetterKinds {
		if got, err := ParseLetterKind(string(k)); err != nil || got != k {
			t.Errorf("ParseLetterKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := ParseLetterKind("sonnet"); err == nil {
		t.Error("an unknown kind was accepted")
	}
	if CampaignPaperless.LetterKind() != KindPaperlessNotice || CampaignAppointments.LetterKind() != KindAppointmentReminder ||
		CampaignKind("x").LetterKind() != "" {
		t.Error("campaign kinds' letters")
	}
}
