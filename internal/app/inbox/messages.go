package inbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/inbound/replies"
)

// keepEvidence writes a matched reply's raw message to the data folder.
func (s *Service) keepEvidence(fp string, raw []byte) (string, error) {
	dir := filepath.Join(filepath.Dir(s.St.Path()), "evidence", s.Now().UTC().Format("2006-01"))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("evidence folder: %w", err)
	}
	sum := sha256.Sum256([]byte(fp))
	p := filepath.Join(dir, hex.EncodeToString(sum[:12])+".eml")
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		return "", fmt.Errorf("keep evidence: %w", err)
	}
	return p, nil
}

func parseHeader(raw []byte) mail.Header {
	msg, err := mail.ReadMessage(bytes.NewReader(append(bytes.TrimRight(raw, "\r\n"), "\r\n\r\n"...)))
	if err != nil {
		return mail.Header{}
	}
	return msg.Header
}

// fingerprint identifies a message across folders and renumberings.
func fingerprint(mid string, header []byte) string {
	if mid != "" {
		return "mid:" + mid
	}
	sum := sha256.Sum256(header)
	return "sha:" + hex.EncodeToString(sum[:16])
}

func receivedAt(h mail.Header, internal time.Time) time.Time {
	if !internal.IsZero() {
		return internal
	}
	if d, err := h.Date(); err == nil {
		return d
	}
	return time.Time{}
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// suggestionJSON is how a suggestion is stored and shown.
type suggestionJSON struct {
	Kind     string `json:"kind"`
	Date     string `json:"date,omitempty"`
	Amount   string `json:"amount,omitempty"`
	Value    string `json:"value,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

func suggestionsJSON(sg []replies.Suggestion) []suggestionJSON {
	out := make([]suggestionJSON, len(sg))
	for i, x := range sg {
		out[i] = suggestionJSON{Kind: string(x.Kind), Amount: x.Amount, Value: x.Value, Evidence: x.Evidence}
		if !x.Date.IsZero() {
			out[i].Date = x.Date.String()
		}
	}
	return out
}
