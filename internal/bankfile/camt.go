package bankfile

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// readCAMT reads an ISO 20022 camt.052/053/054 Document.
// Placeholder until the CAMT reader lands (issue 15).
func readCAMT(data []byte) ([]Statement, error) {
	return nil, &importer.FileError{Reason: i18n.M("bank.format_unsupported", "CAMT")}
}
