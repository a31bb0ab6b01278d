package inbox

import "github.com/relance-app/relance/internal/inbound"

// ClassifyMessage says what a raw message (a .eml file) is, as the inbox
// sync would class it; nothing is read from or written to a ledger. An
// error means the bytes are not a message at all.
func ClassifyMessage(raw []byte) (inbound.Result, error) {
	m, err := inbound.Parse(raw)
	if err != nil {
		return inbound.Result{}, err
	}
	return inbound.Classify(m), nil
}
