package importer

import "github.com/relance-app/relance/internal/i18n"

// DetectKind says what a file holds, from the first of its first rows that
// maps a kind's required columns: invoices first (an invoice export names
// its customers too, and would pass for a customer file), then payments,
// then customers.
func DetectKind(path string) (Kind, error) {
	src, err := Open(path)
	if err != nil {
		return "", err
	}
	defer src.Close()
	row := src.Header()
	for i := 0; i <= headerSearchRows; i++ {
		for _, k := range []Kind{Invoices, Payments, Customers} {
			if _, _, ps := MapHeader(k, row); !hasMissing(ps) {
				return k, nil
			}
		}
		r, err := src.Next()
		if err != nil {
			break
		}
		row = r.Cells
	}
	return "", &FileError{File: path, Reason: i18n.M("import.kind_unknown")}
}
