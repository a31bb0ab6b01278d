package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// The owner writes the company's numbers as people of its country dial
// them ("04 78 00 00 00"); a customer abroad needs them as dialled from
// anywhere ("+33 4 78 00 00 00"). Only the owner's own numbers are
// rewritten, and only their prefix: the country calling code replaces the
// national trunk prefix, the owner's grouping stays. A full numbering-plan
// library (libphonenumber's metadata, megabytes) would validate and
// regroup numbers, which is not needed to print the owner's number right.

// dialling is a country's calling code and the trunk prefix its national
// numbers start with ("" where numbers have none, or keep it, as in
// Italy).
type dialling struct{ code, trunk string }

// diallingPlans holds the countries a Relance owner is likely to be in
// (Europe, North America and a few more, ITU-T E.164 assignments). An
// owner elsewhere keeps the number as written: better than a wrong prefix.
var diallingPlans = map[ledger.Country]dialling{
	"FR": {"33", "0"}, "MC": {"377", ""}, "BE": {"32", "0"}, "LU": {"352", ""}, "CH": {"41", "0"}, "LI": {"423", ""},
	"DE": {"49", "0"}, "AT": {"43", "0"}, "NL": {"31", "0"}, "GB": {"44", "0"}, "IE": {"353", "0"}, "IM": {"44", "0"},
	"JE": {"44", "0"}, "GG": {"44", "0"}, "IT": {"39", ""}, "SM": {"378", ""}, "VA": {"39", ""}, "ES": {"34", ""},
	"AD": {"376", ""}, "PT": {"351", ""}, "GR": {"30", ""}, "CY": {"357", ""}, "MT": {"356", ""}, "DK": {"45", ""},
	"SE": {"46", "0"}, "NO": {"47", ""}, "FI": {"358", "0"}, "IS": {"354", ""}, "EE": {"372", ""}, "LV": {"371", ""},
	"LT": {"370", "0"}, "PL": {"48", ""}, "CZ": {"420", ""}, "SK": {"421", "0"}, "HU": {"36", "06"}, "SI": {"386", "0"},
	"HR": {"385", "0"}, "BA": {"387", "0"}, "RS": {"381", "0"}, "ME": {"382", "0"}, "MK": {"389", "0"}, "AL": {"355", "0"},
	"XK": {"383", "0"}, "BG": {"359", "0"}, "RO": {"40", "0"}, "MD": {"373", "0"}, "UA": {"380", "0"}, "TR": {"90", "0"},
	"US": {"1", "1"}, "CA": {"1", "1"}, "MA": {"212", "0"}, "DZ": {"213", "0"}, "TN": {"216", ""}, "SN": {"221", ""},
	"CI": {"225", ""}, "RE": {"262", "0"}, "GP": {"590", "0"}, "MQ": {"596", "0"}, "GF": {"594", "0"}, "YT": {"262", "0"},
	"PM": {"508", ""}, "NC": {"687", ""}, "PF": {"689", ""}, "AU": {"61", "0"}, "NZ": {"64", "0"}, "IL": {"972", "0"},
}

// InternationalPhone writes a number of the company's country in
// international form: "+33 4 78 00 00 00" for "04 78 00 00 00" in France,
// "+44 20 7946 0958" for "020 7946 0958", "+39 06 1234 5678" for Rome.
// A number already international ("+…", "00…") is only given its "+"; a
// number of a country not in the table is left as written.
func InternationalPhone(number string, country ledger.Country) string {
	s := strings.TrimSpace(number)
	switch {
	case s == "":
		return ""
	case strings.HasPrefix(s, "+"):
		return s
	case strings.HasPrefix(s, "00"):
		return "+" + strings.TrimLeft(s[2:], " ")
	}
	plan, ok := diallingPlans[country]
	if !ok {
		return s
	}
	// "(0)4 78…", "(030) 1234567": the brackets around the prefix go.
	rest := s
	if strings.HasPrefix(rest, "(") {
		if i := strings.Index(rest, ")"); i > 0 {
			rest = rest[1:i] + " " + strings.TrimLeft(rest[i+1:], " ")
		}
	}
	if plan.trunk != "" && strings.HasPrefix(rest, plan.trunk) {
		rest = rest[len(plan.trunk):]
	}
	rest = strings.TrimLeft(rest, " -./")
	if rest == "" || rest[0] < '0' || rest[0] > '9' {
		return s // not a number we understand: as written
	}
	return "+" + plan.code + " " + rest
}

// phoneFor is the company's number as the recipient dials it: as written
// for a customer of the company's country (or of no stated country),
// international for one abroad.
func phoneFor(number string, company, customer ledger.Country) string {
	if customer == "" || customer == company || number == "" {
		return number
	}
	return InternationalPhone(number, company)
}
