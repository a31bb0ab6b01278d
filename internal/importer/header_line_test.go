package importer

import (
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
)

// chosen imports content, named name, into a ledger with the test
// customers, as opts say.
func chosen(t *testing.T, name, content string, opts Options) (Result, error) {
	t.Helper()
	st := newStore(t)
	seedCustomers(t, st)
	return importWith(t, st, name, []byte(content), opts)
}

// The owner's header row (Options.HeaderLine): the rows above it are
// titles; a row that is not the header is refused for the columns it
// lacks; a line with no row is an error naming it; a header further down
// than the search goes is read when chosen. Result.Mapping names the
// header each column is read from, as written.
func TestHeaderLineChosen(t *testing.T) {
	const file = "Invoice List\n\nnumber,Code client,issue_date,due_date,Montant\nU1,C001,2025-09-05,2025-10-05,10\n"
	res, err := chosen(t, "a.csv", file, Options{HeaderLine: 3})
	if err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	if res.HeaderLine != 3 || res.TitleLines != 1 || res.Rows != 1 {
		t.Errorf("header line %d, titles %d, rows %d", res.HeaderLine, res.TitleLines, res.Rows)
	}
	want := map[string]string{"number": "number", "customer_code": "Code client", "issue_date": "issue_date", "due_date": "due_date", "total": "Montant"}
	if len(res.Mapping) != len(want) {
		t.Errorf("mapping %v", res.Mapping)
	}
	for k, v := range want {
		if res.Mapping[k] != v {
			t.Errorf("mapping[%s] = %q, want %q", k, res.Mapping[k], v)
		}
	}

	res, err = chosen(t, "a.csv", file, Options{HeaderLine: 1})
	// Line 1 lacks every required column (the near-miss guesses are the
	// header search's business, not this test's).
	if !errors.Is(err, ErrRejected) || len(res.Problems) != 5 {
		t.Errorf("line 1 as the header: %v, %q", err, problems(res))
	}
	for _, p := range problems(res) {
		if !strings.HasPrefix(p, "a.csv:1: the file has no ") {
			t.Errorf("line 1 as the header: %s", p)
		}
	}
	if res.HeaderLine != 1 || len(res.Mapping) != 0 {
		t.Errorf("header line %d, mapping %v", res.HeaderLine, res.Mapping)
	}

	for _, line := range []int{2, 9} { // blank, past the end
		_, err = chosen(t, "a.csv", file, Options{HeaderLine: line})
		var fe *FileError
		if !errors.As(err, &fe) || fe.Line != line || !strings.Contains(fe.In(i18n.EN), "no row on this line to take as the header") {
			t.Errorf("line %d: %v", line, err)
		}
	}

	// 34 title lines: past the search, found only when chosen.
	deep := strings.Repeat("Report line\n", 34) + "number,customer_code,issue_date,due_date,total\nD1,C001,2025-09-05,2025-10-05,10\n"
	if _, err := chosen(t, "deep.csv", deep, Options{}); !errors.Is(err, ErrRejected) {
		t.Fatalf("a header on line 35 was found by the search: %v", err)
	}
	res, err = chosen(t, "deep.csv", deep, Options{HeaderLine: 35})
	if err != nil || res.TitleLines != 34 || res.Summary.NewInvoices != 1 {
		t.Errorf("line 35 chosen: %v, titles %d, %+v", err, res.TitleLines, res.Summary)
	}
}

// Result.Mapping of a detected header, with a column the owner renamed:
// the header as the file writes it.
func TestResultMappingDetected(t *testing.T) {
	const file = "Numéro;Code client;Date;Echéance;Prix\nX-1;C001;2025-09-01;2025-10-01;12,50\n"
	res, err := chosen(t, "b.csv", file, Options{Rename: map[string]string{"Prix": "total"}})
	if err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	if res.Mapping["total"] != "Prix" || res.Mapping["number"] != "Numéro" || res.Mapping["due_date"] != "Echéance" || res.HeaderLine != 1 {
		t.Errorf("mapping %v, header line %d", res.Mapping, res.HeaderLine)
	}
}
