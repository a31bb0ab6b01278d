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

	"github.com/relance-app/relance/internal/i18n"
	"golang.org/x/text/encoding/charmap"
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
	// IsText reports whether a spreadsheet cell holds text (CSV: always).
	IsText(line, col int) bool
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
		return nil, fe // before the file is read whole
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fileErr(0, i18n.M("import.file_unreadable", err.Error()))
	}
	return NewCSV(data)
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
	if e.Line > 0 {
		return i18n.T(l, "import.problem_line", e.File, e.Line, e.Reason.In(l))
	}
	return i18n.T(l, "import.problem_file", e.File, e.Reason.In(l))
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
			return nil, fileErr(firstInvalidLine(data), i18n.M("import.file_bad_utf8_bom"))
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		d, err := decodeUTF16(data)
		if err != nil {
			return nil, fileErr(0, i18n.M("import.file_bad_utf16"))
		}
		data, enc = d, "UTF-16"
	case !utf8.Valid(data):
		if hasUTF8Sequence(data) {
			// Some lines are UTF-8 and some are not: decoding the whole file
			// as a Windows code page would garble the UTF-8 names.
			return nil, fileErr(firstInvalidLine(data), i18n.M("import.file_mixed_encoding"))
		}
		name, cm := guessCodePage(data)
		d, err := cm.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fileErr(0, i18n.M("import.file_undefined_byte", name))
		}
		if i := bytes.IndexRune(d, utf8.RuneError); i >= 0 {
			return nil, fileErr(1+bytes.Count(d[:i], []byte("\n")), i18n.M("import.file_undefined_byte", name))
		}
		data, enc = d, name
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fileErr(0, i18n.M("import.file_binary"))
	}
	delim := sniffDelimiter(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1 // we report ragged rows ourselves, with their line
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fileErr(0, i18n.M("import.file_empty"))
	}
	if err != nil {
		le := csvError(err)
		return nil, fileErr(le.Line, le.Reason)
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
func (s *csvSource) HeaderLine() int { return 1 }

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

// hasUTF8Sequence reports whether data holds a valid multi-byte UTF-8
// sequence; a file in a Windows code page practically never does.
func hasUTF8Sequence(data []byte) bool {
	for len(data) > 0 {
		if data[0] < utf8.RuneSelf {
			data = data[1:]
			continue
		}
		r, size := utf8.DecodeRune(data)
		if r != utf8.RuneError && size > 1 {
			return true
		}
		data = data[1:]
	}
	return false
}

// guessCodePage picks the Windows code page of a file that is not UTF-8:
// Windows-1251 (Serbian Cyrillic) when high bytes come in runs, as letters
// of a Cyrillic word do; Windows-1250 (Serbian Latin, Central Europe) when
// Windows-1252 would give letters that French and English do not use (š,
// ž, ð, æ: Serbian š, ž, đ, ć); Windows-1252 (French, English) otherwise.
func guessCodePage(data []byte) (string, *charmap.Charmap) {
	high, paired := 0, 0
	for i, b := range data {
		if b < 0x80 {
			continue
		}
		high++
		if (i > 0 && data[i-1] >= 0xC0) || (i+1 < len(data) && data[i+1] >= 0xC0) {
			paired++
		}
	}
	if high > 0 && paired*2 > high {
		return "Windows-1251", charmap.Windows1251
	}
	for _, b := range data {
		switch b {
		case 0x8A, 0x9A, 0x8E, 0x9E, 0xD0, 0xF0, 0xC6, 0xE6:
			return "Windows-1250", charmap.Windows1250
		}
	}
	return "Windows-1252", charmap.Windows1252
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

// xlsxSource reads the first sheet of a workbook. It walks the sheet twice
// in step: formatted values (what the owner sees: a postcode "01000", a
// phone "0612345678" kept by their number format) for text columns, and
// raw values for amounts and dates (a number with its full precision, a
// date as its serial day number), so that no display format rounds money.
type xlsxSource struct {
	f          *excelize.File
	rows       *excelize.Rows // formatted values
	raw        *excelize.Rows // raw values
	header     []string
	headerLine int
	line       int
	sheet      string
	date1904   bool
	tmp        string // our folder for excelize's temporary files
}

func openXLSX(path string) (src Source, err error) {
	if fe := checkXLSXSizes(path); fe != nil {
		return nil, fe
	}
	tmp, err := xlsxTempDir()
	if err != nil {
		return nil, fileErr(0, i18n.M("import.file_unreadable", err.Error()))
	}
	s := &xlsxSource{tmp: tmp}
	defer func() {
		if err != nil {
			s.Close() // every path that fails removes excelize's temporary files
		}
	}()
	s.f, err = excelize.OpenFile(path, xlsxOptions(tmp))
	if err != nil {
		return nil, fileErr(0, i18n.M("import.file_bad_xlsx", err.Error()))
	}
	sheets := s.f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileErr(0, i18n.M("import.file_empty"))
	}
	s.sheet = sheets[0]
	if s.rows, err = s.f.Rows(s.sheet); err != nil {
		return nil, fileErr(0, i18n.M("import.file_bad_xlsx", err.Error()))
	}
	if s.raw, err = s.f.Rows(s.sheet); err != nil {
		return nil, fileErr(0, i18n.M("import.file_bad_xlsx", err.Error()))
	}
	if props, err := s.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
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

func (s *xlsxSource) Header() []string { return s.header }
func (s *xlsxSource) HeaderLine() int  { return s.headerLine }
func (s *xlsxSource) Format() string   { return fmt.Sprintf("XLSX, sheet %q", s.sheet) }
func (s *xlsxSource) XLSX() bool       { return true }
func (s *xlsxSource) Date1904() bool   { return s.date1904 }

func (s *xlsxSource) Next() (Row, error) {
	more, moreRaw := s.rows.Next(), s.raw.Next()
	if !more || !moreRaw {
		if err := s.rows.Error(); err != nil {
			return Row{}, err
		}
		return Row{}, io.EOF
	}
	s.line++
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
func (s *xlsxSource) IsText(line, col int) bool {
	name, err := excelize.CoordinatesToCellName(col+1, line)
	if err != nil {
		return false
	}
	t, err := s.f.GetCellType(s.sheet, name)
	return err == nil && (t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString)
}

func (s *xlsxSource) Close() error {
	if s.rows != nil {
		s.rows.Close()
	}
	if s.raw != nil {
		s.raw.Close()
	}
	var err error
	if s.f != nil {
		err = s.f.Close()
	}
	if s.tmp != "" {
		if rerr := os.RemoveAll(s.tmp); rerr != nil && err == nil {
			err = fmt.Errorf("remove the workbook's temporary files: %w", rerr)
		}
	}
	return err
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
