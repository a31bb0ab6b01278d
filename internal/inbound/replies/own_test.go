package replies

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// ownCase is the expectation file next to each message of testdata/own.
type ownCase struct {
	Today       string `json:"today"`
	NewText     string `json:"new_text"`      // NewText(text, html), when the message has a text part
	HTMLNewText string `json:"html_new_text"` // NewText("", html), when given
	Suggestions []struct {
		Kind     Kind   `json:"kind"`
		Date     string `json:"date"`
		Amount   string `json:"amount"`
		Value    string `json:"value"`
		Evidence string `json:"evidence_contains"`
	} `json:"suggestions"`
}

// TestOwnReplies runs the French, Serbian (Cyrillic and Latin), German and
// English replies written for the project (testdata/own/README.md) through
// NewText and Suggest. New texts are compared exactly; suggestions by kind,
// date, amount and value, in order, with the evidence containing the
// expected fragment.
func TestOwnReplies(t *testing.T) {
	files, err := filepath.Glob("testdata/own/*.eml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no own replies: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(strings.TrimSuffix(f, ".eml") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var want ownCase
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			b, err := readEML(f)
			if err != nil {
				t.Fatal(err)
			}
			got := NewText(b.text, b.html)
			if b.text != "" && got != want.NewText {
				t.Errorf("NewText =\n%q\nwant\n%q", got, want.NewText)
			}
			if want.HTMLNewText != "" {
				if h := NewText("", b.html); h != want.HTMLNewText {
					t.Errorf("NewText(html) =\n%q\nwant\n%q", h, want.HTMLNewText)
				}
				if b.text == "" {
					got = NewText("", b.html)
				}
			}
			sugs := Suggest(got, ledger.MustDate(want.Today))
			if len(sugs) != len(want.Suggestions) {
				t.Fatalf("Suggest(%q) = %+v, want %d suggestions %+v", got, sugs, len(want.Suggestions), want.Suggestions)
			}
			for i, w := range want.Suggestions {
				s := sugs[i]
				if s.Kind != w.Kind || s.Date.String() != w.Date || s.Amount != w.Amount || s.Value != w.Value {
					t.Errorf("suggestion %d = %+v (date %s), want %+v", i, s, s.Date, w)
				}
				if !strings.Contains(s.Evidence, w.Evidence) {
					t.Errorf("suggestion %d evidence %q does not contain %q", i, s.Evidence, w.Evidence)
				}
			}
		})
	}
}
