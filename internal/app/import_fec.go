package app

import (
	"github.com/relance-app/relance/internal/app/records"
	"github.com/relance-app/relance/internal/importer"
)

// A FEC import (Service.ImportFEC), for the front ends.
type (
	// ImportFECRequest is a FEC import's options.
	ImportFECRequest = records.FECRequest
	// ImportFECResult is what a FEC import did, with its payment term and
	// the customers' money that paid no invoice.
	ImportFECResult = importer.FECResult
)

// DefaultFECTermDays is the payment term of invoices read from a FEC when
// the owner gives none: 30 days, the French legal default.
const DefaultFECTermDays = importer.DefaultFECTermDays
