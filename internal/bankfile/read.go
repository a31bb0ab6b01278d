package bankfile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// MaxFileBytes bounds a statement file: a year of a busy account in CAMT
// (100,000 entries with their details) fits well inside, while a file
// far larger is not a statement a small business receives and is refused
// before it is read, rather than held in memory.
const MaxFileBytes = 128 << 20

// Options are what the owner says of a file that the file does not.
type Options struct {
	// Account: the account the statement is of, for files that carry
	// none (most CSV files, some OFX) and to confirm one that does.
	Account string
	// Currency of a CSV file's amounts (CSV files rarely say).
	Currency ledger.Currency

	// CSV files only. Rename maps headers as the file writes them to bank
	// columns (CSVColumns), for headers the aliases do not know.
	Rename map[string]string
	// DateOrder of slash and dash dates: "" learns it from the file's
	// dates (day first when none tells).
	DateOrder importer.DateOrder
	// HeaderLine is the header row's line when the owner picks it; 0
	// finds it below any title lines.
	HeaderLine int
}

// Chunk is part of a statement as ReadChunks hands it over: the
// statement's own fields (account, currency, period) with the entries
// read since the previous chunk of the same statement. Seq is the
// statement's index in the file (chunks of one statement share it; the
// first chunk of each is the first time it is seen). Read and Size say
// how far the file has been read, for progress.
type Chunk struct {
	Statement
	Seq        int
	Read, Size int64
}

// ReadChunks reads one statement file as Read does, handing the
// statements over to fn as they are read: a large CAMT file in chunks of
// a few thousand entries, so that the caller matches them while the rest
// of the file is read (two cores); other formats, which read in a
// fraction of that time, one chunk per statement once the file is read.
// An error from fn stops the reading and is returned; an error in the
// file may come after chunks were handed over, so a caller writes them
// all or nothing (one transaction).
func ReadChunks(name string, r io.Reader, opts Options, fn func(Chunk) error) error {
	data, err := readAll(name, r)
	if err != nil {
		return err
	}
	var sts []Statement
	switch Detect(data) {
	case FormatCAMT052, FormatCAMT053, FormatCAMT054:
		_, err = readCAMTChunks(data, fn)
	case FormatOFX1, FormatOFX2:
		sts, err = readOFX(data, opts)
	default:
		sts, err = readCSV(data, opts)
	}
	for i := 0; err == nil && i < len(sts); i++ {
		err = fn(Chunk{Statement: sts[i], Seq: i, Read: int64(len(data)), Size: int64(len(data))})
	}
	if fe, ok := err.(*importer.FileError); ok && fe.File == "" {
		fe.File = name
	}
	return err
}

// Read reads one statement file. name is the file's name for messages.
// Errors are *importer.FileError (file, line, reason naming the field and
// the value), so the CLI and the app say them as they say an import's.
func Read(name string, r io.Reader, opts Options) ([]Statement, error) {
	data, err := readAll(name, r)
	if err != nil {
		return nil, err
	}
	var sts []Statement
	switch Detect(data) {
	case FormatCAMT052, FormatCAMT053, FormatCAMT054:
		sts, err = readCAMT(data)
	case FormatOFX1, FormatOFX2:
		sts, err = readOFX(data, opts)
	default:
		sts, err = readCSV(data, opts)
	}
	if fe, ok := err.(*importer.FileError); ok && fe.File == "" {
		fe.File = name
	}
	return sts, err
}

// Detect tells a file's format from its first bytes: an ISO 20022
// Document naming a camt message, an OFX header (SGML "OFXHEADER:" or
// XML "<?OFX"), else CSV.
func Detect(data []byte) Format {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case bytes.Contains(head, []byte("camt.052")):
		return FormatCAMT052
	case bytes.Contains(head, []byte("camt.053")):
		return FormatCAMT053
	case bytes.Contains(head, []byte("camt.054")):
		return FormatCAMT054
	case bytes.Contains(head, []byte("<?OFX")):
		return FormatOFX2
	case bytes.HasPrefix(bytes.TrimSpace(head), []byte("OFXHEADER:")), bytes.Contains(head, []byte("<OFX>")):
		return FormatOFX1
	}
	return FormatCSV
}

// lineAt is the 1-based line of byte offset off in data, for messages.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// readAll reads a whole statement file, refusing one larger than
// MaxFileBytes (named name in the error).
func readAll(name string, r io.Reader) ([]byte, error) {
	// A file says its size: one too large is refused before a byte is
	// read, and the buffer is made once at the right size instead of
	// growing by doubling (which held up to twice the limit).
	var size int64 = -1
	if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if size > MaxFileBytes {
		return nil, &importer.FileError{File: name, Reason: i18n.M("bank.too_large", MaxFileBytes>>20)}
	}
	var data []byte
	var err error
	if size >= 0 {
		data = make([]byte, 0, size+1)
		buf := bytes.NewBuffer(data)
		_, err = buf.ReadFrom(io.LimitReader(r, MaxFileBytes+1))
		data = buf.Bytes()
	} else {
		data, err = io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, &importer.FileError{File: name, Reason: i18n.M("bank.too_large", MaxFileBytes>>20)}
	}
	return data, nil
}
