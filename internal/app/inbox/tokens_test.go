package inbox

import (
	"strings"
	"testing"
)

func TestInvoiceTokens(t *testing.T) {
	got := invoiceTokens("Re: Rappel – facture n° F2026-0107, et F-002. Payé le 12/07/2025 (réf. VIR_88).\nКњига-7 ab 1")
	want := []string{"F2026-0107", "F-002", "12/07/2025", "VIR_88", "Књига-7"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tokens %q, want %q", got, want)
	}
}
