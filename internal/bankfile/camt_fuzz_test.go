package bankfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/fuzzwatch"
	"github.com/relance-app/relance/internal/importer"
)

// FuzzReadCAMT feeds arbitrary bytes to the CAMT reader: it must never
// panic, fail only with a FileError, and read only entries that can be
// recorded: an amount above zero in a known currency, a booking date, a
// line in the file, in the file's order, and valid UTF-8 texts.
func FuzzReadCAMT(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "camt", "*.xml"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 16<<10 {
			// The engine minimizes each new input it finds, and one
			// grown from a 50 KB statement takes the whole run to.
			continue
		}
		f.Add(data)
	}
	for _, seed := range []string{
		camtDoc(ntry("1.00", "EUR", "")),
		camtDoc(ntry("10.005", "EUR", "")),
		camtDoc(ntry("3.00", "EUR", `<AcctSvcrRef>B</AcctSvcrRef><NtryDtls><TxDtls><Amt Ccy="EUR">1.00</Amt></TxDtls><TxDtls><Amt Ccy="EUR">2.00</Amt></TxDtls></NtryDtls>`)),
		camtDoc(ntry("1.00", "EUR", "<NtryDtls><TxDtls><RmtInf><Ustrd>&lol;</Ustrd></RmtInf></TxDtls></NtryDtls>")),
		`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "b">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>`,
		`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.13"><BkToCstmrAcctRpt><Rpt><Ntry>`,
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzwatch.Start(t, data)()
		sts, err := readCAMT(data)
		if err != nil {
			var fe *importer.FileError
			if !errors.As(err, &fe) || fe.Line < 0 || fe.Reason.Key == "" {
				t.Fatalf("error %v (%T) is not a FileError with a reason", err, err)
			}
			return
		}
		if len(sts) == 0 {
			t.Fatal("no statement and no error")
		}
		for _, st := range sts {
			if len(st.Entries) > 0 && !st.Currency.Valid() {
				t.Fatalf("entries in currency %q", st.Currency)
			}
			last := 0
			for _, e := range st.Entries {
				if e.Amount <= 0 || e.BookingDate.IsZero() || e.Line < 1 || e.Line < last {
					t.Fatalf("entry %+v after line %d", e, last)
				}
				last = e.Line
				for _, s := range []string{e.BankRef, e.PartyName, e.PartyIBAN, e.StructuredRef, e.Text, e.EndToEndID, e.OrigRef} {
					if !utf8.ValidString(s) {
						t.Fatalf("%q is not UTF-8", s)
					}
				}
			}
		}
	})
}
