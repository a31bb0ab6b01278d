package importer

// The date order is learned from every date of the file (date_order.go),
// including those of rows the import leaves out: each row's date columns
// are looked at before the row is read.

// dateColumns are the canonical columns that hold dates, of every kind.
var dateColumns = []string{"issue_date", "due_date", "service_date", "service_end", "payment_date", "date"}

// scanDates learns the order from the current row's dates, proofs first
// (an ambiguous date beside a proof in the same row is read after it),
// and reports whether the file must be read again.
func (r *run) scanDates() bool {
	ds := r.dates
	if ds.forced {
		return false
	}
	amb := false
	for _, col := range dateColumns {
		i, ok := r.m[col]
		if !ok || i >= len(r.row.Cells) {
			continue
		}
		v := r.row.Cells[i]
		if _, num := r.spreadsheetNumber(col); num {
			continue // a date cell: its display says nothing of the file
		}
		switch ev := dateEvidenceOf(v); ev {
		case ambiguous:
			amb = true
		case provesDMY, provesMDY:
			ds.learn(r, col, v, ev)
		}
	}
	if amb {
		ds.learn(r, "", "", ambiguous)
	}
	return ds.redo != ""
}

// dateEvidenceOf is what parseDate says of a slash or dash date with a
// four-digit year (D/M/YYYY, DD-MM-YYYY, optionally at midnight), without
// reading the rest: it runs on every date of every row.
func dateEvidenceOf(s string) dateEvidence {
	i, n := 0, len(s)
	for i < n && s[i] == ' ' {
		i++
	}
	a, i := digits(s, i)
	if a < 0 || i >= n || (s[i] != '/' && s[i] != '-') {
		return noEvidence
	}
	sep := s[i]
	b, j := digits(s, i+1)
	if b < 0 || j >= n || s[j] != sep || j+5 > n {
		return noEvidence
	}
	y := 0
	for k := j + 1; k < j+5; k++ {
		if s[k] < '0' || s[k] > '9' {
			return noEvidence
		}
		y = y*10 + int(s[k]-'0')
	}
	if rest := s[j+5:]; rest != "" && rest[0] != ' ' && rest[0] != 'T' && rest[0] != '.' {
		return noEvidence
	}
	dmy, mdy := validDay(y, b, a), validDay(y, a, b)
	switch {
	case dmy && mdy && a != b:
		return ambiguous
	case dmy && !mdy:
		return provesDMY
	case mdy && !dmy:
		return provesMDY
	}
	return noEvidence
}

// digits reads one or two digits at s[i:], -1 if none or more.
func digits(s string, i int) (int, int) {
	v, k := 0, i
	for k < len(s) && k-i < 3 && s[k] >= '0' && s[k] <= '9' {
		v = v*10 + int(s[k]-'0')
		k++
	}
	if k == i || k-i > 2 {
		return -1, k
	}
	return v, k
}

func validDay(y, m, d int) bool {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return false
	}
	n := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		n = 29
	}
	return d <= n
}
