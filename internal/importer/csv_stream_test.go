package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// readOut is everything a CSV source yields, errors included, to compare
// the stream with the whole-file oracle.
type readOut struct {
	Err    string
	Format string
	Header []string
	Rows   []Row
}

func errText(err error) string {
	var fe *FileError
	var le *LineError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &fe):
		return fmt.Sprintf("file %d %s %v", fe.Line, fe.Reason.Key, fe.Reason.Args)
	case errors.As(err, &le):
		return fmt.Sprintf("line %d %s %v", le.Line, le.Reason.Key, le.Reason.Args)
	}
	return "other " + err.Error()
}

func readOutOf(src Source, err error) readOut {
	if err != nil {
		return readOut{Err: errText(err)}
	}
	defer src.Close()
	out := readOut{Format: src.Format(), Header: src.Header()}
	for {
		r, err := src.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out.Err = errText(err)
			return out
		}
		r.Cells = append([]string(nil), r.Cells...)
		out.Rows = append(out.Rows, r)
	}
}

// sameAsWholeFile checks that NewCSV and Open (a file, streamed) read data
// exactly as the whole-file reader did.
func sameAsWholeFile(t *testing.T, name string, data []byte) readOut {
	t.Helper()
	want := readOutOf(wholeFileCSV(data))
	if got := readOutOf(NewCSV(data)); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: NewCSV\n got %.600v\nwant %.600v", name, got, want)
	}
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := Open(p)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) && fe.Reason.Key == "import.row_too_long" {
			return want // refused before either reader runs
		}
	}
	if got := readOutOf(src, err); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: Open\n got %.600v\nwant %.600v", name, got, want)
	}
	return want
}

// TestCSVStreamMatchesWholeFile: every encoding and every error of the
// whole-file reader, on small files and on files whose multi-byte
// characters straddle the 64 KiB chunks, reads the same when streamed.
func TestCSVStreamMatchesWholeFile(t *testing.T) {
	cases := map[string]string{
		"empty":              "",
		"header only":        "code,name",
		"canonical":          customersCSV,
		"crlf quotes":        "code;name\r\nA;\"B\"\"C\"\r\n",
		"bom tab":            "\ufeffa\tb\n1\t2\n",
		"unterminated":       "a,b\n\"unterminated\n",
		"quoted lines":       "a,b\n\"x\ny\",z\n\nq,r\n",
		"bare quote":         "a,b\nx\"y,z\n",
		"1252":               "\xe9t\xe9,caf\xe9\n1,2\n",
		"mixed":              "code;name\nC1;Société\nC2;Caf\xe9\n",
		"mixed other order":  "code;name\nC2;Caf\xe9\nC1;Société\n",
		"undefined 1252":     "code;name\nC1;caf\xe9\nC2;x\x81y\n",
		"undefined 1251":     "a;b\n\xcf\xe5\xf2\xe0\x98\n",
		"1250 letters":       "a;b\n\x8a\xe9\n",
		"nul utf8":           "a,b\n1,\x002\n",
		"nul 1252":           "a,b\n\xe9,\x00\n",
		"bad bom":            "\xef\xbb\xbfa,b\nc,d\n\xe9\n",
		"bom only":           "\xef\xbb\xbf",
		"utf16 le":           "\xff\xfea\x00,\x00b\x00\n\x00",
		"utf16 be":           "\xfe\xff\x00a\x00;\x00b\x00\n\x001\x00;\x002",
		"utf16 odd":          "\xff\xfea\x00,",
		"utf16 nul":          "\xff\xfea\x00\x00\x00",
		"utf16 bom only":     "\xff\xfe",
		"utf16 lone high":    "\xff\xfea\x00,\x00\x00\xd8",
		"utf16 high+ascii":   "\xff\xfea\x00\x00\xd8,\x00b\x00",
		"utf16 high+nul":     "\xff\xfea\x00\x00\xd8\x00\x00",
		"utf16 lone low":     "\xff\xfea\x00\x00\xdc,\x00b\x00",
		"utf16 pair odd":     "\xff\xfea\x00\x00\xd8\x00",
		"delims in quotes":   "\"a,b,c\";d\n1;2\n",
		"quoted header nl":   "\"a\nb\",c;d;e\n1,2\n",
		"tab wins":           "a\tb\tc;d\n1\t2\t3;4\n",
		"never-ending quote": "\"a,b\n;;;;\n",
		"cr only":            "a;b\r1;2\r",
	}
	for name, data := range cases {
		sameAsWholeFile(t, name, []byte(data))
	}

	// Random files from an alphabet of the bytes that matter.
	alphabet := []byte("ab,;\t\"\n\r\x00\x80\x81\x98\x8a\xc3\xa9\xe9\xd0\xef\xbb\xbf\xff\xfe\xd8\xdc\xe2\x82\xac")
	rnd := rand.New(rand.NewSource(12))
	for i := 0; i < 3000; i++ {
		b := make([]byte, rnd.Intn(40))
		for j := range b {
			b[j] = alphabet[rnd.Intn(len(alphabet))]
		}
		switch i % 5 {
		case 1:
			b = append([]byte{0xff, 0xfe}, b...)
		case 2:
			b = append([]byte{0xfe, 0xff}, b...)
		case 3:
			b = append([]byte{0xef, 0xbb, 0xbf}, b...)
		}
		sameAsWholeFile(t, fmt.Sprintf("random %d %q", i, b), b)
	}
}

// bigText is a customer file of about n bytes whose names put a non-ASCII
// letter on every byte offset in turn, so that some fall on a chunk's edge
// in any encoding.
func bigText(n int) string {
	var b strings.Builder
	b.WriteString("code;name;city\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "C%d;%sÉlectricité Société %d;Orléans\n", i, strings.Repeat("x", i%7), i)
	}
	return b.String()
}

// TestCSVStreamChunkBoundaries: a Windows-1252 file, UTF-16 files (with a
// character outside the BMP: a surrogate pair) and a UTF-8 file, each a
// few chunks long with a multi-byte sequence cut by a chunk's end, decode
// exactly as the whole-file reader decoded them.
func TestCSVStreamChunkBoundaries(t *testing.T) {
	text := bigText(3 * csvChunk)

	w1252, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	out := sameAsWholeFile(t, "1252", []byte(w1252))
	if out.Err != "" || !strings.Contains(out.Format, "Windows-1252") || out.Rows[len(out.Rows)-1].Cells[2] != "Orléans" {
		t.Fatalf("1252: %v %s", out.Err, out.Format)
	}

	// UTF-8 with 'é' (2 bytes) starting on the last byte of the first chunk.
	u8 := []byte("code;name;city\nC;" + strings.Repeat("y", csvChunk-18) + "é;z\n" + text[len("code;name;city\n"):])
	if !bytes.HasPrefix(u8[csvChunk-1:], []byte("é")) {
		t.Fatal("é is not on the chunk's edge")
	}
	if out := sameAsWholeFile(t, "utf-8", u8); out.Err != "" || out.Format != "CSV, UTF-8, ';'" {
		t.Fatalf("utf-8: %v %s", out.Err, out.Format)
	}
	// Once a file is known UTF-8, whole chunks are checked at once: a 2-,
	// 3- or 4-byte character cut by the second chunk's end at each byte.
	for _, ch := range []string{"é", "€", "𝄞"} {
		for d := 1; d < len(ch); d++ {
			head := "a;b\né;"
			pad := strings.Repeat("y", 2*csvChunk-d-len(head))
			data := []byte(head + pad + ch + ";z\n" + text)
			if !bytes.HasPrefix(data[2*csvChunk-d:], []byte(ch)) {
				t.Fatal("not on the edge")
			}
			name := fmt.Sprintf("utf-8 %s -%d", ch, d)
			if out := sameAsWholeFile(t, name, data); out.Err != "" || !strings.HasSuffix(out.Rows[0].Cells[1], ch) {
				t.Fatalf("%s: %v", name, out.Err)
			}
		}
	}
	// The same with a byte of Windows-1252 late in the file: mixed, at its line.
	late := append(append([]byte(nil), u8...), "C9;caf\xe9;x\n"...)
	if out := sameAsWholeFile(t, "mixed late", late); !strings.Contains(out.Err, "import.file_mixed_encoding") {
		t.Fatalf("mixed: %v", out.Err)
	}

	// UTF-16 with '𝄞' (a surrogate pair) at every offset around the edges.
	for _, be := range []bool{false, true} {
		for shift := 0; shift < 4; shift++ {
			s := "code;name\n" + strings.Repeat("z", shift) + ";𝄞\n" + text[len("code;name;city\n"):]
			u := utf16.Encode([]rune(s))
			b := []byte{0xff, 0xfe}
			if be {
				b = []byte{0xfe, 0xff}
			}
			for _, c := range u {
				if be {
					b = append(b, byte(c>>8), byte(c))
				} else {
					b = append(b, byte(c), byte(c>>8))
				}
			}
			name := fmt.Sprintf("utf16 be=%v shift=%d", be, shift)
			if out := sameAsWholeFile(t, name, b); out.Err != "" || !strings.Contains(out.Format, "UTF-16") {
				t.Fatalf("%s: %v %s", name, out.Err, out.Format)
			}
		}
	}
}

// TestCSVStreamSurrogateOnChunkEdge puts a surrogate pair's halves on
// either side of the transform reader's and our 64 KiB buffers.
func TestCSVStreamSurrogateOnChunkEdge(t *testing.T) {
	for _, edge := range []int{4096, csvChunk} {
		for d := -4; d <= 4; d += 2 {
			// BOM (2) + header "a;b\n" (8) + filler up to the edge.
			fill := (edge + d - 2 - 8) / 2
			s := "a;b\n" + strings.Repeat("x", fill) + "𝄞é;€\n1;2\n"
			u := utf16.Encode([]rune(s))
			b := []byte{0xff, 0xfe}
			for _, c := range u {
				b = append(b, byte(c), byte(c>>8))
			}
			out := sameAsWholeFile(t, fmt.Sprintf("edge %d%+d", edge, d), b)
			if out.Err != "" || len(out.Rows) != 2 || !strings.HasSuffix(out.Rows[0].Cells[0], "𝄞é") || out.Rows[0].Cells[1] != "€" {
				t.Fatalf("edge %d%+d: %+v", edge, d, out.Err)
			}
		}
	}
}

// TestCSVStreamRefusesAFileChangedBetweenPasses: pass 2 reads the bytes
// pass 1 checked, or stops.
func TestCSVStreamRefusesAFileChangedBetweenPasses(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.csv")
	os.WriteFile(p, []byte("code,name\nC1,One\n"), 0o600)
	src, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("C2,Caf\xe9\x00\n")
	f.Close()
	if _, err := src.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Next(); err == nil || err == io.EOF || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("a row appended after the checks: %v", err)
	}
}
