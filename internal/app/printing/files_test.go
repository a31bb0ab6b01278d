package printing

import (
	"os"
	"path/filepath"
	"testing"

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
