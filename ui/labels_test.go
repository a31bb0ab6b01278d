package ui

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Every code a screen names has its words in every language: a kind,
// state or channel added to the ledger without them fails here, not on an
// owner's screen (a missing key would show the key itself).
func TestEveryCodeHasWords(t *testing.T) {
	kinds := append([]ledger.LetterKind{ledger.KindCourtesy, ledger.KindCollections, ledger.KindPaperlessPostcard, ledger.KindPaperlessInsert}, ledger.LetterKinds...)
	for _, l := range i18n.Langs {
		u := &UI{lang: l}
		said := map[string]string{}
		for _, k := range kinds {
			said["kind "+string(k)] = u.kindLabel(k)
		}
		for _, s := range []ledger.OutboxState{ledger.OutboxQueued, ledger.OutboxSending, ledger.OutboxSent, ledger.OutboxTemporary, ledger.OutboxPermanent, ledger.OutboxUnknown} {
			said["outbox "+string(s)] = u.outboxStateLabel(s)
		}
		for _, c := range []ledger.Channel{ledger.ChannelEmail, ledger.ChannelPostal} {
			said["channel "+string(c)] = u.channelLabel(c)
		}
		for _, d := range []ledger.Delivery{ledger.DeliveryEmail, ledger.DeliveryPostal, ledger.DeliveryBoth} {
			said["delivery "+string(d)] = u.deliveryLabel(d)
		}
		for _, k := range []ledger.CustomerKind{ledger.Business, ledger.Consumer} {
			said["customer kind "+string(k)] = u.customerKindLabel(k)
		}
		for _, c := range letterLangs {
			said["language "+c] = langLabel(c)
		}
		for what, words := range said {
			code := what[strings.LastIndex(what, " ")+1:]
			// English may say a code that is a word of its own ("email").
			if words == "" || words == code && l != i18n.EN || strings.Contains(words, ".") && !strings.Contains(words, " ") {
				t.Errorf("%s: %s is said %q", l, what, words)
			}
		}
		if got := u.kindLabel(ledger.KindReminder1); l == i18n.FR && got != "Premier rappel" {
			t.Errorf("fr: reminder-1 is %q", got)
		}
	}
}
