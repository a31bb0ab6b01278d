package importer

import (
	"sync"
	"testing"
)

// Headers are read the same from several goroutines at once (the GUI looks
// at a file while a check of it runs); under -race this caught the
// accent-folding chain shared between them.
func TestHeadersNormalizedConcurrently(t *testing.T) {
	want := normalizeHeader("Numéro de facture")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if got := normalizeHeader("Numéro de facture"); got != want {
					t.Errorf("%q, want %q", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	if want != normalizeHeader("numero_de_facture") {
		t.Errorf("%q does not fold as numero_de_facture", want)
	}
}
