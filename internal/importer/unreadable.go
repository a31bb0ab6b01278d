package importer

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/relance-app/relance/internal/i18n"
)

// unreadable is why a file cannot be read: in words, with what to do, for
// what an owner can act on (no such file, no right to read it, a folder
// chosen); Go's own text otherwise, which would have been English on a
// French screen ("open factures.csv: no such file or directory").
func unreadable(err error) i18n.Msg {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return i18n.M("import.file_missing")
	case errors.Is(err, fs.ErrPermission):
		return i18n.M("import.file_forbidden")
	case errors.Is(err, syscall.EISDIR):
		return i18n.M("import.file_is_folder")
	}
	return i18n.M("import.file_unreadable", err.Error())
}

// badXLSX is why a workbook cannot be opened: the file's own trouble in
// words (unreadable), else what the archive's reader says of it.
func badXLSX(err error) i18n.Msg {
	if m := unreadable(err); m.Key != "import.file_unreadable" {
		return m
	}
	return i18n.M("import.file_bad_xlsx", err.Error())
}
