package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Row is one data row of a file, with the line it starts on (1 is the
// header) so that every error can point at it.
type Row struct {
	Line  int
	Cells []string
}

// Source yields a file's header and then its rows one at a time, so a
// million-row export is never held whole as parsed records.
type Source interface {
	Header() []string
	Next() (Row, error) // io.EOF at the end
	Close() error
	// Format describes what was detected, e.g. "CSV, Windows-1252, ';'".
	Format() string
	// XLSX reports whether cells are raw spreadsheet values (numbers with a
	// '.' decimal point, dates as serial day numbers).
	XLSX() bool
	Date1904() bool
}

// Open opens path as XLSX (by extension) or CSV (anything else).
func Open(path string) (Source, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return openXLSX(path)
	case ".xls":
		return nil, fmt.Errorf("%s: the old .xls format is not supported; save it as .xlsx or CSV", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return NewCSV(data)
}

// csvSource reads delimited text.
type csvSource struct {
	r      *csv.Reader
	header []string
	format string
}

// NewCSV detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
// otherwise Windows-1252, which is what Excel writes on a French or English
// Windows) and the delimiter (comma, semicolon or tab), then reads the header.
func NewCSV(data []byte) (Source, error) {
	enc := "UTF-8"
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		enc = "UTF-8 with BOM"
		if !utf8.Valid(data) {
			// The file says UTF-8 but is not: guessing would corrupt names.
			return nil, &LineError{Line: firstInvalidLine(data), Err: errors.New("the file starts with a UTF-8 mark but contains bytes that are not UTF-8")}
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		d, err := decodeUTF16(data)
		if err != nil {
			return nil, err
		}
		data, enc = d, "UTF-16"
	case !utf8.Valid(data):
		d, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("the file is neither UTF-8 nor Windows-1252: %w", err)
		}
		data, enc = d, "Windows-1252"
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, errors.New("the file contains NUL bytes: it is not a text (CSV) file")
	}
	delim := sniffDelimiter(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1 // we report ragged rows ourselves, with their line
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty")
	}
	if err != nil {
		return nil, csvError(err)
	}
	header = append([]string(nil), header...)
	name := map[rune]string{',': "','", ';': "';'", '\t': "tab"}[delim]
	return &csvSource{r: r, header: header, format: "CSV, " + enc + ", " + name}, nil
}

func (s *csvSource) Header() []string { return s.header }
func (s *csvSource) Format() string   { return s.format }
func (s *csvSource) XLSX() bool       { return false }
func (s *csvSource) Date1904() bool   { return false }
func (s *csvSource) Close() error     { return nil }

func (s *csvSource) Next() (Row, error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return Row{}, io.EOF
		}
		return Row{}, csvError(err)
	}
	line, _ := s.r.FieldPos(0)
	return Row{Line: line, Cells: rec}, nil
}

// csvError turns encoding/csv's errors into a line-numbered message.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{Line: pe.StartLine, Err: pe.Err}
	}
	return err
}

// LineError is a problem with a whole line of the file (unbalanced quotes).
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// sniffDelimiter counts candidate delimiters outside quotes on the first
// line (the header, which rarely quotes anything) and picks the most
// frequent; ties go to ';' then ',' then tab. French Excel writes ';'
// because ',' is its decimal mark.
func sniffDelimiter(data []byte) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, c := range string(data) {
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best, bestN := ',', 0
	for _, c := range []rune{';', ',', '\t'} {
		if counts[c] > bestN {
			best, bestN = c, counts[c]
		}
	}
	return best
}

// firstInvalidLine returns the line of the first byte that is not UTF-8.
func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

func decodeUTF16(data []byte) ([]byte, error) {
	be := data[0] == 0xFE
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, errors.New("the UTF-16 file has an odd number of bytes")
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if be {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if r >= 0xD800 && r < 0xDC00 && i+1 < len(u) {
			r = (r-0xD800)<<10 + (rune(u[i+1]) - 0xDC00) + 0x10000
			i++
		}
		b.WriteRune(r)
	}
	return []byte(b.String()), nil
}

// xlsxSource reads the first sheet of a workbook.
type xlsxSource struct {
	f        *excelize.File
	rows     *excelize.Rows
	header   []string
	line     int
	sheet    string
	date1904 bool
}

func openXLSX(path string) (Source, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX workbook: %w", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errors.New("the workbook has no sheet")
	}
	sheet := sheets[0]
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	s := &xlsxSource{f: f, rows: rows, sheet: sheet}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	// The header is the first non-empty row.
	for {
		r, err := s.Next()
		if err == io.EOF {
			s.Close()
			return nil, fmt.Errorf("sheet %q is empty", sheet)
		}
		if err != nil {
			s.Close()
			return nil, err
		}
		if !blank(r.Cells) {
			s.header = append([]string(nil), r.Cells...)
			return s, nil
		}
	}
}

func (s *xlsxSource) Header() []string { return s.header }
func (s *xlsxSource) Format() string   { return fmt.Sprintf("XLSX, sheet %q", s.sheet) }
func (s *xlsxSource) XLSX() bool       { return true }
func (s *xlsxSource) Date1904() bool   { return s.date1904 }

func (s *xlsxSource) Next() (Row, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return Row{}, err
		}
		return Row{}, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return Row{}, &LineError{Line: s.line, Err: err}
	}
	return Row{Line: s.line, Cells: cells}, nil
}

func (s *xlsxSource) Close() error {
	s.rows.Close()
	return s.f.Close()
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
