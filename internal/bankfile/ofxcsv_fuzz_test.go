package bankfile

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/fuzzwatch"
	"github.com/relance-app/relance/internal/importer"
)

// checkRead is what every input must give: a FileError naming the file,
// or statements whose entries are money (Amount > 0), booked, in a known currency, with valid UTF-8 texts and a line.
func checkRead(t *testing.T, data []byte, opts Options) {
	sts, err := Read("f", bytes.NewReader(data), opts)
	if err != nil {
		var fe *importer.FileError
		if !errors.As(err, &fe) || fe.File != "f" || fe.Line < 0 {
			t.Fatalf("error %v (%T) is not a FileError of the file", err, err)
		}
		if s := fe.Error(); !utf8.ValidString(s) {
			t.Fatalf("error %q is not UTF-8", s)
		}
		return
	}
	for _, st := range sts {
		if !st.Currency.Valid() {
			t.Fatalf("statement currency %q", st.Currency)
		}
		for _, e := range st.Entries {
			if e.Amount <= 0 || e.BookingDate.IsZero() || e.Line < 1 {
				t.Fatalf("entry %+v", e)
			}
			for _, s := range []string{e.Text, e.PartyName, e.BankRef, e.EndToEndID, e.StructuredRef, st.Account} {
				if !utf8.ValidString(s) {
					t.Fatalf("%q is not UTF-8", s)
				}
			}
		}
	}
}

func FuzzReadOFX(f *testing.F) {
	for _, p := range []string{"bank_medium.ofx", "checking.ofx", "anzcc.ofx", "suncorp.ofx", "ofx-v102-empty-tags.ofx", "fr_cp1252.ofx", "chase_cc.qfx"} {
		data, err := os.ReadFile("testdata/ofx/" + p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(ofxWith("<STMTTRN><TRNTYPE>DEP<DTPOSTED>20260102<TRNAMT>+10.5<FITID>B<CORRECTFITID>A<CORRECTACTION>DELETE</STMTTRN>")))
	f.Add([]byte(ofxHead + "<OFX><![CDATA[x]]><!-- c --><A/></OFX>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzwatch.Start(t, data)()
		if Detect(data) != FormatOFX1 && Detect(data) != FormatOFX2 {
			// Read as OFX all the same: the reader must hold on any bytes.
			_, err := readOFX(data, Options{})
			if err != nil {
				var fe *importer.FileError
				if !errors.As(err, &fe) {
					t.Fatalf("error %v (%T) is not a FileError", err, err)
				}
			}
			return
		}
		checkRead(t, data, Options{})
	})
}

func FuzzReadBankCSV(f *testing.F) {
	for _, p := range []string{"credit_agricole.csv", "credit_mutuel.csv", "boursorama.csv", "sparkasse_camt.csv", "english.csv"} {
		data, err := os.ReadFile("testdata/csv/" + p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Date;Libellé;Débit euros;Crédit euros;\n01/03/2026;A;12,50;;\n;suite;;\nTotal;;12,50;\n"))
	f.Add([]byte("Date,Amount\n13/02/2026,1.00\n02/13/2026,2.00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzwatch.Start(t, data)()
		if Detect(data) != FormatCSV {
			return
		}
		checkRead(t, data, Options{Currency: "EUR"})
	})
}
