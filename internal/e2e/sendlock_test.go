package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOneSenderThroughASymlink: a send is held in the middle of its
// first message; a second relancectl reaching the same ledger through a
// symlink, and a third through its real path, are both told that another
// send is running, and send nothing. Before the lock lived in the
// ledger, each path had its own lock file: the run through the symlink
// exited 0 ("sent 1/1"), mailing K202 beside the held run, and turned the
// held run's K201 into "unknown".
func TestOneSenderThroughASymlink(t *testing.T) {
	s := mailStack(t)
	const first = 201 // mailboxes of their own
	db := ledgerWith(t, s, first, 2, 600)
	link := filepath.Join(t.TempDir(), "same-ledger.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	held := exec.Command(relancectl(t), "--db", db, "--lang", "en", "send", "--as-of", "2025-07-20")
	held.Env = append(os.Environ(), "RELANCE_SMTP_PASSWORD="+s.get("MAIL_PASSWORD"), "RELANCE_IMAP_PASSWORD="+s.get("MAIL_PASSWORD"),
		"RELANCE_TEST_PAUSE=sending:1")
	stderr, err := held.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := held.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Process.Kill(); held.Wait() })
	paused := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "PAUSED ") {
				paused <- true
				return
			}
		}
		paused <- false
	}()
	select {
	case ok := <-paused:
		if !ok {
			t.Fatal("the first send ended before its first message")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the first send never reached its first message")
	}
	for _, path := range []string{link, db} {
		r := ctl(t, s, path, nil, "send", "--as-of", "2025-07-20")
		if r.code != 1 || !strings.Contains(r.err, "another Relance is sending") {
			t.Errorf("second send through %s: %+v", path, r)
		}
	}
	for _, row := range outbox(t, s, link) {
		if row.State != "queued" && row.State != "sending" {
			t.Errorf("%s: %s while the first send is held", row.Customer, row.State)
		}
	}
}
