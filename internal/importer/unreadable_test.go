package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
)

// TestUnreadableFilesSaidInWords: a file that is not there, or a folder
// given for a file, is said in the owner's language with what to do, its
// path named, never with Go's English ("no such file or directory").
func TestUnreadableFilesSaidInWords(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		path, key string
	}{
		{filepath.Join(dir, "factures.csv"), "import.file_missing"},
		{filepath.Join(dir, "factures.xlsx"), "import.file_missing"},
		{dir, "import.file_is_folder"},
	} {
		_, err := Open(c.path)
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: %v, want a FileError", c.path, err)
		}
		for _, l := range []i18n.Lang{i18n.FR, i18n.DE, i18n.SRCyrl} {
			got := fe.In(l)
			if !strings.Contains(got, i18n.T(l, c.key)) || !strings.Contains(got, filepath.Base(c.path)) ||
				strings.Contains(got, "no such file") || strings.Contains(got, "is a directory") {
				t.Errorf("%s in %s: %q", c.path, l, got)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.csv"), []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if src, err := Open(filepath.Join(dir, "ok.csv")); err != nil {
		t.Errorf("a readable file: %v", err)
	} else {
		src.Close()
	}
}
