package replies

import "testing"

// TestGermanReplies: German answers to a reminder, as customers write
// them; the anchor day is today (Sunday 22 November 2026). Each expected
// suggestion was worked out by hand.
func TestGermanReplies(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Paid.
		{"Bezahlt.", "paid"},
		{"Wir haben die Rechnung heute überwiesen.", "paid 2026-11-22"},
		{"Der Betrag wurde am 19.11. überwiesen.", "paid 2026-11-19"},
		{"Die Überweisung ist erfolgt.", "paid"},
		{"Die Zahlung wurde am Freitag veranlasst.", "paid 2026-11-20"},
		{"Wir haben die Zahlung gestern angewiesen.", "paid 2026-11-21"},
		{"Die Rechnung ist bereits beglichen.", "paid"},
		{"Ich habe 1.234,56 € überwiesen.", `paid amount="1.234,56 €"`},
		// Promise.
		{"Wir werden den Betrag bis zum 15.12. überweisen.", "promise 2026-12-15"},
		{"Ich zahle bis zum 15.12.", "promise 2026-12-15"},
		{"Wir zahlen am Freitag.", "promise 2026-11-27"},
		{"Die Zahlung erfolgt bis Ende des Monats.", "promise 2026-11-30"},
		{"Ich überweise den Betrag nächste Woche.", "promise 2026-11-29"},
		{"Wir begleichen die Rechnung bis zum 3. Dezember.", "promise 2026-12-03"},
		{"Die Rechnung wird morgen bezahlt.", "promise 2026-11-23"},
		// Not paid, not a promise.
		{"Wir haben noch nicht bezahlt.", ""},
		{"Die Überweisung ist noch nicht erfolgt.", ""},
		// Dispute.
		{"Die Rechnung ist falsch.", "dispute"},
		{"Die Ware wurde nie geliefert.", "dispute"},
		{"Wir werden nicht zahlen.", "dispute"},
		{"Wir bestreiten die Forderung.", "dispute"},
		// Copy request.
		{"Bitte senden Sie uns eine Kopie der Rechnung.", "copy-request"},
		{"Wir haben die Rechnung nie erhalten.", "copy-request"},
		// Paperless consent and refusal.
		{"Ja, einverstanden.", "consent"},
		{"Ja, gerne per E-Mail.", "consent"},
		{"Einverstanden, bitte künftig per E-Mail.", "consent"},
		{"Guten Tag,\nja, bitte.\nMit freundlichen Grüßen\nHans Müller", "consent"},
		{"Nein danke, lieber per Post.", "refusal"},
		{"Nein, wir möchten die Rechnungen weiterhin auf Papier.", "refusal"},
	}
	for _, tt := range tests {
		if got := brief(Suggest(tt.in, today)); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
