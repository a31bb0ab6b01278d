package mail

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestReissueChangesOnlyTheMessageID(t *testing.T) {
	r, err := Render(Message{FromName: "Ateliers", From: "owner@example.fr", ToName: "Client", To: []string{"a@example.com", "b@example.com"},
		Subject: "Relance", Text: "Bonjour", MessageID: "relance.old@example.fr", Date: time.Date(2025, 7, 20, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Reissue(r.Raw, "relance.new@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header.Get("Message-Id"); got != "<relance.new@example.fr>" {
		t.Errorf("Message-ID %q", got)
	}
	if bytes.Contains(out, []byte("relance.old@")) {
		t.Error("the old Message-ID is still in the message")
	}
	// Every other byte is the same: put the old one back and compare.
	back := bytes.Replace(out, []byte("Message-ID: <relance.new@example.fr>"), []byte("MESSAGE"), 1)
	orig := r.Raw
	i := bytes.Index(orig, []byte("relance.old@example.fr"))
	lineStart := bytes.LastIndex(orig[:i], []byte("\r\n")) + 2
	lineEnd := i + bytes.Index(orig[i:], []byte("\r\n"))
	orig = append(append(append([]byte{}, orig[:lineStart]...), "MESSAGE"...), orig[lineEnd:]...)
	if !bytes.Equal(back, orig) {
		t.Errorf("more than the Message-ID changed")
	}
	if _, err := Reissue([]byte("Subject: x\r\n\r\nbody"), "a@b"); err == nil || !strings.Contains(err.Error(), "no Message-ID") {
		t.Errorf("a message without a Message-ID: %v", err)
	}
}
