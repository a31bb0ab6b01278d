package inbound

import (
	"path/filepath"
	"testing"
	"time"
)

func TestOwnAutoReplies(t *testing.T) {
	for _, c := range []struct{ file, returnDate, refersTo string }{
		{"ooo-fr-outlook.eml", "2025-12-08", "relance.F-2025-0311.1764666000@menuiserie-bernard.example.fr"},
		{"ooo-fr-gmail.eml", "2026-01-05", "relance.F-2025-0402.1766188800@menuiserie-bernard.example.fr"},
		{"ooo-fr-zimbra.eml", "2026-01-02", "relance.F-2025-0415.1766386800@menuiserie-bernard.example.fr"},
		{"ooo-de-outlook.eml", "2026-12-04", "relance.2026-114.1796032800@menuiserie-bernard.example.fr"},
		{"ooo-de-abwesenheit.eml", "2026-12-03", ""},
		{"ooo-sr-cyrl-outlook.eml", "2026-12-03", "opomena.2026-17.1795939200@menuiserie-bernard.example.fr"},
		{"ooo-sr-latn.eml", "2025-12-08", ""},
	} {
		r := mustClassify(t, filepath.Join(ownDir, c.file))
		if r.Class != AutoReply || r.ReturnDate != c.returnDate {
			t.Errorf("%s: got %s %q (%s), want auto-reply %q", c.file, r.Class, r.ReturnDate, r.Reason, c.returnDate)
		}
		if c.refersTo != "" && !contains(r.RefersTo, c.refersTo) {
			t.Errorf("%s: RefersTo %v lacks %s", c.file, r.RefersTo, c.refersTo)
		}
	}
}

func TestSisimaiAutoReplyDate(t *testing.T) {
	r := mustClassify(t, filepath.Join(sisimaiDir, "bsd", "rfc3834-01.eml"))
	if r.Class != AutoReply || r.ReturnDate != "2005-05-05" {
		t.Errorf("rfc3834-01: %+v", r)
	}
}

func TestReturnDate(t *testing.T) {
	sent := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct{ text, want string }{
		{"I am out of the office and will be back on 3 December.", "2026-12-03"},
		{"I'll be back in the office on Monday, December 7th, 2026.", "2026-12-07"},
		{"Away until 12/03/2026.", "2026-03-12"},
		{"Away until 12/31.", "2026-12-31"},
		{"Je serai de retour le 3 décembre.", "2026-12-03"},
		{"Absent jusqu'au 1er décembre, de retour le mercredi 2 décembre 2026.", "2026-12-02"},
		{"Je suis absent jusqu’au 4 déc.", "2026-12-04"},
		{"Ich bin bis zum 03.12.2026 nicht erreichbar.", "2026-12-03"},
		{"Ab dem 7. Dezember bin ich wieder im Büro.", "2026-12-07"},
		{"Ich bin bis Montag, 7.12. im Urlaub.", "2026-12-07"},
		{"Odsutan sam do 3. decembra.", "2026-12-03"},
		{"Vraćam se 8. januara.", "2027-01-08"},
		{"Одсутна сам до 3. децембра 2026.", "2026-12-03"},
		{"Враћам се у понедељак, 7. децембра.", "2026-12-07"},
		{"Od 4. decembra ponovo radim.", "2026-12-04"},
		{"Out of office from 1 to 3 December.", "2026-12-03"},
		// Dates that do not say when the writer is back.
		{"I am out of the office.", ""},
		{"Meeting on 3 December at the client's.", ""},
		{"Je suis au bureau le 5 décembre.", ""},
		{"Ich bin bis 10.30 Uhr in einer Besprechung.", ""},
		{"Back on 31 February.", ""},
		{"Version 4.72 released.", ""},
	} {
		if got := returnDate(c.text, sent); got != c.want {
			t.Errorf("returnDate(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if got := returnDate("Back on 3 December.", time.Time{}); got != "" {
		t.Errorf("no year and no Date header: got %q", got)
	}
	if got := returnDate("Back on 3 December 2026.", time.Time{}); got != "2026-12-03" {
		t.Errorf("a stated year needs no Date header: got %q", got)
	}
}
