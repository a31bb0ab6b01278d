package bankfile

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReadChunksGivesWhatReadGives: a 10,000-entry statement (three
// chunks), every CAMT sample, an OFX and a CSV file, read in chunks, give
// the statements and entries Read gives, in order, each statement's first
// chunk first; progress ends at the file's size.
func TestReadChunksGivesWhatReadGives(t *testing.T) {
	files := map[string][]byte{"generated-10000.xml": camtStatement(10000)}
	for _, dir := range []string{"camt", "ofx", "csv"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, p := range paths {
			if filepath.Ext(p) == ".md" {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[p] = data
		}
	}
	compared := 0
	for name, data := range files {
		want, err := Read(name, bytes.NewReader(data), Options{Account: "FR7630006000011234567890189", Currency: "EUR"})
		if err != nil {
			continue // a sample of bad input: Read's tests cover it
		}
		compared++
		var got []Statement
		chunks := 0
		var last Chunk
		err = ReadChunks(name, bytes.NewReader(data), Options{Account: "FR7630006000011234567890189", Currency: "EUR"}, func(c Chunk) error {
			chunks++
			last = c
			if c.Seq == len(got) {
				got = append(got, c.Statement)
				return nil
			}
			if c.Seq != len(got)-1 {
				t.Fatalf("%s: chunk of statement %d after %d statements", name, c.Seq, len(got))
			}
			got[c.Seq].Entries = append(got[c.Seq].Entries, c.Entries...)
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range got {
			if len(got[i].Entries) == 0 {
				got[i].Entries = nil
			}
		}
		for i := range want {
			if len(want[i].Entries) == 0 {
				want[i].Entries = nil
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: chunks give %d statements, Read %d (or their entries differ)", name, len(got), len(want))
		}
		if name == "generated-10000.xml" && (chunks != 3 || len(got) != 1 || len(got[0].Entries) != 10000) {
			t.Errorf("%s: %d chunks, want 3 (4096 entries each at most)", name, chunks)
		}
		if last.Size != int64(len(data)) || last.Read > last.Size || last.Read < last.Size-4096 {
			t.Errorf("%s: last chunk at %d of %d", name, last.Read, last.Size)
		}
	}
	if compared < 10 {
		t.Errorf("only %d files compared", compared)
	}
}
