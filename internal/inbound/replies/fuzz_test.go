package replies

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/fuzzwatch"
)

// FuzzNewTextSuggest: no panic, bounded time, and NewText never returns
// more than it was given (the text alone when the text is used).
func FuzzNewTextSuggest(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/email_reply_parser/emails/*.txt")
	for _, p := range seeds {
		if raw, err := os.ReadFile(p); err == nil && len(raw) < 8000 {
			f.Add(string(raw), "")
		}
	}
	htmls, _ := filepath.Glob("testdata/talon/html_replies/*.html")
	for _, p := range htmls {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add("", string(raw))
		}
	}
	emls, _ := filepath.Glob("testdata/own/*.eml")
	for _, p := range emls {
		if b, err := readEML(p); err == nil {
			f.Add(b.text, b.html)
		}
	}
	for _, s := range []string{
		"", ">", "-- ", "On wrote:", "Le 12/11 a écrit :\n>", "&nGt;", "<blockquote>",
		"\xff\xfe", // crashed isSentenceEnd (rune size of invalid UTF-8); fixed, kept as a seed
		"15. 12. 2026.",
		"Oui", "Да", "Uplatiću do petka.", "De :\nEnvoyé :\nÀ :\nObjet :", "0/0/0000", "12/31/99", "fin février",
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, html string) {
		defer fuzzwatch.Start(t, text, html)()
		start := time.Now()
		out := NewText(text, html)
		if strings.TrimSpace(text) != "" {
			if len(out) > len(text) {
				t.Fatalf("NewText longer than its text: %d > %d", len(out), len(text))
			}
		} else if len(out) > len(html) {
			t.Fatalf("NewText longer than its html: %d > %d", len(out), len(html))
		}
		for _, in := range []string{out, text} {
			for _, s := range Suggest(in, today) {
				if utf8.RuneCountInString(s.Evidence) > 200 {
					t.Fatalf("evidence of %d characters", utf8.RuneCountInString(s.Evidence))
				}
				if s.Kind == "" {
					t.Fatalf("suggestion without a kind: %+v", s)
				}
			}
		}
		if d := time.Since(start); d > 10*time.Second { // generous: fuzzing shares the machine
			t.Fatalf("took %v on %d+%d bytes", d, len(text), len(html))
		}
	})
}
