package e2e

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBase64BlocksReadWhole: a reply whose text is two base64 blocks, each
// with its own padding (some mailers encode line by line), is read whole
// by the IMAP sync and its promise found. Before the sync used inbound's
// decoder, it stopped at the first padding: the text read was "Bonjour,"
// and no suggestion was made.
func TestBase64BlocksReadWhole(t *testing.T) {
	s := mailStack(t)
	const first = 231 // a mailbox of its own
	db := ledgerWith(t, s, first, 1, 600)
	if r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	letter := outbox(t, s, db)[0]
	from := fmt.Sprintf("c%03d@%s", first, s.get("CUSTOMER_DOMAIN"))
	id := "e2e-b64." + strconv.FormatInt(time.Now().UnixNano(), 36) + "@customers.test"
	block1 := base64.StdEncoding.EncodeToString([]byte("Bonjour,\r\n"))
	body := block1 + "\n" +
		base64.StdEncoding.EncodeToString([]byte("nous réglerons la facture le 30/07/2025.\nCordialement\n")) + "\n"
	if !strings.HasSuffix(block1, "=") {
		t.Fatalf("the first block has no padding: %q", body)
	}
	deliver(t, s, from, from, s.get("MAIL_USER"), "From: "+from+"\nTo: "+s.get("MAIL_USER")+"\nSubject: Re: "+letter.Subject+
		"\nDate: "+time.Now().Format(time.RFC1123Z)+"\nMessage-ID: <"+id+">\nIn-Reply-To: <"+letter.MessageID+">\nMIME-Version: 1.0"+
		"\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"+body)
	got := syncUntil(t, s, db, id)[id]
	if !strings.Contains(got.Summary, "30/07/2025") || !strings.Contains(string(got.Suggestions), "2025-07-30") {
		t.Errorf("read %q, suggestions %s", got.Summary, got.Suggestions)
	}
}
