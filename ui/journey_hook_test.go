package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
)

// TestJourneyLogListsRunAndReplies: the journey log says when the Dunning
// run's plan and the Replies' messages are in, and lists their rows (a
// list's rows are not walked): the run's proposed letters, then, once a
// reply is read from the inbox, the reply with its customer and letter.
func TestJourneyLogListsRunAndReplies(t *testing.T) {
	svc, _, imapSrv, u := inboxUI(t, i18n.EN)
	u.Show(ScreenRun)
	if st := u.journeyState(); st.Screen != ScreenRun || st.Loaded {
		t.Fatalf("before the plan is in: screen %q, loaded %v", st.Screen, st.Loaded)
	}
	u.Wait()
	st := u.journeyState()
	if !st.Loaded || strings.Join(st.Rows, ";") != "C1|reminder-1|email;C2|reminder-1|email;C3|reminder-1|email" {
		t.Fatalf("the run: loaded %v, rows %q", st.Loaded, st.Rows)
	}
	test.Tap(u.run.SendAll)
	u.Wait()
	items, err := svc.Outbox(t.Context(), store.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var letter store.OutboxItem
	for _, it := range items {
		if it.CustomerCode == "C1" {
			letter = it
		}
	}
	reply := "From: c1@customers.test\r\nTo: owner@fault.test\r\nSubject: Re: " + letter.Subject +
		"\r\nDate: Sun, 22 Nov 2026 15:00:00 +0100\r\nMessage-ID: <journey-1@customers.test>\r\nIn-Reply-To: <" + letter.MessageID +
		">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\nwe will pay next week.\r\n"
	if err := imapSrv.Append("INBOX", []byte(reply)); err != nil {
		t.Fatal(err)
	}
	u.Show(ScreenReplies)
	u.Wait()
	if st := u.journeyState(); !st.Loaded || len(st.Rows) != 0 {
		t.Fatalf("Replies before the sync: loaded %v, rows %q", st.Loaded, st.Rows)
	}
	test.Tap(u.replies.Sync)
	u.Wait()
	want := "reply|C1|" + letter.MessageID + "|Re: " + letter.Subject
	if st := u.journeyState(); st.Screen != ScreenReplies || !st.Loaded || strings.Join(st.Rows, ";") != want {
		t.Fatalf("Replies after the sync: screen %q, loaded %v, rows %q, want %q", st.Screen, st.Loaded, st.Rows, want)
	}
}
