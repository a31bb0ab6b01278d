package hostile

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBombsInflateToWhatTheySay: the generators make what they claim, with
// valid checksums (zlib's Adler-32, zip's CRC-32), or the tests that use
// them would pass for the wrong reason.
func TestBombsInflateToWhatTheySay(t *testing.T) {
	pdf, err := PDFBomb(64 << 20)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(pdf, []byte("stream\n")) + len("stream\n")
	j := bytes.LastIndex(pdf, []byte("\nendstream"))
	zr, err := zlib.NewReader(bytes.NewReader(pdf[i:j]))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		t.Fatalf("inflate: %v", err)
	}
	if want := int64(64<<20) / 11 * 11; n != want {
		t.Errorf("inflates to %d bytes, want %d", n, want)
	}
	if len(pdf) > 200<<10 {
		t.Errorf("a 64 MiB bomb takes %d bytes", len(pdf))
	}

	p := filepath.Join(t.TempDir(), "bomb.xlsx")
	if err := XLSXBomb(p, 64<<20, false); err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, _ := f.Open()
		n, err := io.Copy(io.Discard, rc)
		if err != nil {
			t.Fatalf("inflate the sheet: %v", err)
		}
		if n != int64(f.UncompressedSize64) || n < 60<<20 {
			t.Errorf("sheet inflates to %d bytes, says %d", n, f.UncompressedSize64)
		}
	}
}

func TestManyPagesPDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed")
	}
	p := filepath.Join(t.TempDir(), "many.pdf")
	writeFile(t, p, ManyPagesPDF(1000))
	out, err := exec.Command("qpdf", "--show-npages", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); n != 1000 {
		t.Errorf("qpdf counts %d pages, want 1000", n)
	}
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
