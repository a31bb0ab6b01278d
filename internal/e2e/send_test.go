package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail/mailtest"
)

// ledgerWith makes a ledger of n customers (c001… of the stack's customer
// domain, from first), each with one invoice overdue on 2025-07-20, and
// the account on the stack (STARTTLS submission, IMAPS, the stack's CA).
func ledgerWith(t *testing.T, s stack, first, n int, confirmAfter int) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	var cust, inv strings.Builder
	cust.WriteString("code,name,email,address1,postcode,city,country,language,delivery\n")
	inv.WriteString("number,customer_code,issue_date,due_date,currency,total\n")
	for i := first; i < first+n; i++ {
		name, lang := fmt.Sprintf("Boulangerie Élodie Müller n°%d", i), "fr"
		if i%2 == 0 {
			name, lang = fmt.Sprintf("Пекара Ђурђевић бр. %d", i), "sr-Cyrl"
		}
		fmt.Fprintf(&cust, "K%03d,\"%s\",c%03d@%s,1 rue A,75011,Paris,FR,%s,email\n", i, name, i, s.get("CUSTOMER_DOMAIN"), lang)
		fmt.Fprintf(&inv, "F-%03d,K%03d,2025-05-01,2025-06-01,EUR,%d.%02d\n", i, i, 100+i, i%100)
	}
	cf, invf := filepath.Join(dir, "c.csv"), filepath.Join(dir, "i.csv")
	os.WriteFile(cf, []byte(cust.String()), 0o600)
	os.WriteFile(invf, []byte(inv.String()), 0o600)
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "legal_name=Ateliers Bellecour SAS", "address1=12 rue de la République", "postcode=69002", "city=Lyon",
			"email=" + s.get("MAIL_USER"), "phone=04 78 00 00 00"},
		{"import", "customers", cf},
		{"import", "invoices", invf},
		{"account", "set", "smtp_host=localhost", "smtp_port=" + s.get("SMTP_STARTTLS_PORT"), "smtp_security=starttls",
			"smtp_user=" + s.get("MAIL_USER"), "from_address=" + s.get("MAIL_USER"), "from_name=Ateliers Bellecour",
			"imap_host=localhost", "imap_port=" + s.get("IMAPS_PORT"), "imap_security=tls", "tls_ca=" + s.get("MAIL_CA"),
			"bcc_self=true", fmt.Sprintf("confirm_after=%d", confirmAfter)},
	} {
		if r := ctl(t, s, db, nil, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	return db
}

type outboxRow struct {
	ID        int64    `json:"id"`
	Customer  string   `json:"customer_code"`
	To        []string `json:"to"`
	Subject   string   `json:"subject"`
	MessageID string   `json:"message_id"`
	State     string   `json:"state"`
	Attempts  int      `json:"attempts"`
	Note      string   `json:"last_error"`
}

func outbox(t *testing.T, s stack, db string) []outboxRow {
	t.Helper()
	r := ctl(t, s, db, nil, "outbox", "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	var rows []outboxRow
	if err := json.Unmarshal([]byte(r.out), &rows); err != nil {
		t.Fatalf("%v: %s", err, r.out)
	}
	return rows
}

// waitDelivered polls the mailboxes until every id is there (Postfix hands
// messages to Dovecot within a fraction of a second) or time runs out.
func waitDelivered(t *testing.T, files func() []string, ids []string) map[string]int {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		got := messageIDsIn(files())
		missing := 0
		for _, id := range ids {
			if got[id] == 0 {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestReminderRunOverTheRealStack: a reminder run emails several customers;
// each message arrives in its customer's mailbox with its PDF, its Subject
// and Message-ID as recorded; accents and Cyrillic survive in the subject,
// the body and the attachments' names; the copy to self is in the owner's
// INBOX.
func TestReminderRunOverTheRealStack(t *testing.T) {
	s := mailStack(t)
	const first, n = 251, 6 // mailboxes of their own, apart from the crash test's
	db := ledgerWith(t, s, first, n, 600)
	r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20")
	if r.code != 0 || !strings.Contains(r.out, fmt.Sprintf("sent %d", n)) {
		t.Fatalf("%+v", r)
	}
	rows := outbox(t, s, db)
	if len(rows) != n {
		t.Fatalf("%d in the outbox", len(rows))
	}
	dec := new(mime.WordDecoder)
	for _, row := range rows {
		if row.State != "sent" {
			t.Errorf("%s: %s", row.Customer, row.State)
		}
		user, domain, _ := strings.Cut(row.To[0], "@")
		got := waitDelivered(t, func() []string { return maildirFiles(s, domain, user, "") }, []string{row.MessageID})
		if got[row.MessageID] != 1 {
			t.Errorf("%s: %d copies in %s's mailbox", row.Customer, got[row.MessageID], row.To[0])
			continue
		}
		var file []byte
		for _, f := range maildirFiles(s, domain, user, "") {
			if data, _ := os.ReadFile(f); bytes.Contains(data, []byte(row.MessageID)) {
				file = data
			}
		}
		msg, err := mail.ReadMessage(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
		if subject != row.Subject {
			t.Errorf("%s: subject %q arrived, %q recorded", row.Customer, subject, row.Subject)
		}
		// Walk the parts: a text body, an HTML body, the letter's PDF and
		// the invoice copy's, with their names decoded.
		var names []string
		var text string
		var pdfs int
		var walk func(ctype string, body io.Reader, enc string)
		walk = func(ctype string, body io.Reader, enc string) {
			mt, params, _ := mime.ParseMediaType(ctype)
			if strings.HasPrefix(mt, "multipart/") {
				mr := multipart.NewReader(body, params["boundary"])
				for {
					p, err := mr.NextPart() // decodes quoted-printable
					if err != nil {
						return
					}
					walk(p.Header.Get("Content-Type"), p, p.Header.Get("Content-Transfer-Encoding"))
				}
			}
			data, _ := io.ReadAll(body)
			if name := params["name"]; name != "" {
				if d, err := dec.DecodeHeader(name); err == nil {
					name = d
				}
				names = append(names, name)
			}
			if mt == "application/pdf" {
				pdfs++
			}
			if mt == "text/plain" {
				text = string(data)
			}
		}
		walk(msg.Header.Get("Content-Type"), msg.Body, "")
		if pdfs != 2 {
			t.Errorf("%s: %d PDFs attached (%v), want the letter and the invoice", row.Customer, pdfs, names)
		}
		// The names arrive as written: the letter's PDF is named after its
		// subject (an en dash, "n°" or Cyrillic), the copy after the invoice.
		if !contains(names, row.Subject+".pdf") {
			t.Errorf("%s: attachments %q, want %q among them", row.Customer, names, row.Subject+".pdf")
		}
		var num int
		fmt.Sscanf(row.Customer, "K%d", &num)
		if num%2 == 1 {
			if !strings.Contains(text, "é") || !contains(names, fmt.Sprintf("Copie de la facture F-%03d.pdf", num)) {
				t.Errorf("%s: French accents lost: names %q, text %q", row.Customer, names, text)
			}
		} else if !strings.ContainsAny(subject, "Подсетник") || !strings.Contains(text, "фактур") ||
			!contains(names, fmt.Sprintf("Копија фактуре F-%03d.pdf", num)) {
			t.Errorf("%s: Cyrillic lost: subject %q, names %q", row.Customer, subject, names)
		}
	}
	// The copies to self, in the owner's INBOX.
	ids := []string{}
	for _, row := range rows {
		ids = append(ids, row.MessageID)
	}
	ownUser, ownDomain, _ := strings.Cut(s.get("MAIL_USER"), "@")
	own := waitDelivered(t, func() []string { return maildirFiles(s, ownDomain, ownUser, "") }, ids)
	for _, id := range ids {
		if own[id] != 1 {
			t.Errorf("%d copies of %s in the owner's INBOX", own[id], id)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAccountOverTheRealStack: both securities on both servers connect and
// log in; the Sent folder is found; a wrong password and an unknown CA are
// told apart; the password is nowhere in the ledger.
func TestAccountOverTheRealStack(t *testing.T) {
	s := mailStack(t)
	db := ledgerWith(t, s, 261, 1, 600)
	for _, v := range []struct{ smtpSec, smtpPort, imapSec, imapPort string }{
		{"starttls", s.get("SMTP_STARTTLS_PORT"), "starttls", s.get("IMAP_STARTTLS_PORT")},
		{"tls", s.get("SMTP_TLS_PORT"), "tls", s.get("IMAPS_PORT")},
	} {
		if r := ctl(t, s, db, nil, "account", "set", "smtp_security="+v.smtpSec, "smtp_port="+v.smtpPort,
			"imap_security="+v.imapSec, "imap_port="+v.imapPort); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		r := ctl(t, s, db, nil, "account", "test")
		if r.code != 0 || !strings.Contains(r.out, "SMTP: connected") || !strings.Contains(r.out, "IMAP: connected") || !strings.Contains(r.out, "Sent folder: Sent") {
			t.Errorf("%s/%s: %+v", v.smtpSec, v.imapSec, r)
		}
	}
	r := ctl(t, s, db, []string{"RELANCE_SMTP_PASSWORD=wrong-one", "RELANCE_IMAP_PASSWORD=wrong-one"}, "account", "test")
	if r.code == 0 || strings.Count(r.out, "refused the user name or password") != 2 {
		t.Errorf("wrong password: %+v", r)
	}
	other, _, err := mailtest.CA(t.TempDir()) // a CA that signed nothing of the stack's
	if err != nil {
		t.Fatal(err)
	}
	ctl(t, s, db, nil, "account", "set", "tls_ca="+other)
	r = ctl(t, s, db, nil, "account", "test")
	if r.code == 0 || strings.Count(r.out, "is not trusted") != 2 {
		t.Errorf("unknown CA: %+v", r)
	}
	for _, f := range []string{db, db + "-wal"} {
		data, _ := os.ReadFile(f)
		if bytes.Contains(data, []byte(s.get("MAIL_PASSWORD"))) {
			t.Errorf("the password is in %s", f)
		}
	}
}
