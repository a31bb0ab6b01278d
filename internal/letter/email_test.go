package letter

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// TestEmailBodies: the text and HTML bodies say what the PDF says (the
// invoice, the amounts, the signature), and HTML escapes what a customer
// record holds.
func TestEmailBodies(t *testing.T) {
	for _, lg := range allLanguages {
		req := testRequest("reminder-2", lg, ledger.EnvelopeDLRight)
		req.Customer.Name = `<script>alert("x")</script> & Co`
		c, err := Compose(req)
		if err != nil {
			t.Fatal(err)
		}
		// Whatever the template does with it, the customer's text is text.
		c.Letter.Body = append(c.Letter.Body, render.Block{Kind: render.Para, Text: "Client : " + req.Customer.Name})
		text, page := PlainText(c), HTML(c)
		for _, want := range []string{"F2026-0107", c.Data.Invoices[0].Balance, c.Data.Totals.Total, "Claire Martin", c.Data.Company.Name} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: text lacks %q", lg, want)
			}
			if !strings.Contains(page, escapeHTML(want)) {
				t.Errorf("%s: HTML lacks %q", lg, want)
			}
		}
		if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
			t.Errorf("%s: HTML does not escape the customer's data", lg)
		}
		// No-break spaces hold: a date is never cut.
		if d := c.Data.Invoices[0].DueDate; !strings.Contains(text, d) {
			t.Errorf("%s: the date %q was cut or lost its no-break spaces", lg, d)
		}
		for _, line := range strings.Split(text, "\n") {
			if n := len([]rune(line)); n > 78 {
				t.Errorf("%s: text line of %d characters: %q", lg, n, line)
			}
		}
	}
}

func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
