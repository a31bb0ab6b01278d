package printing

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
)

// PrintFolder is where the letters printed or opened from the app are kept:
// "printed" next to the ledger (the data folder for the default ledger),
// as the owner's templates are. The owner is told the file's path.
func (s *Service) PrintFolder() string {
	dir := filepath.Dir(s.St.Path())
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Join(dir, "printed")
}

// KeepPrinted writes a PDF into PrintFolder under name (".pdf" added; " (2)", " (3)"…
// when a file of that name is there: an earlier batch is never
// overwritten) and gives its path.
func (s *Service) KeepPrinted(name string, pdf []byte) (string, error) {
	dir := s.PrintFolder()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", writeErr(dir, err)
	}
	prunePrinted(dir, s.Now().Add(-KeepPrintedFor))
	name = SafeFileName(name)
	for i := 1; i < 1000; i++ {
		p := filepath.Join(dir, name+".pdf")
		if i > 1 {
			p = filepath.Join(dir, fmt.Sprintf("%s (%d).pdf", name, i))
		}
		// O_EXCL: two batches of the same day never share a file.
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", writeErr(p, err)
		}
		_, werr := f.Write(pdf)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(p)
			return "", writeErr(p, werr)
		}
		return p, nil
	}
	return "", core.UserErr("printing.too_many", filepath.Join(dir, name+".pdf"))
}

// KeepPrintedFor is how long a printed file stays in PrintFolder. The
// files are what went to the printer or the viewer, with the customers'
// names, addresses and debts in them: kept for a reprint, a jam or a
// question about what was posted, not for ever. What was sent is in the
// ledger (the dunning history, the timeline), which does not need them.
const KeepPrintedFor = 90 * 24 * time.Hour

// prunePrinted removes the PDFs of the print folder last written before
// cutoff. Best effort: a file that cannot be removed (open in a viewer on
// Windows) is left for the next time, and nothing else in the folder is
// touched.
func prunePrinted(dir string, cutoff time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(e.Name()), ".pdf") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeErr says why a file could not be written, in the owner's words
// where the reason is a common one.
func writeErr(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return &core.UserError{Msg: i18n.M("printing.write_denied", path), Err: err}
	case errors.Is(err, fs.ErrNotExist):
		return &core.UserError{Msg: i18n.M("printing.write_no_folder", filepath.Dir(path)), Err: err}
	}
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error() // the path is said already
	}
	return &core.UserError{Msg: i18n.M("printing.write_failed", path, reason), Err: err}
}

// SafeFileName keeps a file name free of separators and control characters
// (an invoice number may hold a slash).
func SafeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		return "relance"
	}
	return name
}

// SavePDFAs writes a PDF where the owner chose, through a temporary file in
// the same folder renamed into place: a failure leaves what was there, and
// a reader never sees half a file.
func (s *Service) SavePDFAs(path string, pdf []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return writeErr(path, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return writeErr(path, err)
	}
	if _, err := f.Write(pdf); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	return nil
}
