package printing

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/i18n"
)

func TestSavePDFAsReplacesWholeAndSaysAMissingFolder(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "lettres.pdf")
	s := &Service{}
	os.WriteFile(p, []byte("old"), 0o644)
	if err := s.SavePDFAs(p, []byte("%PDF-1.7 new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "%PDF-1.7 new" {
		t.Errorf("file holds %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
	err := s.SavePDFAs(filepath.Join(dir, "gone", "x.pdf"), []byte("x"))
	m := userMsg(t, err)
	if m.Key != "printing.write_no_folder" || m.In(i18n.FR) == "" {
		t.Errorf("said %s %q", m.Key, m.In(i18n.FR))
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{"lettre-F/2026/1": "lettre-F-2026-1", "..": "relance", "a\nb": "a-b", "писма-2026-11-22": "писма-2026-11-22"} {
		if got := SafeFileName(in); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The print folder keeps what was printed for KeepPrintedFor: an older
// PDF goes when the next one is kept, a recent one stays, and nothing
// but PDFs is touched.
func TestPrunePrintedRemovesOnlyOldPDFs(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	files := map[string]time.Time{
		"old.pdf":    now.Add(-KeepPrintedFor - time.Hour),
		"OLD2.PDF":   now.Add(-KeepPrintedFor - 48*time.Hour),
		"recent.pdf": now.Add(-KeepPrintedFor + time.Hour),
		"notes.txt":  now.Add(-2 * KeepPrintedFor),
	}
	for name, mt := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("%PDF-1.7"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	prunePrinted(dir, now.Add(-KeepPrintedFor))
	for name, want := range map[string]bool{"old.pdf": false, "OLD2.PDF": false, "recent.pdf": true, "notes.txt": true} {
		_, err := os.Stat(filepath.Join(dir, name))
		if got := err == nil; got != want {
			t.Errorf("%s kept %v, want %v", name, got, want)
		}
	}
}
