package importer

import (
	"io"
	"testing"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/fuzzwatch"
	"github.com/relance-app/relance/internal/ledger"
)

// FuzzCSVReader feeds arbitrary bytes to the CSV reader: it must never
// panic, always return valid UTF-8 cells, and number rows with strictly
// increasing lines after the header.
func FuzzCSVReader(f *testing.F) {
	for _, seed := range []string{
		customersCSV,
		"code;name\r\nA;\"B\"\"C\"\r\n",
		"\ufeffa\tb\n1\t2\n",
		"a,b\n\"unterminated\n",
		"a,b\n\"x\ny\",z\n\nq,r\n",
		"\xe9t\xe9,caf\xe9\n1,2\n",
		"\xff\xfea\x00,\x00b\x00\n\x00",
		"",
		",,,\n,,,\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzwatch.Start(t, data)()
		src, err := NewCSV(data)
		if err != nil {
			return
		}
		for _, h := range src.Header() {
			if !utf8.ValidString(h) {
				t.Fatalf("header cell %q is not UTF-8", h)
			}
		}
		last := 1
		for i := 0; i < 100000; i++ {
			row, err := src.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var le *LineError
				if le, _ = err.(*LineError); le == nil || le.Line < 1 {
					t.Fatalf("error without a line: %v", err)
				}
				return
			}
			if row.Line <= last {
				t.Fatalf("row line %d after %d", row.Line, last)
			}
			last = row.Line
			for _, c := range row.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("cell %q is not UTF-8", c)
				}
			}
		}
	})
}

// FuzzParseAmount checks that whatever is accepted is non-negative and
// round-trips through its canonical decimal form.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1 234,56", "1.234,56", "1,234.56", "€12", "12 EUR", "0,125", "1'234.50 CHF", "-3", "1e5", "1.2.3", "9999999999999999"} {
		f.Add(s, "EUR")
		f.Add(s, "JPY")
		f.Add(s, "KWD")
	}
	f.Fuzz(func(t *testing.T, s, code string) {
		defer fuzzwatch.Start(t, s, code)()
		cur, err := ledger.ParseCurrency(code)
		if err != nil {
			return
		}
		v, err := ledger.ParseAmount(s, cur)
		if err != nil {
			return
		}
		if v < 0 {
			t.Fatalf("%q → negative %d", s, v)
		}
		canon := ledger.FormatMinor(v, cur.MinorUnits())
		back, err := ledger.ParseAmount(canon, cur)
		if err != nil && cur.MinorUnits() != 3 {
			t.Fatalf("%q → %d → %q does not parse: %v", s, v, canon, err)
		}
		if err == nil && back != v && cur.MinorUnits() != 3 {
			t.Fatalf("%q → %d → %q → %d", s, v, canon, back)
		}
	})
}
