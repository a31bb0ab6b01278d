package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/hostile"
)

// peakHeap samples the heap in use every few milliseconds until stop is
// called, and returns the highest figure seen.
func peakHeap() (stop func() uint64) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// TestXLSXAmountInHugeSheet: a General-format number on the one data row
// of a sheet that inflates past the in-memory limit (excelize streams it
// from a temporary file) is read as a number with the memory of a row.
//
// Before (IsText through excelize's GetCellType, which loads the whole
// sheet): a 4 MiB sheet of such rows took 28 s and a peak heap of 117 MB
// (29 bytes per byte of XML); a 20 MiB sheet was still normalising the
// loaded rows after 200 s (checkSheet is quadratic in rows without an r
// attribute), so a 900 MiB sheet, under the 1 GiB workbook limit, would
// have wanted about 26 GB before even that. After: see the log line.
func TestXLSXAmountInHugeSheet(t *testing.T) {
	if raceEnabled {
		t.Skip("measures memory: run without -race (scripts/test.sh does)")
	}
	if testing.Short() {
		t.Skip("reads a 72 MiB sheet")
	}
	st := newStore(t)
	seedCustomers(t, st)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	p := filepath.Join(t.TempDir(), "amount.xlsx")
	size := int64(maxXLSXInMemory + 8<<20)
	if err := hostile.XLSXRowsBomb(p, [][]string{
		{"number", "customer_code", "issue_date", "due_date", "currency", "total"},
		{"B1", "C001", "2025-06-01", "2025-07-01", "EUR", "1234.5"},
	}, size); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	runtime.GC()
	start := time.Now()
	stop := peakHeap()
	src, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), st, src, Options{Kind: Invoices, File: "amount.xlsx", Today: today})
	src.Close()
	peak := stop()
	t.Logf("%d KB file, %d MiB sheet: %v, peak heap %d MB", fi.Size()>>10, size>>20, time.Since(start).Round(time.Second), peak>>20)
	if err != nil || res.Rows != 1 || res.Created != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	inv, err := st.InvoiceByNumber(context.Background(), "B1")
	if err != nil || inv.Total.Minor != 123450 {
		t.Errorf("B1 total %d (%v), want 123450", inv.Total.Minor, err)
	}
	if peak > 150<<20 {
		t.Errorf("peak heap %d MB reading a %d MiB sheet", peak>>20, size>>20)
	}
	noTempFiles(t, tmp)
}

// sheetXLSX writes a workbook whose first sheet's XML is sheet, as written
// by hand (no r attributes, comments, prefixes): what excelize reads from
// it is what the types must follow.
func sheetXLSX(t *testing.T, sheet string) string {
	t.Helper()
	base := excelize.NewFile()
	var wb bytes.Buffer
	if err := base.Write(&wb); err != nil {
		t.Fatal(err)
	}
	base.Close()
	zr, err := zip.NewReader(bytes.NewReader(wb.Bytes()), int64(wb.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write([]byte(sheet))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "hand.xlsx")
	if err := os.WriteFile(p, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestXLSXIsTextFollowsRows: a text cell "1.234" and a number 1.234 are
// told apart on every line, whether rows and cells carry r attributes or
// not, across gaps, comments and CDATA that look like rows, and namespace
// prefixes, with the same line numbers as excelize's rows.
func TestXLSXIsTextFollowsRows(t *testing.T) {
	const s = `<?xml version="1.0" encoding="UTF-8"?>` +
		`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>` +
		// line 2: no r anywhere; A text, B number
		`<x:row><x:c t="inlineStr"><x:is><x:t>1.234</x:t></x:is></x:c><x:c><x:v>1.234</x:v></x:c></x:row>` +
		`<!-- <x:row r="3"><x:c r="A3" t="inlineStr"></x:c></x:row> -->` +
		// line 3: A number, B text (a shared-string-like inline cell with '>' in an attribute)
		`<x:row spans="1:2" x:note="a>b"><x:c><x:v>1.234</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[1.234</x:c><x:row>]]></x:t></x:is></x:c></x:row>` +
		// lines 4 and 5: a gap; line 6: only B, text, by its r
		`<x:row r="6"><x:c r="B6" t='inlineStr'><x:is><x:t>1.234</x:t></x:is></x:c></x:row>` +
		// line 7: the row after, counted; A number with an explicit t="n"
		`<x:row><x:c t="n"><x:v>1.234</x:v></x:c><x:c t="str"><x:f>A7</x:f><x:v>1.234</x:v></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	src, err := Open(sheetXLSX(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	want := map[int][2]bool{2: {true, false}, 3: {false, true}, 4: {}, 5: {}, 6: {false, true}, 7: {false, false}}
	seen := 0
	for {
		row, err := src.Next()
		if err != nil {
			break
		}
		w, ok := want[row.Line]
		if !ok {
			t.Errorf("unexpected line %d: %q", row.Line, row.Cells)
			continue
		}
		seen++
		for col := 0; col < 2; col++ {
			if got := src.IsText(row.Line, col); got != w[col] {
				t.Errorf("line %d column %d (%q): text %v, want %v", row.Line, col, row.Cells, got, w[col])
			}
		}
		if row.Line == 6 && (len(row.Cells) != 2 || row.Cells[1] != "1.234") {
			t.Errorf("line 6 cells %q: excelize and the test disagree on the sheet", row.Cells)
		}
	}
	if seen != len(want) {
		t.Errorf("%d lines read, want %d", seen, len(want))
	}
	// A line that is not the current one is not answered.
	if src.IsText(2, 0) {
		t.Error("IsText answers for a line already passed")
	}
}
