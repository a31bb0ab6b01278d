package render

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// testdata/original-invoice.pdf is a two-page invoice made by LibreOffice
// Writer 7.4 from original-invoice.html (soffice --headless --writer
// --convert-to pdf): a PDF from other software, as owners keep them.

func needPDFTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"qpdf", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
}

func readOriginal(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/original-invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pageTexts gives each page's text through pdftotext, after qpdf --check.
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "joined.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	info, err := exec.Command("qpdf", "--show-npages", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(info)))
	var texts []string
	for i := 1; i <= n; i++ {
		out, err := exec.Command("pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(out))
	}
	return texts
}

func ownPage(title string) []Page { return Cover(210, 297, title, nil, nil).Pages }

func TestJoinPutsForeignPagesInPlace(t *testing.T) {
	needPDFTools(t)
	orig := readOriginal(t)
	dir := t.TempDir()
	// The same invoice rewritten with object streams and a cross-reference
	// stream (PDF 1.5), as many programs write them.
	src := filepath.Join(dir, "orig.pdf")
	os.WriteFile(src, orig, 0o600)
	objstm := filepath.Join(dir, "objstm.pdf")
	if out, err := exec.Command("qpdf", "--object-streams=generate", src, objstm).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	orig2, _ := os.ReadFile(objstm)
	// Permissions only: opens without a password, printing forbidden.
	restricted := filepath.Join(dir, "restricted.pdf")
	if out, err := exec.Command("qpdf", "--encrypt", "", "owner-secret", "256", "--print=none", "--", src, restricted).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	orig3, _ := os.ReadFile(restricted)
	for name, data := range map[string][]byte{"as made": orig, "object streams": orig2, "permissions only": orig3} {
		t.Run(name, func(t *testing.T) {
			f, err := ReadForeign("orig.pdf", data)
			if err != nil {
				t.Fatal(err)
			}
			if f.Pages != 2 {
				t.Fatalf("%d pages, want 2", f.Pages)
			}
			parts := []Part{{Pages: ownPage("LETTER-ALPHA")}, {Foreign: f}, {Pages: ownPage("LETTER-BRAVO")}, {Foreign: f}}
			if PageCount(parts) != 6 {
				t.Fatalf("PageCount %d, want 6", PageCount(parts))
			}
			pdf, err := JoinPDF(parts, "joined")
			if err != nil {
				t.Fatal(err)
			}
			texts := pageTexts(t, pdf)
			want := []string{"LETTER-ALPHA", "FACTURE F-1001", "Conditions générales", "LETTER-BRAVO", "FACTURE F-1001", "Conditions générales"}
			if len(texts) != len(want) {
				t.Fatalf("%d pages, want %d", len(texts), len(want))
			}
			for i, w := range want {
				if !strings.Contains(texts[i], w) {
					t.Errorf("page %d: want %q, got %q", i+1, w, texts[i])
				}
			}
		})
	}
}

// TestJoinWithoutForeignIsOurPDF: no original on file, no pdfcpu pass.
func TestJoinWithoutForeignIsOurPDF(t *testing.T) {
	parts := []Part{{Pages: ownPage("A")}, {Pages: ownPage("B")}}
	got, err := JoinPDF(parts, "t")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := PDF(&Layout{Pages: append(ownPage("A"), ownPage("B")...)}, "t")
	if string(got) != string(want) {
		t.Error("a document of our own pages only is not written by our writer alone")
	}
}

// TestUnusableOriginals: what cannot be copied is refused with the file's
// name and the reason, never half-appended.
func TestUnusableOriginals(t *testing.T) {
	needPDFTools(t)
	orig := readOriginal(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "orig.pdf")
	os.WriteFile(src, orig, 0o600)
	locked := filepath.Join(dir, "locked.pdf")
	if out, err := exec.Command("qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", src, locked).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	lockedData, _ := os.ReadFile(locked)
	cases := map[string][]byte{
		"empty":           nil,
		"not a PDF":       []byte("Invoice F-1001\nTotal 1200 EUR\n"),
		"truncated":       orig[:len(orig)/3],
		"password locked": lockedData,
	}
	for name, data := range cases {
		f, err := ReadForeign("/data/"+name+".pdf", data)
		if err == nil {
			t.Errorf("%s: accepted (%d pages)", name, f.Pages)
			continue
		}
		if !errors.Is(err, ErrForeignPDF) || !strings.Contains(err.Error(), "/data/"+name+".pdf") {
			t.Errorf("%s: error %q does not name the file or is not ErrForeignPDF", name, err)
		}
	}
}
