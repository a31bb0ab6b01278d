package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"

	"golang.org/x/text/transform"

	"github.com/relance-app/relance/internal/i18n"
)

// Reading a FEC (Fichier des écritures comptables, article A47 A-1 of the
// Livre des procédures fiscales): a flat text file whose first line names
// its columns, the 18 of the article in their order, separated by tabs or
// '|', then one line per accounting line. Sources and the layouts of the
// programs that write it: testdata/exports/fec/SOURCES.md.
//
// What is read as the DGFiP's own checker (Test Compta Demat) reads it:
// header names matched without regard to case or accents, spaces around a
// separator ignored, a trailing separator tolerated, lines ending in CRLF,
// LF or a lone CR, Debit and Credit or Montant and Sens (D/C, +1/-1). The
// encoding is decided as for CSV files (UTF-8, UTF-16 with a BOM, else a
// Windows code page: Windows-1252 for a French file).

// fecColumns are the article's 18 columns, in its order.
var fecColumns = []string{"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
	"CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
	"ValidDate", "Montantdevise", "Idevise"}

// fecOptional are columns some programs add after the 18 that the import
// reads: Montant and Sens in place of Debit and Credit (the article allows
// it), Dolibarr's DateLimitReglmt (the invoice's due date).
var fecOptional = []string{"Montant", "Sens", "DateLimitReglmt"}

// fecKey is a header as the checker compares it: lower case, no accents,
// no spaces or punctuation ("Date Let" and "DATELET" are DateLet).
func fecKey(h string) string {
	return strings.ReplaceAll(normalizeHeader(strings.TrimPrefix(h, "\ufeff")), " ", "")
}

var fecKnown = func() map[string]string {
	m := map[string]string{}
	for _, c := range append(append([]string(nil), fecColumns...), fecOptional...) {
		m[fecKey(c)] = c
	}
	return m
}()

// fecReader streams a FEC's lines.
type fecReader struct {
	f      *os.File
	sc     *bufio.Scanner
	sep    byte
	line   int
	format string
	header []string
	col    map[string]int // column name (as in fecColumns) → field index
	// montantSens: Montant and Sens stand for Debit and Credit.
	montantSens bool
}

// openFEC opens path and reads its header. A file that is not a FEC is a
// *FileError naming the columns it lacks.
func openFEC(path string) (*fecReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileErr(0, unreadable(err))
	}
	r, err := newFECReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func newFECReader(f *os.File) (*fecReader, error) {
	scan, err := scanCSV(f) // pass 1: the encoding
	if err != nil {
		return nil, err
	}
	enc, dec, fe := scan.decoding()
	if fe != nil {
		return nil, fe
	}
	if _, err := f.Seek(int64(bomLen(scan.bom)), io.SeekStart); err != nil {
		return nil, fileErr(0, unreadable(err))
	}
	var in io.Reader = &sizedReader{r: f, left: scan.size}
	if dec != nil {
		in = transform.NewReader(in, dec)
	}
	r := &fecReader{f: f, sc: bufio.NewScanner(in)}
	r.sc.Buffer(make([]byte, 64<<10), maxRowBytes)
	r.sc.Split(splitAnyLineEnd)
	first, err := r.next()
	if err == io.EOF {
		return nil, fileErr(0, i18n.M("import.file_empty"))
	}
	if err != nil {
		return nil, err
	}
	// The separator is the one the header uses: a header of 18 names has
	// 17 of it, and no name holds a tab or a '|'.
	tabs, pipes := strings.Count(first, "\t"), strings.Count(first, "|")
	r.sep, r.format = '\t', "FEC, "+enc+", tab"
	if pipes > tabs {
		r.sep, r.format = '|', "FEC, "+enc+", '|'"
	}
	r.header = r.split(first)
	if err := r.mapHeader(); err != nil {
		return nil, err
	}
	return r, nil
}

// mapHeader finds the columns; a file without the 18 (Montant and Sens
// standing for Debit and Credit) is not a FEC.
func (r *fecReader) mapHeader() error {
	r.col = map[string]int{}
	for i, h := range r.header {
		name, ok := fecKnown[fecKey(h)]
		if !ok {
			continue // other columns (BNC, BA, CodeEtablissement, NumFacture…) are allowed
		}
		if j, dup := r.col[name]; dup {
			return fileErr(1, i18n.M("import.fec_duplicate_column", name, j+1, i+1))
		}
		r.col[name] = i
	}
	_, m := r.col["Montant"]
	_, s := r.col["Sens"]
	_, d := r.col["Debit"]
	_, c := r.col["Credit"]
	r.montantSens = m && s && !d && !c
	var missing []string
	for _, name := range fecColumns {
		if _, ok := r.col[name]; ok {
			continue
		}
		if r.montantSens && (name == "Debit" || name == "Credit") {
			continue
		}
		missing = append(missing, name)
	}
	if len(missing) > 0 {
		return fileErr(1, i18n.M("import.fec_not_fec", strings.Join(missing, ", ")))
	}
	return nil
}

// next returns the next line as text; io.EOF at the end.
func (r *fecReader) next() (string, error) {
	if !r.sc.Scan() {
		err := r.sc.Err()
		switch {
		case err == nil:
			return "", io.EOF
		case errors.Is(err, bufio.ErrTooLong):
			return "", fileErr(r.line+1, i18n.M("import.row_too_long", maxRowBytes>>20))
		case errors.Is(err, errCSVChanged):
			return "", fileErr(0, unreadable(err))
		}
		return "", fileErr(r.line+1, unreadable(err))
	}
	r.line++
	return r.sc.Text(), nil
}

// split cuts a line at the separator. Spaces around a field are not part
// of it (the checker ignores them); a field written in double quotes, as
// Python's csv writer (Odoo) writes one that holds a quote, is unquoted.
func (r *fecReader) split(line string) []string {
	fields := strings.Split(line, string(r.sep))
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
		}
		fields[i] = f
	}
	return fields
}

func (r *fecReader) Close() error { return r.f.Close() }

// splitAnyLineEnd is bufio.ScanLines that also ends a line at a lone CR
// (old Mac files, which the checker accepts).
func splitAnyLineEnd(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		// A CR: the line ends; a LF right after it belongs to it.
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		if atEOF {
			return i + 1, data[:i], nil
		}
		return 0, nil, nil // wait: is a LF next?
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}
