package importer

import (
	"io"
	"os"

	"github.com/relance-app/relance/internal/i18n"
)

// maxRowBytes bounds one row of a CSV file (quoted line breaks included).
// A ledger export's row is under 2 KB; a row of a megabyte is junk or a
// quote never closed, and reading it whole, then decoding and splitting
// it, would cost several times its size (a 200 MB cell took 1.7 GB).
const maxRowBytes = 1 << 20

// checkRowSizes reads the file once as a stream, with a 64 KB buffer, and
// refuses it at the first row longer than maxRowBytes, before the file is
// read into memory. Quotes are followed (a line break inside quotes does
// not end the row); '"' and '\n' are the same bytes in every encoding we
// read except UTF-16, where a row's bytes count double, which is still
// far from any real row.
func checkRowSizes(path string) *FileError {
	f, err := os.Open(path)
	if err != nil {
		return fileErr(0, unreadable(err))
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	line, rowStart, n, inQuote := 1, 1, 0, false
	for {
		k, err := f.Read(buf)
		for _, c := range buf[:k] {
			switch c {
			case '"':
				inQuote = !inQuote
			case '\n':
				line++
				if !inQuote {
					rowStart, n = line, 0
					continue
				}
			}
			if n++; n > maxRowBytes {
				return fileErr(rowStart, i18n.M("import.row_too_long", maxRowBytes>>20))
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fileErr(0, unreadable(err))
		}
	}
}
