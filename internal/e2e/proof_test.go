package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/store"
)

// TestProofOverTheRealStack (issue 19): a proof of a first reminder goes
// through Postfix to a colleague's Dovecot mailbox, marked PROOF in its
// subject and on every page of its PDF (pdftotext); the colleague's reply
// comes back to the owner's inbox and is read as the proof's, never as a
// customer's; the plan and the rows of letters, letter_invoices and the
// outbox are the same before and after.
func TestProofOverTheRealStack(t *testing.T) {
	s := mailStack(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	db := ledgerWith(t, s, 271, 2, 600) // mailboxes of their own
	const day = "2025-07-20"
	plan := func() string {
		r := ctl(t, s, db, nil, "plan", "--as-of", day, "--json")
		if r.code != 0 {
			t.Fatalf("%+v", r)
		}
		return r.out
	}
	planBefore, rowsBefore := plan(), letterRows(t, db)
	colleague := s.get("MAIL_OTHER_USER")
	r := ctl(t, s, db, nil, "template", "proof", "reminder-1", "fr", "--to", colleague, "--customer", "K271", "--as-of", day)
	if r.code != 0 || !strings.Contains(r.out, "proof sent to "+colleague) || !strings.Contains(r.err, "K271") {
		t.Fatalf("%+v", r)
	}
	var proofs []struct {
		ID        int64    `json:"id"`
		Customer  string   `json:"customer"`
		To        []string `json:"recipients"`
		MessageID string   `json:"message_id"`
		Replies   []struct {
			From string `json:"from"`
			Text string `json:"text"`
		} `json:"replies"`
	}
	readProofs := func() {
		r := ctl(t, s, db, nil, "template", "proofs", "--json")
		if r.code != 0 {
			t.Fatalf("%+v", r)
		}
		if err := json.Unmarshal([]byte(r.out), &proofs); err != nil {
			t.Fatalf("%v: %s", err, r.out)
		}
	}
	readProofs()
	if len(proofs) != 1 || proofs[0].Customer != "K271" || !strings.HasPrefix(proofs[0].MessageID, "proof.") {
		t.Fatalf("proofs %+v", proofs)
	}
	mid := proofs[0].MessageID
	user, domain, _ := strings.Cut(colleague, "@")
	files := func() []string { return maildirFiles(s, domain, user, "") }
	if got := waitDelivered(t, files, []string{mid}); got[mid] != 1 {
		t.Fatalf("%d copies of the proof in %s's mailbox", got[mid], colleague)
	}
	var raw []byte
	for _, f := range files() {
		if data, _ := os.ReadFile(f); bytes.Contains(data, []byte(mid)) {
			raw = data
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	if !strings.HasPrefix(subject, "[ÉPREUVE] ") || !strings.Contains(subject, "F-271") {
		t.Errorf("subject %q", subject)
	}
	var pdfs [][]byte
	var walk func(ctype string, body io.Reader)
	walk = func(ctype string, body io.Reader) {
		mt, params, _ := mime.ParseMediaType(ctype)
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err != nil {
					return
				}
				walk(p.Header.Get("Content-Type"), p)
			}
		}
		data, _ := io.ReadAll(body)
		if mt == "application/pdf" {
			pdfs = append(pdfs, data)
		}
	}
	walk(msg.Header.Get("Content-Type"), msg.Body)
	if len(pdfs) != 2 {
		t.Fatalf("%d PDFs, want the letter and the invoice's copy", len(pdfs))
	}
	pages := 0
	for i, pdf := range pdfs {
		// NextPart leaves base64 as it is: decode it here.
		if dec, err := decodeBase64(pdf); err == nil {
			pdf = dec
		}
		p := filepath.Join(t.TempDir(), fmt.Sprintf("%d.pdf", i))
		os.WriteFile(p, pdf, 0o600)
		for j, page := range strings.Split(strings.TrimRight(pdfText(t, p), "\f\n "), "\f") {
			pages++
			if !strings.Contains(page, "ÉPREUVE — non envoyée au client") {
				t.Errorf("PDF %d page %d without the mark:\n%s", i+1, j+1, page)
			}
		}
	}
	if pages < 2 {
		t.Errorf("%d pages", pages)
	}
	if after := plan(); after != planBefore {
		t.Errorf("the proof changed the plan:\n%s\n%s", planBefore, after)
	}
	// The colleague answers; the owner's inbox reads it as the proof's.
	// (The owner's INBOX is shared with the other tests and their earlier
	// runs, whose messages may pause these customers: the plan is
	// compared before the sync, the reply's row after it.)
	replyID := "proof-reply-" + fmt.Sprint(time.Now().UnixNano()) + "@relance.test"
	deliver(t, s, colleague, colleague, s.get("MAIL_USER"), "From: "+colleague+"\nTo: "+s.get("MAIL_USER")+"\nSubject: Re: "+subject+"\n"+
		"Date: "+time.Now().Format(time.RFC1123Z)+"\nMessage-ID: <"+replyID+">\n"+
		"In-Reply-To: <"+mid+">\nContent-Type: text/plain; charset=utf-8\n\nUn peu sec à mon goût, mais clair.\n")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if r := ctl(t, s, db, nil, "inbox", "sync"); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		readProofs()
		if len(proofs[0].Replies) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if len(proofs[0].Replies) != 1 || proofs[0].Replies[0].From != colleague || !strings.Contains(proofs[0].Replies[0].Text, "Un peu sec") {
		t.Fatalf("replies to the proof %+v", proofs[0].Replies)
	}
	r = ctl(t, s, db, nil, "responses", "--json", "--all")
	if r.code != 0 || strings.Contains(r.out, replyID) {
		t.Errorf("the proof's reply is among the customers' responses: %+v", r)
	}
	if rows := letterRows(t, db); rows != rowsBefore {
		t.Errorf("letters, letter_invoices, outbox: %v before, %v after", rowsBefore, rows)
	}
}

// letterRows counts the rows of letters, letter_invoices and the outbox.
func letterRows(t *testing.T, db string) [3]int {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n [3]int
	for i, table := range []string{"letters", "letter_invoices", "outbox"} {
		if err := st.DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// decodeBase64 reads a base64 body (lines of any length).
func decodeBase64(b []byte) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
}
