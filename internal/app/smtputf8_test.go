package app

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
)

// A customer whose only address has a non-ASCII local part, on a server
// without SMTPUTF8: the letter fails for good with a translated reason, is
// offered for print, and the customer's address (as stored) is flagged,
// as for a 5xx refusal (issue 12, finding 8). Before the
// fix the fault server was sent RCPT TO:<jöe@exämple.fr> raw and the
// letter counted as sent.
func TestNonASCIIAddressWithoutSMTPUTF8GoesByPost(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 1)
	c, err := l.svc.Customer(ctx, "C001")
	if err != nil {
		t.Fatal(err)
	}
	c.Emails = []string{"jöe@exämple.fr"}
	if _, err := l.svc.Store().SaveCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	rep := l.send(t)
	if rep.Failed != 1 || rep.Sent != 0 || len(l.srv.Delivered()) != 0 {
		t.Fatalf("report %+v, %d delivered", rep, len(l.srv.Delivered()))
	}
	it := l.outbox(t)["C001"]
	if it.State != "failed-permanent" || it.Postal != "offered" {
		t.Errorf("outbox %+v", it)
	}
	if got := OutboxNote(i18n.FR, it.LastError); !strings.Contains(got, "jöe@exämple.fr") || !strings.Contains(got, "SMTPUTF8") || !strings.Contains(got, "impression") {
		t.Errorf("note in French: %q", got)
	}
	flags, err := l.svc.Store().EmailFlags(ctx)
	if err != nil || len(flags) != 1 || flags[0].Address != "jöe@exämple.fr" {
		t.Errorf("flags %+v %v", flags, err)
	}
}
