package importer

import (
	"archive/zip"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/i18n"
)

// An XLSX file is a zip archive, and a zip archive can inflate a thousand
// times: a 4 MB file whose sheet unpacks to several gigabytes (a zip bomb)
// must be refused before anything is unpacked, not after it filled the
// memory or the temporary folder.
const (
	// maxXLSXUnzipped bounds what the whole workbook unpacks to. Excel's
	// largest sheet, 1,048,576 rows of a dozen columns as a ledger export
	// has, is about 500 MB of XML (shared strings included); twice that
	// leaves room for wide rows, and a larger file is not an export of a
	// small business's ledger.
	maxXLSXUnzipped = 1 << 30
	// maxXLSXInMemory bounds a part excelize unpacks into memory. A larger
	// sheet or shared-strings part goes to a temporary file and is read as
	// a stream; any other part (styles, workbook, relationships) is read
	// whole, and those are kilobytes in a real file, so a large one is
	// refused rather than held.
	maxXLSXInMemory = 64 << 20
)

// xlsxOptions are excelize's own unzip limits, the same as ours: they hold
// even if the pre-check below misses a case.
func xlsxOptions(tmp string) excelize.Options {
	return excelize.Options{UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: maxXLSXInMemory, TmpDir: tmp}
}

// checkXLSXSizes reads the archive's directory (no part is inflated) and
// refuses a workbook that would unpack beyond the limits. The sizes it
// reads are binding: archive/zip fails a part that inflates to more than
// its directory entry says, so a bomb cannot lie its way past this.
func checkXLSXSizes(path string) *FileError {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fileErr(0, badXLSX(err))
	}
	defer zr.Close()
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxXLSXUnzipped {
			return fileErr(0, i18n.M("import.file_xlsx_too_big", maxXLSXUnzipped>>20))
		}
		if f.UncompressedSize64 > maxXLSXInMemory && !streamedPart(f.Name) {
			return fileErr(0, i18n.M("import.file_xlsx_part_too_big", f.Name, maxXLSXInMemory>>20))
		}
	}
	return nil
}

// streamedPart reports whether excelize unpacks a large part of this name
// to a temporary file (worksheets, shared strings) rather than to memory.
func streamedPart(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, `\`, "/"))
	return strings.HasPrefix(n, "xl/worksheets/sheet") || n == "xl/sharedstrings.xml"
}

// xlsxTempDir is a folder of our own for excelize's temporary files
// (excelize-*: large sheets, shared strings), removed whole when the source
// is closed or fails to open: excelize itself leaves its files behind when
// opening fails half-way.
func xlsxTempDir() (string, error) {
	return os.MkdirTemp("", "relance-xlsx-")
}
