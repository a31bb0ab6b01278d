package importer

import "github.com/relance-app/relance/internal/i18n"

// headerAt takes the row on line `at` as the header (Options.HeaderLine:
// the owner's pick on the import screen, when the detected row is not
// the one): the non-blank rows above it are its title lines. A line that
// holds no row (blank, inside a quoted value, past the end) is an error
// naming it.
func headerAt(src Source, k Kind, rename func([]string) []string, at int, file string) (headerFound, error) {
	none := &FileError{File: file, Line: at, Reason: i18n.M("import.header_line_none")}
	h := headerFound{raw: src.Header(), line: src.HeaderLine()}
	for h.line < at {
		row, err := src.Next()
		if err != nil {
			return headerFound{line: at}, none
		}
		if !blank(h.raw) {
			h.titles++
		}
		h.raw, h.line = append([]string(nil), row.Cells...), row.Line
	}
	if h.line != at || blank(h.raw) {
		return headerFound{line: at}, none
	}
	h.header = rename(h.raw)
	h.mapping, h.unknown, h.problems = MapHeader(k, h.header)
	return h, nil
}

// columnsRead says, for each canonical column, the file's header it is
// read from, as written (Result.Mapping).
func (h headerFound) columnsRead() map[string]string {
	m := make(map[string]string, len(h.mapping))
	for name, i := range h.mapping {
		if i < len(h.raw) {
			m[name] = h.raw[i]
		}
	}
	return m
}
