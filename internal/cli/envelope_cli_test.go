package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestLetterEnvelopeNames: `letter --envelope` takes the company profile's
// names (the only ones documented) and the old fr-dl, din-a, din-b as
// aliases of the same standards: an alias writes the very letter its name
// writes, another envelope moves the address (a different file), and the
// company's envelope is the default.
func TestLetterEnvelopeNames(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	letter := func(envelope string) []byte {
		t.Helper()
		out := filepath.Join(dir, "letter-"+envelope+".pdf")
		args := []string{"--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "-o", out}
		if envelope != "" {
			args = append(args, "--envelope", envelope)
		}
		if r := runAt(t, day, args...); r.code != 0 {
			t.Fatalf("--envelope %q: %+v", envelope, r)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	pdfs := map[string][]byte{}
	for _, e := range []string{"dl-right", "dl-left", "din5008-a", "din5008-b", "c5-left", "us-10", "fr-dl", "din-a", "din-b", "DL-RIGHT"} {
		pdfs[e] = letter(e)
	}
	for alias, name := range map[string]string{"fr-dl": "dl-right", "din-a": "din5008-a", "din-b": "din5008-b", "DL-RIGHT": "dl-right"} {
		if !bytes.Equal(pdfs[alias], pdfs[name]) {
			t.Errorf("--envelope %s and --envelope %s wrote different letters", alias, name)
		}
	}
	for _, pair := range [][2]string{{"dl-right", "din5008-a"}, {"din5008-a", "din5008-b"}, {"dl-right", "us-10"}} {
		if bytes.Equal(pdfs[pair[0]], pdfs[pair[1]]) {
			t.Errorf("--envelope %s and --envelope %s wrote the same letter", pair[0], pair[1])
		}
	}
	// The company's envelope, set by either name, is the letter's default.
	if !bytes.Equal(letter(""), pdfs["dl-right"]) {
		t.Error("the default (dl-right) differs from --envelope dl-right")
	}
	for set, want := range map[string]string{"din5008-b": "din5008-b", "din-a": "din5008-a"} {
		if r := runAt(t, day, "--db", db, "company", "set", "envelope="+set); r.code != 0 {
			t.Fatalf("company set envelope=%s: %+v", set, r)
		}
		var co map[string]string
		r := runAt(t, day, "--db", db, "company", "show", "--json")
		if err := json.Unmarshal([]byte(r.stdout), &co); err != nil {
			t.Fatal(err)
		}
		if co["envelope"] != want {
			t.Errorf("company set envelope=%s stored %q, want %q", set, co["envelope"], want)
		}
		if !bytes.Equal(letter(""), pdfs[want]) {
			t.Errorf("company envelope %s: the default letter differs from --envelope %s", want, want)
		}
	}
	// An unknown envelope is a usage error naming the documented names only.
	r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "--envelope", "c4", "-o", filepath.Join(dir, "x.pdf"))
	if r.code != ExitUsage || !strings.Contains(r.stderr, "dl-right") || strings.Contains(r.stderr, "fr-dl") {
		t.Errorf("--envelope c4: %+v", r)
	}
}
