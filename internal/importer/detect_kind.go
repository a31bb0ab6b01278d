package importer

import "github.com/relance-app/relance/internal/i18n"

// DetectKind says what a file holds, as ImportAll decides it (detectKind):
// the kind of its first table whose header, or a row under title lines,
// maps a kind's required columns: invoices first (an invoice export names
// its customers too, and would pass for a customer file), then payments,
// then customers.
func DetectKind(path string) (Kind, error) {
	tables, err := OpenAll(path)
	if err != nil {
		return "", err
	}
	defer func() {
		for _, t := range tables {
			t.Close()
		}
	}()
	for _, t := range tables {
		k, err := detectKind(t.Source, Options{}.renamed)
		if err != nil {
			return "", err
		}
		if k != "" {
			return k, nil
		}
	}
	return "", &FileError{File: path, Reason: i18n.M("import.kind_unknown")}
}
