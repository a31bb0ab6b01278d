package inbound

import (
	"path/filepath"
	"testing"
)

// TestSisimaiReturnedMessageIDs counts the real bounces that return the
// Message-ID of the message they are about: only those can prove they are
// about one of our letters (the others become unverified bounces for the
// owner to confirm). The corpus is fixed, so the figures are too.
func TestSisimaiReturnedMessageIDs(t *testing.T) {
	bounces, returned := 0, 0
	for _, f := range files(t, filepath.Join(sisimaiDir, "bsd"), "*.eml") {
		r := mustClassify(t, f)
		if r.Class != Bounce {
			continue
		}
		bounces++
		if len(r.Returned) > 0 {
			returned++
		}
		for _, a := range r.Addresses {
			if a == "" {
				t.Errorf("%s: an empty address", f)
			}
		}
		if r.Recipient != "" && (len(r.Addresses) == 0 || r.Addresses[0] != r.Recipient) {
			t.Errorf("%s: addresses %v do not start with the recipient %s", f, r.Addresses, r.Recipient)
		}
	}
	t.Logf("%d bounces, %d return a Message-ID, %d do not (%.0f %%)", bounces, returned, bounces-returned, 100*float64(bounces-returned)/float64(bounces))
	if bounces != 439 || returned != wantReturned {
		t.Errorf("%d bounces, %d returning a Message-ID; want 439 and %d", bounces, returned, wantReturned)
	}
}

const wantReturned = 392
