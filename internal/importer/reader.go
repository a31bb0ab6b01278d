package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/transform"

	"github.com/relance-app/relance/internal/i18n"
)

// Row is one data row of a file, with the line it starts on (1 is the
// header) so that every error can point at it.
type Row struct {
	Line  int
	Cells []string // as displayed
	Raw   []string // spreadsheets only: raw values (numbers, serial dates)
}

// Source yields a file's header and then its rows one at a time, so a
// million-row export is never held whole as parsed records.
type Source interface {
	Header() []string
	HeaderLine() int
	Next() (Row, error) // io.EOF at the end
	Close() error
	// Format describes what was detected, e.g. "CSV, Windows-1252, ';'".
	Format() string
	// XLSX reports whether cells are raw spreadsheet values (numbers with a
	// '.' decimal point, dates as serial day numbers).
	XLSX() bool
	Date1904() bool
	// IsText reports whether a spreadsheet cell of the row Next returned
	// last holds text (CSV: always).
	IsText(line, col int) bool
	// Rewind starts again at the row after the first one (the one Header
	// returned): a file read in the wrong date order is read once more.
	Rewind() error
}

// Open opens path as XLSX (by extension) or CSV (anything else).
func Open(path string) (Source, error) {
	src, err := open(path)
	var fe *FileError
	if errors.As(err, &fe) {
		fe.File = path
	}
	return src, err
}

func open(path string) (Source, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return openXLSX(path)
	case ".xls":
		return nil, fileErr(0, i18n.M("import.file_xls"))
	}
	if fe := checkRowSizes(path); fe != nil {
		return nil, fe // before encoding/csv buffers a row
	}
	return openCSV(path) // streamed: see csv_stream.go
}

// FileError is a problem with a whole file, or with a line the reader
// cannot get past: FILE:LINE: reason.
type FileError struct {
	File   string
	Line   int // 0: the file as a whole
	Reason i18n.Msg
}

func fileErr(line int, reason i18n.Msg) *FileError { return &FileError{Line: line, Reason: reason} }

func (e *FileError) Error() string { return e.In(i18n.EN) }

// In renders the error in l.
func (e *FileError) In(l i18n.Lang) string {
	return e.Say(l, func(m i18n.Msg) string { return m.In(l) })
}

// Say is In with the reason said by say (see Problem.Say).
func (e *FileError) Say(l i18n.Lang, say func(i18n.Msg) string) string {
	if e.Line > 0 {
		return i18n.T(l, "import.problem_line", e.File, e.Line, say(e.Reason))
	}
	return i18n.T(l, "import.problem_file", e.File, say(e.Reason))
}

// csvSource reads delimited text.
type csvSource struct {
	r          *csv.Reader
	header     []string
	headerLine int
	format     string
	closer     io.Closer // the file, when read from one
	// To read it again (Rewind): the bytes, where they start, and how.
	f     io.ReadSeeker
	bom   string
	size  int64
	dec   transform.Transformer
	comma rune
}

// NewCSV detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
// otherwise Windows-1252, which is what Excel writes on a French or English
// Windows) and the delimiter (comma, semicolon or tab), then reads the header.
// It reads data as Open reads a file (csv_stream.go), without the row limit.
func NewCSV(data []byte) (Source, error) {
	return newCSVStream(bytes.NewReader(data))
}

func (s *csvSource) Header() []string { return s.header }
func (s *csvSource) Format() string   { return s.format }
func (s *csvSource) XLSX() bool       { return false }
func (s *csvSource) Date1904() bool   { return false }
func (s *csvSource) Close() error     { return s.closeFile() }

func (s *csvSource) IsText(int, int) bool { return true }

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

// HeaderLine is the line of the header row.
func (s *csvSource) HeaderLine() int { return max(s.headerLine, 1) }

// csvError turns encoding/csv's errors into a line-numbered, translatable
// problem.
func csvError(err error) *LineError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := i18n.M("import.unreadable_line", pe.Err.Error())
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			reason = i18n.M("import.csv_quote")
		case errors.Is(pe.Err, csv.ErrBareQuote):
			reason = i18n.M("import.csv_bare_quote")
		}
		return &LineError{Line: pe.StartLine, Reason: reason}
	}
	return &LineError{Line: 0, Reason: i18n.M("import.unreadable_line", err.Error())}
}

// LineError is a line the reader cannot get past (unbalanced quotes).
type LineError struct {
	Line   int
	Reason i18n.Msg
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// xlsxSource reads one sheet of a workbook. It walks the sheet twice
// in step: formatted values (what the owner sees: a postcode "01000", a
// phone "0612345678" kept by their number format) for text columns, and
// raw values for amounts and dates (a number with its full precision, a
// date as its serial day number), so that no display format rounds money.
type xlsxSource struct {
	wb         *workbook      // shared by the workbook's sheets (workbook.go)
	index      int            // the sheet's, in the workbook
	rows       *excelize.Rows // formatted values
	raw        *excelize.Rows // raw values
	header     []string
	headerLine int
	line       int
	sheet      string
	types      *cellTypes // text or number, row by row; nil if the sheet could not be followed
}

// openXLSX reads the workbook's first sheet (OpenAll reads every sheet).
func openXLSX(path string) (Source, error) {
	wb, err := openWorkbook(path)
	if err != nil {
		return nil, err
	}
	defer wb.release() // the sheet holds its own reference
	return wb.sheet(0)
}

// sheet opens the index-th sheet of the workbook; an empty sheet is the
// file_empty FileError.
func (wb *workbook) sheet(index int) (src *xlsxSource, err error) {
	s := &xlsxSource{wb: wb, index: index, sheet: wb.sheets[index]}
	wb.refs++
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := s.openRows(); err != nil {
		return nil, err
	}
	// The header is the first non-empty row.
	for {
		r, err := s.Next()
		if err == io.EOF {
			return nil, fileErr(0, i18n.M("import.file_empty"))
		}
		if err != nil {
			return nil, err
		}
		if !blank(r.Cells) {
			s.header = append([]string(nil), r.Cells...)
			s.headerLine = r.Line
			return s, nil
		}
	}
}

// openRows starts the sheet's two row walks (and the cell types) at its
// first row.
func (s *xlsxSource) openRows() error {
	var err error
	if s.rows, err = s.wb.f.Rows(s.sheet); err != nil {
		return fileErr(0, i18n.M("import.file_bad_xlsx", err.Error()))
	}
	if s.raw, err = s.wb.f.Rows(s.sheet); err != nil {
		return fileErr(0, i18n.M("import.file_bad_xlsx", err.Error()))
	}
	// Not following the types is not fatal: every ambiguous cell is then
	// read as a number, as GetCellType's failures were.
	s.types, _ = openCellTypes(s.wb.path, s.wb.f, s.index)
	s.line = 0
	return nil
}

// Rewind walks the sheet again from the row after its header.
func (s *xlsxSource) Rewind() error {
	s.closeRows()
	if err := s.openRows(); err != nil {
		return err
	}
	for s.line < s.headerLine {
		if _, err := s.Next(); err != nil {
			return err
		}
	}
	return nil
}

func (s *xlsxSource) closeRows() {
	if s.rows != nil {
		s.rows.Close()
	}
	if s.raw != nil {
		s.raw.Close()
	}
	if s.types != nil {
		s.types.close()
	}
	s.rows, s.raw, s.types = nil, nil, nil
}

func (s *xlsxSource) Header() []string { return s.header }
func (s *xlsxSource) HeaderLine() int  { return s.headerLine }
func (s *xlsxSource) Format() string   { return fmt.Sprintf("XLSX, sheet %q", s.sheet) }
func (s *xlsxSource) XLSX() bool       { return true }
func (s *xlsxSource) Date1904() bool   { return s.wb.date1904 }

func (s *xlsxSource) Next() (Row, error) {
	more, moreRaw := s.rows.Next(), s.raw.Next()
	if !more || !moreRaw {
		if err := s.rows.Error(); err != nil {
			return Row{}, err
		}
		return Row{}, io.EOF
	}
	s.line++
	if s.types != nil {
		s.types.next()
	}
	cells, err := s.rows.Columns()
	if err != nil {
		return Row{}, &LineError{Line: s.line, Reason: i18n.M("import.unreadable_line", err.Error())}
	}
	raw, err := s.raw.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return Row{}, &LineError{Line: s.line, Reason: i18n.M("import.unreadable_line", err.Error())}
	}
	return Row{Line: s.line, Cells: cells, Raw: raw}, nil
}

// IsText reports whether the cell at (line, column index) holds text
// rather than a number; only asked for the rare numeric-looking amount
// whose raw and formatted values agree ("1.200": text, or the number 1.2?).
// It answers for the line Next returned last, from the types read in step
// with it: excelize's GetCellType would load the whole sheet into memory.
func (s *xlsxSource) IsText(line, col int) bool {
	return s.types != nil && s.types.isText(line, col)
}

func (s *xlsxSource) Close() error {
	s.closeRows()
	wb := s.wb
	s.wb = nil
	if wb == nil {
		return nil // closed already
	}
	return wb.release()
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
