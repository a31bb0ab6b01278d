package letter

import (
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func TestAddressLines(t *testing.T) {
	fr := WindowFor(ledger.EnvelopeDLRight)
	c := ledger.Customer{Code: "C1", Name: "Boulangerie Martin SARL", Contact: "Claire Martin", Address1: "12 rue de la République",
		Postcode: "69002", City: "Lyon", Country: "FR"}
	lines, err := AddressLines(c, "FR", fr)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(lines, "|") != "Boulangerie Martin SARL|Claire Martin|12 rue de la République|69002 LYON" {
		t.Fatalf("%q", lines)
	}
	uk := ledger.Customer{Code: "C2", Name: "Harper & Cole Ltd", Address1: "1 King Street", Postcode: "ec2v 8au", City: "London", Country: "GB"}
	lines, _ = AddressLines(uk, "FR", fr)
	if strings.Join(lines, "|") != "Harper & Cole Ltd|1 King Street|LONDON|EC2V 8AU|UNITED KINGDOM" {
		t.Fatalf("%q", lines)
	}
	rs := ledger.Customer{Code: "C3", Name: "Столарија Петровић", Address1: "Булевар краља Александра 73", Postcode: "11000", City: "Београд", Country: "RS"}
	lines, _ = AddressLines(rs, "RS", WindowFor(ledger.EnvelopeDIN5008A))
	if strings.Join(lines, "|") != "Столарија Петровић|Булевар краља Александра 73|11000 БЕОГРАД" {
		t.Fatalf("%q", lines)
	}
}

// TestHostileAddresses: a newline in a name cannot add a line, and a name
// of 300 characters is refused rather than clipped.
func TestHostileAddresses(t *testing.T) {
	fr := WindowFor(ledger.EnvelopeDLRight)
	c := ledger.Customer{Code: "X", Name: "Evil\nLine Two", Address1: "1 rue A", Postcode: "75001", City: "Paris", Country: "FR"}
	lines, err := AddressLines(c, "FR", fr)
	if err != nil || lines[0] != "Evil Line Two" || len(lines) != 3 {
		t.Fatalf("%q %v", lines, err)
	}
	c.Name = strings.Repeat("A", 300)
	_, err = AddressLines(c, "FR", fr)
	var ae *AddressError
	if !errors.As(err, &ae) || !strings.Contains(ae.Reason.String(), "300 characters") {
		t.Fatalf("%v", err)
	}
	// Seven lines for a UK company with a contact and two street lines:
	// town and postcode share a line, and the block fits in six.
	c = ledger.Customer{Code: "U", Name: "A Ltd", Contact: "Jo Bloggs", Address1: "Unit 4", Address2: "1 King Street", City: "London", Postcode: "EC2V 8AU", Country: "GB"}
	lines, err = AddressLines(c, "FR", WindowFor(ledger.EnvelopeDLRight))
	if err != nil || strings.Join(lines, "|") != "A Ltd|Jo Bloggs|Unit 4|1 King Street|LONDON EC2V 8AU|UNITED KINGDOM" {
		t.Fatalf("%q %v", lines, err)
	}
	// Still too many for a 5-line window: the contact gives way.
	w5 := WindowFor(ledger.EnvelopeDLRight)
	w5.MaxLines = 5
	lines, err = AddressLines(c, "FR", w5)
	if err != nil || strings.Join(lines, "|") != "A Ltd|Unit 4|1 King Street|LONDON EC2V 8AU|UNITED KINGDOM" {
		t.Fatalf("%q %v", lines, err)
	}
	w5.MaxLines = 4
	if _, err := AddressLines(c, "FR", w5); err == nil {
		t.Fatal("5 lines accepted in a 4-line window")
	}
	if _, err := AddressLines(ledger.Customer{Code: "E", Name: "No Town"}, "FR", fr); err == nil {
		t.Fatal("an address without a town accepted")
	}
}

func TestWindows(t *testing.T) {
	for env, want := range map[ledger.Envelope]Rect{
		ledger.EnvelopeDLRight:  {110, 55, 85, 33},
		ledger.EnvelopeDIN5008A: {20, 27 + 17.7, 85, 45 - 17.7},
		ledger.EnvelopeDIN5008B: {20, 45 + 17.7, 85, 45 - 17.7},
		ledger.EnvelopeUSNo10:   {22.225, 63.5, 114.3, 28.575},
	} {
		got := WindowFor(env).Address
		near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
		if !near(got.X, want.X) || !near(got.Y, want.Y) || !near(got.W, want.W) || !near(got.H, want.H) {
			t.Errorf("%s: %+v, want %+v", env, got, want)
		}
	}
}
