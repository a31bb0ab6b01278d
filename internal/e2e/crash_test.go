package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestCrashesDeliverEachLetterOnce: a 200-letter run is killed with SIGKILL
// at 50 points (before a message goes out, after the server took it but
// before that was recorded, after it was recorded, while letters are being
// queued), restarted each time; at the end every letter was delivered
// exactly once, counted in the mailboxes, and nothing is left in sending.
func TestCrashesDeliverEachLetterOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("long: 50 kills")
	}
	s := mailStack(t)
	const letters, kills = 200, 50
	// The server delivers in well under a second; lost outcomes are looked
	// for 2 s after the attempt.
	db := ledgerWith(t, s, 1, letters, 2)
	steps := []string{"sending", "sent", "recorded"}
	paused := 0
	for k := 0; k < kills; k++ {
		step := steps[k%len(steps)]
		if k == 0 {
			step = "queued" // killed in the middle of queuing: nothing is recorded, the next run queues again
		}
		n := 1 + (k*5)%7 // the n-th message of this run
		if ctlUntilPaused(t, s, db, fmt.Sprintf("%s:%d", step, n), "send", "--as-of", "2025-07-20", "--wait", "10s") {
			paused++
		}
	}
	if paused < kills*9/10 {
		t.Fatalf("only %d of %d runs reached their kill point", paused, kills)
	}
	// Runs without a kill finish the batch.
	for i := 0; i < 5; i++ {
		r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20", "--wait", "10s")
		if r.code != 0 {
			t.Fatalf("final run: %+v", r)
		}
		done := true
		for _, row := range outbox(t, s, db) {
			if row.State != "sent" {
				done = false
			}
		}
		if done {
			break
		}
	}
	rows := outbox(t, s, db)
	if len(rows) != letters {
		t.Fatalf("%d letters in the outbox, want %d", len(rows), letters)
	}
	byMailbox := map[string][]string{}
	var ids []string
	found, resent := 0, 0
	for _, row := range rows {
		if strings.Contains(row.Note, "found in your mailbox") {
			found++ // taken by the server, then killed before it was recorded
		}
		if row.Attempts > 1 {
			resent++ // killed before it went out: not in the mailbox, sent again
		}
		if row.State != "sent" {
			t.Errorf("%s: %s", row.Customer, row.State)
		}
		byMailbox[row.To[0]] = append(byMailbox[row.To[0]], row.MessageID)
		ids = append(ids, row.MessageID)
	}
	// Exactly once in each customer's mailbox, and once in the owner's
	// INBOX (the copy to self).
	twice := 0
	for addr, mids := range byMailbox {
		user, domain, _ := strings.Cut(addr, "@")
		got := waitDelivered(t, func() []string { return maildirFiles(s, domain, user, "") }, mids)
		for _, id := range mids {
			if got[id] != 1 {
				twice++
				t.Errorf("%s: %d copies of %s", addr, got[id], id)
			}
		}
	}
	ownUser, ownDomain, _ := strings.Cut(s.get("MAIL_USER"), "@")
	own := waitDelivered(t, func() []string { return maildirFiles(s, ownDomain, ownUser, "") }, ids)
	for _, id := range ids {
		if own[id] != 1 {
			t.Errorf("%d copies of %s in the owner's INBOX", own[id], id)
		}
	}
	t.Logf("%d letters, %d kills reached; %d settled as sent from the mailbox, %d sent again; %d duplicates or losses",
		letters, paused, found, resent, twice)
	if found == 0 || resent == 0 {
		t.Errorf("the kills did not exercise both ways of settling a lost outcome (found %d, resent %d)", found, resent)
	}
	if os.Getenv("RELANCE_E2E_KEEP") != "" {
		t.Logf("ledger kept: %s", db)
	}
}
