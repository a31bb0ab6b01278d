package records

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
)

// IgnoredSummary says which of a file's columns were not read (the first
// ten named, the rest counted).
func IgnoredSummary(columns []string) i18n.Msg { return importer.IgnoredSummary(columns) }
