package records

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// IgnoredSummary says which of a file's columns were not read (the first
// ten named, the rest counted).
func IgnoredSummary(columns []string) i18n.Msg { return importer.IgnoredSummary(columns) }

// ImportPreview is a first look at a file to import: its first rows as
// the file shows them (blank ones left out), each with its line, from
// which the owner may pick the header row; the header the import would
// take by itself (title lines above it), its line and its columns not
// understood (for the owner to name); and every column the kind knows,
// the required ones apart.
type ImportPreview struct {
	Rows       []ImportPreviewRow
	Header     []string
	HeaderLine int
	Unknown    []string
	Columns    []string
	Required   []string
}

// ImportPreviewRow is a row of the file and its line.
type ImportPreviewRow struct {
	Line  int
	Cells []string
}

// Row is the row on line, if the preview holds it.
func (p ImportPreview) Row(line int) (ImportPreviewRow, bool) {
	for _, r := range p.Rows {
		if r.Line == line {
			return r, true
		}
	}
	return ImportPreviewRow{}, false
}

// DataRows are the preview's rows below its header.
func (p ImportPreview) DataRows() []ImportPreviewRow {
	var out []ImportPreviewRow
	for _, r := range p.Rows {
		if r.Line > p.HeaderLine {
			out = append(out, r)
		}
	}
	return out
}

// InspectImport reads a file's first rows for the kind of import: those
// above the header the import would take, the header, and at most rows
// under it. A file that cannot be read is an *importer.FileError naming
// it.
func InspectImport(path string, kind importer.Kind, rows int) (ImportPreview, error) {
	var p ImportPreview
	src, err := importer.Open(path)
	if err != nil {
		return p, err
	}
	defer src.Close()
	p.Columns, p.Required = importer.Columns(kind)
	// The header the import will take: exports put title lines above it.
	if p.Header, p.HeaderLine, p.Unknown, err = importer.FindHeader(src, kind); err != nil {
		return p, err
	}
	if err := src.Rewind(); err != nil {
		return p, err
	}
	p.Rows = append(p.Rows, ImportPreviewRow{Line: src.HeaderLine(), Cells: append([]string(nil), src.Header()...)})
	for below := 0; below < rows; {
		row, err := src.Next()
		if err != nil {
			break // the end, or a line the import itself will report
		}
		if blankRow(row.Cells) {
			continue
		}
		p.Rows = append(p.Rows, ImportPreviewRow{Line: row.Line, Cells: append([]string(nil), row.Cells...)}) // the reader reuses its slice
		if row.Line > p.HeaderLine {
			below++
		}
	}
	return p, nil
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ColumnsOf says, for each cell of a header row, the column of the kind
// the import reads it as ("" = not read), as the import would map it.
func ColumnsOf(kind importer.Kind, header []string) []string {
	m, _, _ := importer.MapHeader(kind, header)
	out := make([]string, len(header))
	for name, i := range m {
		if i < len(out) {
			out[i] = name
		}
	}
	return out
}
