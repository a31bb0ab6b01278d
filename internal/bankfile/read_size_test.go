package bankfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
)

// TestReadRefusesALargeFileByItsSize: a 200 MB file on disk (sparse: no
// disk used) is refused from its size, naming the file, before any byte
// is read: the error comes back although the file is all zeros, which no
// reader would take for a statement.
func TestReadRefusesALargeFileByItsSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "releve.xml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	_, err = Read("releve.xml", f, Options{})
	var fe *importer.FileError
	if !errors.As(err, &fe) || fe.File != "releve.xml" || fe.Reason.Key != "bank.too_large" {
		t.Fatalf("200 MB file: %v", err)
	}
	if off, _ := f.Seek(0, 1); off != 0 {
		t.Fatalf("%d bytes read before the refusal", off)
	}
	if !strings.Contains(err.Error(), "128 MiB") {
		t.Errorf("the message does not say the limit: %v", err)
	}
}
