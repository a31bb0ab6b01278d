package bankfile

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// readOFX reads an OFX 1.x (SGML), 2.x (XML) or QFX file.
// Placeholder until the OFX reader lands (issue 15).
func readOFX(data []byte) ([]Statement, error) {
	return nil, &importer.FileError{Reason: i18n.M("bank.format_unsupported", "OFX")}
}
