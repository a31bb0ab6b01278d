package i18n

// Plural messages: a count said with the noun in the form the language
// wants for it ("1 invoice", "2 invoices"; "0 facture", "2 factures";
// "21 фактура", "22 фактуре", "25 фактура"). Until these, messages put the
// count after a colon ("Број фактура: 214") or wrote "facture(s)"; a
// sentence such as an import's summary needs the real forms.
//
// A plural message is one catalog entry per form, KEY#FORM, the forms
// being CLDR's cardinal categories for the language (one, few, many,
// other): English and French have one and other (French also many, for
// millions: "1 000 000 de factures", optional: other stands in), German
// one and other as English ("1 Rechnung", "2 Rechnungen"), Serbian
// one, few and other. TN picks the form for the count.

// Plural forms (CLDR cardinal plural categories).
const (
	PluralOne   = "one"
	PluralFew   = "few"
	PluralMany  = "many"
	PluralOther = "other"
)

// PluralForm is the form language l uses for the whole number n, by CLDR's
// rules for integers.
func PluralForm(l Lang, n int) string {
	if n < 0 {
		n = -n
	}
	switch l {
	case FR:
		switch {
		case n <= 1:
			return PluralOne // French: 0 and 1 are singular
		case n%1_000_000 == 0:
			return PluralMany
		}
	case SRCyrl, SRLatn:
		switch d, dd := n%10, n%100; {
		case d == 1 && dd != 11:
			return PluralOne
		case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
			return PluralFew
		}
	default:
		if n == 1 {
			return PluralOne
		}
	}
	return PluralOther
}

// PluralForms are the forms a catalog of l must give each plural message,
// and those it may give besides (the others fall back to "other").
func PluralForms(l Lang) (required, optional []string) {
	switch l {
	case FR:
		return []string{PluralOne, PluralOther}, []string{PluralMany}
	case SRCyrl, SRLatn:
		return []string{PluralOne, PluralFew, PluralOther}, nil
	}
	return []string{PluralOne, PluralOther}, nil
}

// TN translates the plural message key for the count n into l: the
// catalog's form for n (KEY#one, KEY#few…), formatted with n as the first
// argument (%[1]d) and args after it.
func TN(l Lang, key string, n int, args ...any) string {
	loadOnce.Do(load)
	all := make([]any, 0, 1+len(args))
	all = append(all, n)
	all = append(all, args...)
	if _, ok := catalogs[l][key+"#"+PluralOther]; !ok {
		l = EN // not translated: English, in English's form
	}
	full := key + "#" + PluralForm(l, n)
	if _, ok := catalogs[l][full]; !ok {
		full = key + "#" + PluralOther // an optional form not given
	}
	return T(l, full, all...)
}
