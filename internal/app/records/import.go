package records

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// IgnoredSummary says which of a file's columns were not read (the first
// ten named, the rest counted).
func IgnoredSummary(columns []string) i18n.Msg { return importer.IgnoredSummary(columns) }

// ImportPreview is a first look at a file to import: its header, the
// columns of the header not understood (for the owner to name), every
// column the kind knows, and the first rows as shown.
type ImportPreview struct {
	Header     []string
	HeaderLine int // the file's line of Header (title lines above it)
	Unknown    []string
	Columns    []string
	Rows       [][]string
}

// InspectImport reads a file's header and first rows (at most rows) for
// the kind of import. A file that cannot be read is an
// *importer.FileError naming it.
func InspectImport(path string, kind importer.Kind, rows int) (ImportPreview, error) {
	var p ImportPreview
	src, err := importer.Open(path)
	if err != nil {
		return p, err
	}
	defer src.Close()
	// The header the import will take: exports put title lines above it.
	if p.Header, p.HeaderLine, p.Unknown, err = importer.FindHeader(src, kind); err != nil {
		return p, err
	}
	p.Columns, _ = importer.Columns(kind)
	for i := 0; i < rows; i++ {
		row, err := src.Next()
		if err != nil {
			break // the end, or a line the import itself will report
		}
		p.Rows = append(p.Rows, row.Cells)
	}
	return p, nil
}
