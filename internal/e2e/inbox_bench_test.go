package e2e

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// benchMessage is one message of the benchmark mailbox: mostly replies,
// with automatic answers, bounces and newsletters among them.
func benchMessage(i int) string {
	date := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC1123Z)
	head := fmt.Sprintf("From: Client %d <client%d@elsewhere.test>\nTo: other@relance.test\nDate: %s\nMessage-ID: <bench-%d@elsewhere.test>\n", i, i, date, i)
	switch i % 10 {
	case 7:
		return head + "Subject: Réponse automatique : votre relance\nAuto-Submitted: auto-replied\nContent-Type: text/plain; charset=utf-8\n\n" +
			"Je suis absent du bureau jusqu'au 4 août 2025. En cas d'urgence, contactez le standard.\n"
	case 8:
		return "From: Mail Delivery System <MAILER-DAEMON@mx.elsewhere.test>\nTo: other@relance.test\nDate: " + date +
			fmt.Sprintf("\nMessage-ID: <bench-bounce-%d@mx.elsewhere.test>\n", i) +
			"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n--BB\nContent-Type: text/plain\n\n" +
			fmt.Sprintf("This is the mail system at host mx.elsewhere.test.\n\n<gone%d@elsewhere.test>: 550 5.1.1 User unknown\n", i) +
			fmt.Sprintf("--BB\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.elsewhere.test\n\nFinal-Recipient: rfc822; gone%d@elsewhere.test\nAction: failed\nStatus: 5.1.1\n", i) +
			fmt.Sprintf("--BB\nContent-Type: text/rfc822-headers\n\nFrom: other@relance.test\nTo: gone%d@elsewhere.test\nMessage-ID: <letter-%d@relance.test>\n--BB--\n", i, i)
	case 9:
		return head + "Subject: Nos offres de la semaine\nList-Unsubscribe: <mailto:unsubscribe@shop.test>\nPrecedence: bulk\nMIME-Version: 1.0\n" +
			"Content-Type: text/html; charset=utf-8\n\n<html><body><h1>Offres</h1><p>" + strings.Repeat("Des prix bas toute la semaine. ", 40) + "</p></body></html>\n"
	}
	return head + fmt.Sprintf("Subject: Re: Rappel de paiement – facture n° F-%05d\nIn-Reply-To: <letter-%d@relance.test>\nContent-Type: text/plain; charset=utf-8\n\n", i, i) +
		"Bonjour,\n\nJe vous confirme que nous réglerons la facture le 30/07/2025 par virement.\nMerci de votre patience.\n\nCordialement,\nLa comptabilité\n\n" +
		"Le 20/07/2025 à 09:00, Ateliers Bellecour a écrit :\n> Madame, Monsieur,\n> Sauf erreur de notre part, la facture ci-dessous n'a pas été réglée.\n" +
		strings.Repeat("> Nous vous remercions de bien vouloir procéder à son règlement.\n", 12)
}

// fillMaildir writes messages from..to-1 straight into a Maildir for the
// vmail user: into cur/, seen, for a mailbox the owner's mail client has
// been reading for years; into new/ for mail just delivered (how a local
// delivery agent hands it over).
func fillMaildir(b *testing.B, dir string, from, to int, seen bool) {
	b.Helper()
	uid, gid := -1, -1
	if u, err := user.Lookup("vmail"); err == nil {
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}
	for i := from; i < to; i++ {
		p := filepath.Join(dir, "new", fmt.Sprintf("%d.M%dP1.bench", 1750000000+i, i))
		if seen {
			p = filepath.Join(dir, "cur", fmt.Sprintf("%d.M%dP1.bench:2,S", 1750000000+i, i))
		}
		raw := strings.ReplaceAll(benchMessage(i), "\n", "\r\n")
		if err := os.WriteFile(p, []byte(raw), 0o644); err != nil {
			b.Fatal(err)
		}
		if uid >= 0 {
			os.Chown(p, uid, gid)
		}
	}
}

// BenchmarkInboxSync: a 10,000-message mailbox on the local Dovecot (read
// by the owner's mail client: in cur/): the first sync, a sync with
// nothing new, and one after 100 new messages were delivered.
func BenchmarkInboxSync(b *testing.B) {
	s := mailStack(b)
	otherUser, otherDomain, _ := strings.Cut(s.get("MAIL_OTHER_USER"), "@")
	box := filepath.Join(s.get("MAILDIR_ROOT"), otherDomain, otherUser, "Maildir")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// A fresh mailbox: the Maildir emptied, Dovecot's index with it.
		for _, sub := range []string{"new", "cur"} {
			es, _ := os.ReadDir(filepath.Join(box, sub))
			for _, e := range es {
				os.Remove(filepath.Join(box, sub, e.Name()))
			}
		}
		idx, _ := filepath.Glob(filepath.Join(box, "dovecot*"))
		for _, f := range idx {
			os.RemoveAll(f)
		}
		fillMaildir(b, box, 0, 10000, true)
		// Written all in the same second, the folder looks to Dovecot as if
		// it were still being written to; a real mailbox is years old.
		time.Sleep(2 * time.Second)
		ctx := context.Background()
		svc, _, err := app.Create(ctx, filepath.Join(b.TempDir(), "inbox.db"), app.Options{Today: func() ledger.Date { return ledger.MustDate("2025-07-20") }})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.SetAccount(ctx, map[string]string{"imap_host": "localhost", "imap_port": s.get("IMAPS_PORT"), "imap_security": "tls",
			"imap_user": s.get("MAIL_OTHER_USER"), "tls_ca": s.get("MAIL_CA"), "from_address": "owner@relance.test"}); err != nil {
			b.Fatal(err)
		}
		pw := func(string) (string, error) { return s.get("MAIL_PASSWORD"), nil }
		b.StartTimer()
		start := time.Now()
		rep, err := svc.SyncInbox(ctx, pw, nil)
		first := time.Since(start)
		if err != nil || rep.Read != 10000 {
			b.Fatalf("first sync: %+v %v", rep, err)
		}
		// Right after the mailbox was written, Dovecot lists its folder
		// again at every EXAMINE (it does not trust a directory modified
		// in the last seconds): measured, then the steady state, when
		// nothing has arrived for a while.
		start = time.Now()
		rep, err = svc.SyncInbox(ctx, pw, nil)
		justAfter := time.Since(start)
		if err != nil || rep.Read != 0 {
			b.Fatalf("second sync: %+v %v", rep, err)
		}
		b.StopTimer()
		time.Sleep(3 * time.Second)
		b.StartTimer()
		// The median of five (the server's own work varies from one
		// session to the next).
		var runs []time.Duration
		for k := 0; k < 5; k++ {
			start = time.Now()
			rep, err = svc.SyncInbox(ctx, pw, nil)
			runs = append(runs, time.Since(start))
			if err != nil || rep.Read != 0 {
				b.Fatalf("sync with nothing new: %+v %v", rep, err)
			}
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
		nothing := runs[2]
		b.Logf("nothing new, five runs: %v", runs)
		b.StopTimer()
		fillMaildir(b, box, 10000, 10100, false)
		b.StartTimer()
		start = time.Now()
		rep, err = svc.SyncInbox(ctx, pw, nil)
		hundred := time.Since(start)
		if err != nil || rep.Read != 100 {
			b.Fatalf("100 new: %+v %v", rep, err)
		}
		b.ReportMetric(first.Seconds(), "s/first-10000")
		b.ReportMetric(nothing.Seconds(), "s/nothing-new")
		b.ReportMetric(justAfter.Seconds(), "s/nothing-new-just-after")
		b.ReportMetric(hundred.Seconds(), "s/100-new")
		b.StopTimer()
		svc.Close()
	}
}
