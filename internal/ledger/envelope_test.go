package ledger

import "testing"

// TestParseEnvelope: the company profile's names are the envelopes' names;
// the old `letter --envelope` names are read as the standards they named,
// and nothing else is an envelope.
func TestParseEnvelope(t *testing.T) {
	for in, want := range map[string]Envelope{
		"dl-right": EnvelopeDLRight, "dl-left": EnvelopeDLLeft, "din5008-a": EnvelopeDIN5008A,
		"din5008-b": EnvelopeDIN5008B, "c5-left": EnvelopeC5Left, "us-10": EnvelopeUSNo10,
		" DL-Right ": EnvelopeDLRight,
		// Aliases.
		"fr-dl": EnvelopeDLRight, "din-a": EnvelopeDIN5008A, "DIN-B": EnvelopeDIN5008B,
	} {
		got, err := ParseEnvelope(in)
		if err != nil || got != want {
			t.Errorf("ParseEnvelope(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "c4", "dl", "din-c", "us-9", "fr_dl"} {
		if got, err := ParseEnvelope(bad); err == nil {
			t.Errorf("ParseEnvelope(%q) = %q, want an error", bad, got)
		}
	}
	// Every name offered parses to itself, and no alias is offered.
	if len(Envelopes) != 6 {
		t.Errorf("%d envelopes offered: %v", len(Envelopes), Envelopes)
	}
	for _, e := range Envelopes {
		if got, err := ParseEnvelope(string(e)); err != nil || got != e {
			t.Errorf("%q parses to %q, %v", e, got, err)
		}
		if _, alias := envelopeAliases[e]; alias {
			t.Errorf("%q is both a name and an alias", e)
		}
	}
}
