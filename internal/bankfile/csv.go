package bankfile

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// readCSV reads a bank's CSV export.
// Placeholder until the CSV reader lands (issue 15).
func readCSV(data []byte, opts Options) ([]Statement, error) {
	return nil, &importer.FileError{Reason: i18n.M("bank.format_unsupported", "CSV")}
}
