package importer

// The whole-file CSV reader as it was before csv_stream.go (read whole,
// decoded whole, parsed from memory), kept as the oracle the stream must
// agree with: same text, same errors, same lines.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/i18n"
)

func wholeFileCSV(data []byte) (Source, error) {
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

// sniffDelimiter counts candidate delimiters outside quotes on the first
// line (the header, which rarely quotes anything) and picks the most
// frequent; ties go to ';' then ',' then tab. French Excel writes ';'
// because ',' is its decimal mark.
func sniffDelimiter(data []byte) rune {
	// The delimiter most frequent on any one of the first ten lines
	// (outside quotes).
	most := map[rune]int{}
	line := map[rune]int{}
	lines := 0
	inQuote := false
	flush := func() {
		for c, n := range line {
			if n > most[c] {
				most[c] = n
			}
		}
		line = map[rune]int{}
		lines++
	}
	for _, c := range string(data) {
		if lines == 10 {
			break
		}
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			flush()
		case c == ',' || c == ';' || c == '\t' || c == '|':
			line[c]++
		}
	}
	flush()
	best, bestN := ',', 0
	for _, c := range []rune{';', ',', '\t', '|'} {
		if most[c] > bestN {
			best, bestN = c, most[c]
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
