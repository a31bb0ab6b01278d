package importer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// writeBigCustomers writes about size bytes of ordinary customers (rows of
// ~700 bytes, a note included) as a stream, in UTF-8 or Windows-1252.
func writeBigCustomers(t testing.TB, path string, size int64, cp1252 bool) int {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var out io.Writer = w
	if cp1252 {
		out = charmap.Windows1252.NewEncoder().Writer(w)
	}
	note := strings.Repeat("Relancé le 12/03, promet de payer à réception de la facture corrigée. ", 8)
	var n int64
	rows := 0
	k, _ := fmt.Fprintf(out, "code;name;contact;email;phone;address1;postcode;city;country;language;kind;delivery;notes\n")
	n += int64(k)
	for ; n < size; rows++ {
		k, err = fmt.Fprintf(out, "C%07d;Boulangerie Martin %d SARL;Claire Martin;compta%d@martin.example.fr;04 78 00 00 01;%d rue de la République;69002;Lyon;FR;fr;business;email;\"%s\"\n",
			rows, rows, rows, rows%200+1, note)
		if err != nil {
			t.Fatal(err)
		}
		n += int64(k) // characters: the 1252 file is a little smaller
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// csvPeakHeap samples HeapInuse while fn runs.
func csvPeakHeap(fn func()) (peak uint64) {
	var max atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > max.Load() {
				max.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return max.Load()
}

// TestCSVImportMemoryBoundedByRows: a 200 MB customer file (UTF-8, then
// Windows-1252, which was decoded whole) is checked as a dry run with the
// heap bounded by a few rows plus the importer's own state (the codes seen,
// for duplicates), whatever the file's size.
//
// Measured with this test (279,002 rows of ~750 bytes), peak HeapInuse:
//   - before (file read whole, then decoded whole): 796 MB for the UTF-8
//     file, 971 MB for the Windows-1252 one;
//   - streamed, but each duplicate-check key still a substring of its row
//     (encoding/csv gives a row's cells one shared string, so the key map
//     kept every row alive): 410 MB and 383 MB;
//   - streamed, keys copied: 39 MB and 39 MB.
func TestCSVImportMemoryBoundedByRows(t *testing.T) {
	if raceEnabled {
		t.Skip("measures memory: run without -race (scripts/test.sh does)")
	}
	if testing.Short() {
		t.Skip("writes and imports 400 MB")
	}
	dir := t.TempDir()
	for _, cp1252 := range []bool{false, true} {
		p := filepath.Join(dir, fmt.Sprintf("customers-%v.csv", cp1252))
		rows := writeBigCustomers(t, p, 200<<20, cp1252)
		fi, _ := os.Stat(p)
		st := newStore(t)
		runtime.GC()
		var res Result
		var err error
		peak := csvPeakHeap(func() {
			var src Source
			if src, err = Open(p); err != nil {
				return
			}
			defer src.Close()
			res, err = Import(context.Background(), st, src, Options{Kind: Customers, File: p, Today: today, DryRun: true})
		})
		if err != nil {
			t.Fatalf("%v %v", err, problems(res))
		}
		if res.Rows != rows || res.Created != rows {
			t.Fatalf("rows %d created %d, want %d", res.Rows, res.Created, rows)
		}
		wantEnc := "UTF-8"
		if cp1252 {
			wantEnc = "Windows-1252"
		}
		if !strings.Contains(res.Format, wantEnc) {
			t.Errorf("read as %s", res.Format)
		}
		t.Logf("%s: %d MB, %d rows: peak HeapInuse %d MB", wantEnc, fi.Size()>>20, rows, peak>>20)
		if peak > 64<<20 {
			t.Errorf("%s: peak heap %d MB for a %d MB file", wantEnc, peak>>20, fi.Size()>>20)
		}
		os.Remove(p)
	}
}

// BenchmarkCSVRead reads an 80 MB customer file through Open and Next: the
// reader alone, without the ledger, to compare readers on a busy machine.
func BenchmarkCSVRead(b *testing.B) {
	for _, cp1252 := range []bool{false, true} {
		p := filepath.Join(b.TempDir(), "c.csv")
		rows := writeBigCustomers(b, p, 80<<20, cp1252)
		b.Run(fmt.Sprintf("cp1252=%v", cp1252), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				src, err := Open(p)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for ; ; n++ {
					if _, err := src.Next(); err != nil {
						break
					}
				}
				src.Close()
				if n != rows {
					b.Fatalf("%d rows, want %d", n, rows)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
