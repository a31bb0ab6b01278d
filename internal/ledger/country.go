package ledger

import (
	"fmt"
	"strings"
)

// Country is an ISO 3166-1 alpha-2 code such as "FR".
type Country string

// countries lists the ISO 3166-1 alpha-2 codes officially assigned, plus XK
// (Kosovo, user-assigned but used by the European Commission and by Serbian
// and international postal practice).
const countryCodes = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK"

var countrySet = func() map[Country]bool {
	m := map[Country]bool{}
	for _, c := range strings.Fields(countryCodes) {
		m[Country(c)] = true
	}
	return m
}()

// countryNames maps names that exports write in place of codes, in the
// product's languages, to codes. Keys are lower case.
var countryNames = map[string]Country{
	"france": "FR", "république française": "FR", "француска": "FR", "francuska": "FR",
	"united kingdom": "GB", "uk": "GB", "great britain": "GB", "royaume-uni": "GB", "england": "GB", "angleterre": "GB",
	"велика британија": "GB", "velika britanija": "GB",
	"germany": "DE", "allemagne": "DE", "deutschland": "DE", "немачка": "DE", "nemačka": "DE", "nemacka": "DE",
	"serbia": "RS", "serbie": "RS", "srbija": "RS", "србија": "RS", "republika srbija": "RS", "република србија": "RS",
	"belgium": "BE", "belgique": "BE", "belgië": "BE", "switzerland": "CH", "suisse": "CH", "schweiz": "CH",
	"luxembourg": "LU", "spain": "ES", "espagne": "ES", "españa": "ES", "italy": "IT", "italie": "IT", "italia": "IT",
	"netherlands": "NL", "pays-bas": "NL", "ireland": "IE", "irlande": "IE", "portugal": "PT",
	"austria": "AT", "autriche": "AT", "österreich": "AT", "monaco": "MC", "canada": "CA",
	"united states": "US", "usa": "US", "états-unis": "US", "etats-unis": "US",
	"montenegro": "ME", "monténégro": "ME", "crna gora": "ME", "црна гора": "ME",
	"bosnia and herzegovina": "BA", "bosnie-herzégovine": "BA", "bosna i hercegovina": "BA", "босна и херцеговина": "BA",
	"croatia": "HR", "croatie": "HR", "hrvatska": "HR", "хрватска": "HR",
	"north macedonia": "MK", "macédoine du nord": "MK", "severna makedonija": "MK", "северна македонија": "MK",
	"hungary": "HU", "hongrie": "HU", "mađarska": "HU", "мађарска": "HU",
	"romania": "RO", "roumanie": "RO", "rumunija": "RO", "румунија": "RO",
	"bulgaria": "BG", "bulgarie": "BG", "bugarska": "BG", "бугарска": "BG",
	"slovenia": "SI", "slovénie": "SI", "slovenija": "SI", "словенија": "SI",
	"kosovo": "XK", "косово": "XK",
}

// ParseCountry accepts an ISO 3166-1 alpha-2 code in any case, or a common
// country name in French, English or Serbian.
func ParseCountry(s string) (Country, error) {
	t := strings.TrimSpace(s)
	if c := Country(strings.ToUpper(t)); countrySet[c] {
		return c, nil
	}
	if c, ok := countryNames[strings.ToLower(t)]; ok {
		return c, nil
	}
	return "", fmt.Errorf("unknown country %q (expected an ISO 3166 code such as FR, GB, RS)", s)
}

// Valid reports whether c is a known country code.
func (c Country) Valid() bool { return countrySet[c] }
