package importer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
)

// An owner's file may hold more than one kind: a workbook with the
// customers on one sheet, the invoices on another and the payments on a
// third. ImportAll finds what each table holds from its header and
// imports all of it in one transaction, customers first (the invoices
// name them), then invoices, then payments (they name the invoices): all
// or nothing, as one file is.

// Table is one table of a file: a CSV file, or one sheet of a workbook.
type Table struct {
	Sheet string // the sheet's name; "" for a CSV file
	Source
}

// OpenAll opens every table of the file at path: a CSV file is one, a
// workbook has one per sheet with a row in it (empty sheets are left out).
// The caller closes each. A file that cannot be read is a *FileError
// naming it.
func OpenAll(path string) ([]Table, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
	default:
		src, err := Open(path)
		if err != nil {
			return nil, err
		}
		return []Table{{Source: src}}, nil
	}
	tables, err := openSheets(path)
	var fe *FileError
	if errors.As(err, &fe) {
		fe.File = path
	}
	return tables, err
}

func openSheets(path string) ([]Table, error) {
	wb, err := openWorkbook(path)
	if err != nil {
		return nil, err
	}
	defer wb.release() // each sheet holds its own reference
	var out []Table
	for i, name := range wb.sheets {
		s, err := wb.sheet(i)
		var fe *FileError
		if errors.As(err, &fe) && fe.Reason.Key == "import.file_empty" {
			continue
		}
		if err != nil {
			for _, t := range out {
				t.Close()
			}
			return nil, err
		}
		out = append(out, Table{Sheet: name, Source: s})
	}
	if len(out) == 0 {
		return nil, fileErr(0, i18n.M("import.file_empty"))
	}
	return out, nil
}

// kindOrder is the order kinds are detected in (an invoice list that also
// carries customer columns is invoices, which creates its customers) and
// the order they are imported in.
var (
	detectOrder = []Kind{Invoices, Payments, Customers}
	importOrder = map[Kind]int{Customers: 0, Invoices: 1, Payments: 2}
)

// detectKind says what a table holds: the first of invoices, payments and
// customers whose required columns its header maps (or a row under title
// lines, as the import itself finds its header); "" for none. src is left
// at its first row.
func detectKind(src Source, rename func([]string) []string) (Kind, error) {
	for _, k := range detectOrder {
		h, err := findHeader(src, k, rename)
		if err != nil {
			return "", err
		}
		if hasMissing(h.problems) || (k == Customers && !customerLike(h.mapping, h.header)) {
			if !hasMissing(h.problems) && h.titles > 0 {
				if err := src.Rewind(); err != nil {
					return "", err
				}
			}
			continue // findHeader has started src again
		}
		if h.titles > 0 {
			// The import finds the header again.
			if err := src.Rewind(); err != nil {
				return "", err
			}
		}
		return k, nil
	}
	return "", nil
}

// customerLike says a header that maps a customer's name maps something
// else a customer list has: a sheet of products has a "Name" too. A sheet
// with an invoice number column is about invoices, not a customer list
// (Akaunting's invoice_totals: invoice_number, code, name, amount).
func customerLike(m Mapping, header []string) bool {
	if pm, _, _ := MapHeader(Payments, header); pm != nil {
		if _, ok := pm["invoice_number"]; ok {
			return false
		}
	}
	for _, col := range []string{"code", "email", "phone", "mobile", "contact", "address1", "postcode", "city", "country"} {
		if _, ok := m[col]; ok {
			return true
		}
	}
	return false
}

// closestKind is the kind that maps most of a header's columns, for a file
// of one table that holds no kind whole: imported as that kind, its
// missing columns are its problems. "" when no column maps at all.
func closestKind(header []string) Kind {
	best, most := Kind(""), 0
	for _, k := range detectOrder {
		m, _, _ := MapHeader(k, header)
		if len(m) > most {
			best, most = k, len(m)
		}
	}
	return best
}

// FileResult is what importing every table of a file did (or, for a dry
// run, would do).
type FileResult struct {
	Parts []Part // in the order imported: customers, invoices, payments
	// Skipped are the sheets that hold no customers, invoices or payments,
	// left out (and said).
	Skipped []string
	// Problems are the file's as a whole (no table to import); each
	// table's own are in its part.
	Problems []Problem
	DryRun   bool
}

// Part is one table's import.
type Part struct {
	Sheet string
	Kind  Kind
	File  string // the name its problems give: the file, and its sheet when it has several
	Result
}

// Rows is the number of data rows read from every table.
func (fr FileResult) Rows() int {
	n := 0
	for _, p := range fr.Parts {
		n += p.Rows
	}
	return n
}

// AllProblems are the file's problems and every table's, in order.
func (fr FileResult) AllProblems() []Problem {
	out := append([]Problem(nil), fr.Problems...)
	for _, p := range fr.Parts {
		out = append(out, p.Problems...)
	}
	return out
}

// SheetLabel is how problems name a sheet of a workbook with several:
// FILE[SHEET], as a spreadsheet reference names a sheet.
func SheetLabel(file, sheet string) string { return fmt.Sprintf("%s[%s]", file, sheet) }

// ImportAll imports every table of a file (OpenAll) in one transaction,
// each as the kind its header holds; opts.Kind is not used, opts.File is
// the file's name. A sheet that holds no kind is skipped and said; a file
// of one table that holds none is imported as the kind closest to it, so
// that its missing columns are named. On any problem, in any table, it
// returns ErrRejected and the ledger is unchanged.
func ImportAll(ctx context.Context, st *store.Store, tables []Table, opts Options) (FileResult, error) {
	fr := FileResult{DryRun: opts.DryRun}
	type part struct {
		t      Table
		kind   Kind
		file   string
		start  DateOrder // the order a first reading proved ("" at first)
		redone bool
	}
	var parts []part
	for _, t := range tables {
		k, err := detectKind(t.Source, opts.renamed)
		if err != nil {
			return fr, err
		}
		if k == "" && len(tables) == 1 {
			k = closestKind(opts.renamed(t.Header()))
			if k == "" {
				fr.Problems = append(fr.Problems, Problem{File: opts.File, Line: t.HeaderLine(), Reason: i18n.M("import.kind_unknown")})
				return fr, ErrRejected
			}
		}
		if k == "" {
			fr.Skipped = append(fr.Skipped, t.Sheet)
			continue
		}
		file := opts.File
		if len(tables) > 1 {
			file = SheetLabel(opts.File, t.Sheet)
		}
		parts = append(parts, part{t: t, kind: k, file: file})
	}
	if len(parts) == 0 {
		fr.Problems = append(fr.Problems, Problem{File: opts.File, Reason: i18n.M("import.no_kind_sheets")})
		return fr, ErrRejected
	}
	sort.SliceStable(parts, func(i, j int) bool { return importOrder[parts[i].kind] < importOrder[parts[j].kind] })
	paymentsBeside := false
	for _, p := range parts {
		paymentsBeside = paymentsBeside || p.kind == Payments
	}

	// Each date order a table proves after reading some of its dates the
	// other way starts the whole file again, in a new transaction, with
	// that order believed first for that table (as Import does for one
	// table): at most once per table.
	for {
		runs := make([]*run, len(parts))
		var rejected bool
		for i, p := range parts {
			o := opts
			o.Kind, o.File = p.kind, p.file
			o.paymentsBeside = paymentsBeside
			if len(parts) > 1 {
				o.SizeHint = 0 // the file's size says nothing of one sheet
			}
			r, err := prepare(ctx, st, p.t.Source, o, p.start)
			runs[i] = r
			if errors.Is(err, ErrRejected) {
				rejected = true
				continue
			}
			if err != nil {
				return fr, err
			}
		}
		if rejected {
			fr.Parts = fr.Parts[:0]
			for i, p := range parts {
				fr.Parts = append(fr.Parts, Part{Sheet: p.t.Sheet, Kind: p.kind, File: p.file, Result: *runs[i].res})
			}
			return fr, ErrRejected
		}
		redoPart := -1
		var redoOrder DateOrder
		err := st.InBatch(ctx, opts.DryRun, func(b *store.Batch) error {
			for i, r := range runs {
				err := r.inBatch(b)
				var redo *redoDates
				if errors.As(err, &redo) && !parts[i].redone {
					redoPart, redoOrder = i, redo.order
				}
				if err != nil {
					return err // rejected: the tables after it are not read
				}
			}
			return nil
		})
		if redoPart >= 0 {
			parts[redoPart].start, parts[redoPart].redone = redoOrder, true
			for _, p := range parts {
				if err := p.t.Rewind(); err != nil {
					return fr, fmt.Errorf("read the file again with its date order: %w", err)
				}
			}
			continue
		}
		fr.Parts = fr.Parts[:0]
		for i, p := range parts {
			res, _ := runs[i].finish(err)
			if errors.Is(err, ErrRejected) {
				res.Created, res.Updated = 0, 0 // the tables before the bad one are not written either
			}
			fr.Parts = append(fr.Parts, Part{Sheet: p.t.Sheet, Kind: p.kind, File: p.file, Result: res})
		}
		return fr, err
	}
}
