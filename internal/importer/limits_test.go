package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/hostile"
	"github.com/relance-app/relance/internal/i18n"
)

// noTempFiles fails if excelize left anything in dir (TMPDIR of the test).
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	deep, _ := filepath.Glob(filepath.Join(dir, "*", "excelize-*"))
	if len(left)+len(deep) > 0 {
		t.Errorf("temporary files left behind: %v %v", left, deep)
	}
}

// TestXLSXBombRefused: a 4 GiB sheet in a 4 MB file is refused from the
// archive's directory, before anything is inflated, and a sheet whose
// directory lies about its size is stopped when the bytes keep coming;
// neither leaves a temporary file. Before the limits (excelize's defaults:
// 16 GB, sheets over 16 MB to a temporary file) the first bomb took 8.4 GB
// of memory and was still running after 150 s, leaving a 4.1 GB
// excelize-* file in the temporary folder.
func TestXLSXBombRefused(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	p := filepath.Join(dir, "bomb.xlsx")
	if err := hostile.XLSXBomb(p, 4<<30, false); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	src, err := Open(p)
	if err == nil {
		src.Close()
		t.Fatalf("a %d KB file that unpacks to 4 GiB opened", fi.Size()>>10)
	}
	var fe *FileError
	if !errors.As(err, &fe) || fe.Reason.Key != "import.file_xlsx_too_big" || fe.File != p {
		t.Errorf("%v, want import.file_xlsx_too_big naming the file", err)
	} else if !strings.Contains(fe.In(i18n.FR), "bombe zip") {
		t.Errorf("not said in French: %s", fe.In(i18n.FR))
	}
	noTempFiles(t, tmp)

	// The directory says 1 MiB, the sheet inflates to 200 MiB: zip stops
	// at 1 MiB (excelize keeps what came before the error), so the rows
	// end early rather than the memory filling.
	if err := hostile.XLSXBomb(p, 200<<20, true); err != nil {
		t.Fatal(err)
	}
	src, err = Open(p)
	if err == nil {
		rows := 0
		for ; ; rows++ {
			if _, err := src.Next(); err != nil {
				break
			}
		}
		src.Close()
		if max := (1 << 20) / 40; rows > max {
			t.Errorf("%d rows read from a sheet that says 1 MiB (at most %d fit)", rows, max)
		}
	}
	noTempFiles(t, tmp)
}

// TestXLSXLargeSheetTempRemoved: a sheet above the in-memory limit is read
// from a temporary file, and closing the source removes it.
func TestXLSXLargeSheetTempRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	p := filepath.Join(t.TempDir(), "big.xlsx")
	if err := hostile.XLSXBomb(p, maxXLSXInMemory+(8<<20), false); err != nil {
		t.Fatal(err)
	}
	src, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	deep, _ := filepath.Glob(filepath.Join(tmp, "*", "excelize-*"))
	if len(deep) == 0 {
		t.Error("the large sheet is not in a temporary file: the test tests nothing")
	}
	if h := src.Header(); len(h) != 1 || h[0] != "code" {
		t.Errorf("header %q", h)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	noTempFiles(t, tmp)
}

// TestIgnoredSummary: a million unknown columns make one line naming ten.
// Before, relancectl printed 1,000,000 warning lines.
func TestIgnoredSummary(t *testing.T) {
	many := make([]string, 1_000_000)
	for i := range many {
		many[i] = "x" + strconv.Itoa(i)
	}
	got := IgnoredSummary(many).In(i18n.EN)
	if strings.Count(got, "\n") != 0 || !strings.Contains(got, `"x9"`) || strings.Contains(got, `"x10"`) || !strings.Contains(got, "999990 more") {
		t.Errorf("%q", got)
	}
	if got := IgnoredSummary([]string{"colour"}).In(i18n.FR); !strings.Contains(got, `"colour"`) || strings.Contains(got, "autres") {
		t.Errorf("%q", got)
	}
}

// TestCSVHugeCellRefusedWhileStreaming: a 200 MB cell is refused at its
// line, with the limit, after reading the file as a stream: a few MB
// allocated. Before, the file was read whole and split (1.7 GB for the
// same file, measured by the attack review).
func TestCSVHugeCellRefusedWhileStreaming(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("code,name,notes\nC1,One,short\nC2,Two,\"")
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for i := 0; i < 200; i++ {
		f.Write(chunk)
	}
	f.WriteString("\"\nC3,Three,\n")
	f.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = Open(p)
	runtime.ReadMemStats(&after)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Reason.Key != "import.row_too_long" {
		t.Fatalf("%v, want line 3 refused for its length", err)
	}
	if msg := fe.In(i18n.EN); !strings.Contains(msg, p+":3:") || !strings.Contains(msg, "1 MiB") {
		t.Errorf("%q does not name the file, the line and the limit", msg)
	}
	if alloc := (after.TotalAlloc - before.TotalAlloc) >> 20; alloc > 8 {
		t.Errorf("%d MB allocated to refuse it", alloc)
	}
	// Below the limit, a long quoted value over several lines still reads.
	ok := filepath.Join(t.TempDir(), "ok.csv")
	os.WriteFile(ok, []byte("code,notes\nC1,\""+strings.Repeat("a line\n", 100_000)+"\"\n"), 0o600)
	src, err := Open(ok)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if r, err := src.Next(); err != nil || len(r.Cells[1]) != 700_000 {
		t.Fatalf("%v %d", err, len(r.Cells))
	}
}
