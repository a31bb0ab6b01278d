package render

import (
	"strings"
	"testing"
)

// TestHyphenate: words of each language broken where its dictionaries
// break them (checked against Le Robert, Duden, Pravopis srpskoga jezika);
// the patterns may omit a break, never place a wrong one, so the expected
// strings list only breaks a dictionary allows.
func TestHyphenate(t *testing.T) {
	cases := []struct{ lang, word, want string }{
		{"fr", "recouvrement", "re-cou-vre-ment"},
		{"fr", "paiement", "paie-ment"},
		{"fr", "l'indemnité", "l'in-dem-nité"},
		{"de", "Zahlungserinnerung", "Zah-lungs-er-in-ne-rung"},
		{"de", "Verzugszinsen", "Ver-zugs-zin-sen"},
		{"sr-Latn", "obaveza", "oba-veza"},
		{"sr-Cyrl", "обавеза", "оба-веза"},
		{"sr-Cyrl", "рачуноводство", "ра-чу-но-вод-ство"},
		{"en", "outstanding", "outstanding"}, // English: no patterns, no breaks
		{"fr", "F2026-0107", "F2026-0107"},   // numbers never break
		{"fr", "SIRET", "SIRET"},             // nor acronyms
	}
	for _, c := range cases {
		if got := Hyphenate(c.lang, c.word); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.word, got, c.want)
		}
	}
}

// TestPatternFilesLoad: every language's file parses into many patterns.
func TestPatternFilesLoad(t *testing.T) {
	for lang, min := range map[string]int{"fr": 1000, "de": 30000, "sr-Cyrl": 2000, "sr-Latn": 2000} {
		h := hyphenatorFor(lang)
		if h == nil || len(h.patterns) < min {
			t.Errorf("%s: %v patterns", lang, h)
		}
	}
}

// TestGlue: the words each language keeps on one line.
func TestGlue(t *testing.T) {
	cases := []struct{ lang, in, want string }{
		{"fr", "la facture n° 12 reste due", "la|facture|n° 12|reste|due"},
		{"fr", "au taux de 12,40 % l'an", "au|taux|de|12,40 %|l'an"},
		{"fr", "montant : 100 EUR ; merci !", "montant :|100 EUR ;|merci !"},
		{"fr", "sous « huit jours » sinon", "sous|« huit|jours »|sinon"},
		{"fr", "sous 8 jours", "sous|8 jours"},
		{"de", "nach § 288 Abs. 2 BGB", "nach|§ 288|Abs. 2|BGB"},
		{"en", "invoice No. 12 : overdue", "invoice|No. 12|:|overdue"}, // English puts no space before a colon: none glued
		{"sr-Cyrl", "фактура бр. 7", "фактура|бр. 7"},
		{"sr-Latn", "fakture br. F2026-0107 (datum", "fakture|br. F2026-0107|(datum"},
		{"en", "No. one", "No.|one"},
		{"fr", "P. J. : copie", "P. J. :|copie"},
		{"en", "signed J. Martin today", "signed|J. Martin|today"},
	}
	for _, c := range cases {
		if got := strings.Join(glue(c.lang, strings.Split(c.in, " ")), "|"); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

// TestNoBreakInsideHeldWords: a date held by no-break spaces is not
// hyphenated, though its month could be.
func TestNoBreakInsideHeldWords(t *testing.T) {
	fs, _ := Faces()
	h := hyphenatorFor("fr")
	if _, _, ok := h.breakAt(fs[Regular], "10\u00a0septembre\u00a02026.", 10, 40); ok {
		t.Error("a held date broken")
	}
	if head, rest, ok := h.breakAt(fs[Regular], "(recouvrement,", 10, 40); !ok || head+rest != "(re-couvrement," && head+rest != "(recou-vrement," && head+rest != "(recouvre-ment," {
		t.Errorf("(recouvrement, → %q + %q, %v", head, rest, ok)
	}
}
