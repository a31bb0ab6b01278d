package letter

import (
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The salutation line. A letter greets the person it is for by the form of
// its language for their gender ("Madame,", "Dear Ms Harper,", "Sehr
// geehrte Frau Dr. Schäfer,", "Поштована госпођо Јовановић,"), and, when
// the ledger does not say who that is or whether to write Frau or Herr,
// with the language's neutral form ("Madame, Monsieur,", "Dear Sir or
// Madam,", "Sehr geehrte Damen und Herren,", "Поштовани,"): never with a
// bare name and a comma ("Jean Dupont,", "Dear Accounts Payable,"), never
// with a gender guessed from a first name.
//
// The gender comes from the customer's gender column, else from the
// salutation column ("Madame", "Mr", "Поштовани господине": what owners
// wrote there before the gender column existed), else from a word before
// the contact's name ("Frau Anna Schäfer"). A salutation the program does
// not recognise is the owner's own line and is printed as written.

// greetWord is what a salutation, or a word before a name, says.
type greetWord struct {
	gender  ledger.Gender
	neutral bool   // "Madame, Monsieur", "Sir or Madam": greet with the neutral form
	english string // the English word to keep: "Mrs", "Miss" ("Ms", "Mr" otherwise)
	title   string // "Dr", "Prof.": a title, not a gender
}

// salutationWords are the salutations owners write, folded (lower case,
// without the final comma or full stop).
var salutationWords = map[string]greetWord{}

func init() {
	add := func(w greetWord, words ...string) {
		for _, s := range words {
			salutationWords[s] = w
		}
	}
	add(greetWord{gender: ledger.Female}, "madame", "mme", "ms", "dear ms", "frau", "sehr geehrte frau", "liebe frau",
		"госпођа", "госпођо", "поштована госпођо", "поштована", "gospođa", "gospođo", "poštovana gospođo", "poštovana",
		"gospodja", "gospodjo", "postovana gospodjo", "postovana gospođo", "postovana")
	add(greetWord{gender: ledger.Female, english: "Mrs"}, "mrs", "dear mrs")
	add(greetWord{gender: ledger.Female, english: "Miss"}, "miss", "dear miss")
	add(greetWord{gender: ledger.Male}, "monsieur", "m", "mr", "dear mr", "herr", "sehr geehrter herr", "lieber herr",
		"господин", "господине", "поштовани господине", "gospodin", "gospodine", "poštovani gospodine", "postovani gospodine")
	add(greetWord{neutral: true}, "madame, monsieur", "madame monsieur", "madame/monsieur", "mesdames, messieurs", "mesdames et messieurs",
		"messieurs", "sir or madam", "dear sir or madam", "sir/madam", "dear sir/madam", "sirs", "dear sirs", "damen und herren",
		"sehr geehrte damen und herren", "поштовани", "poštovani", "postovani", "поштовани, поштована", "sir", "dear sir", "madam", "dear madam")
	add(greetWord{title: "Dr"}, "dr", "doctor", "docteur", "doktor", "др")
	add(greetWord{title: "Prof"}, "prof", "professor", "professeur", "проф", "професор", "profesor")
}

func foldSalutation(s string) string {
	return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ",.:;!"))
}

// nameWords are words that may stand before a contact's name.
var nameWords = map[string]greetWord{
	"frau": {gender: ledger.Female}, "herr": {gender: ledger.Male}, "mme": {gender: ledger.Female}, "madame": {gender: ledger.Female},
	"m": {gender: ledger.Male}, "monsieur": {gender: ledger.Male}, "ms": {gender: ledger.Female}, "mrs": {gender: ledger.Female, english: "Mrs"},
	"miss": {gender: ledger.Female, english: "Miss"}, "mr": {gender: ledger.Male},
	"госпођа": {gender: ledger.Female}, "господин": {gender: ledger.Male}, "gospođa": {gender: ledger.Female}, "gospodin": {gender: ledger.Male},
	"dr": {title: "Dr"}, "prof": {title: "Prof"},
}

// addressee is the person a letter greets, as the ledger knows them.
type addressee struct {
	surname string
	gender  ledger.Gender
	english string // "Mrs", "Miss" when the ledger says so
	title   string // "Dr.", "Prof. Dr." as the owner wrote it, or "Dr" from a word before the name
}

// greeting is the salutation line of a letter to c in language lg, with
// its comma; the same for every kind of letter.
func greeting(c ledger.Customer, lg ledger.Language) string {
	l := lang(lg)
	person := strings.TrimSpace(c.Contact)
	if person == "" && c.Kind == ledger.Consumer {
		person = strings.TrimSpace(c.Name)
	}
	a := addressee{gender: c.Gender, title: strings.TrimSpace(c.Title)}
	if sal := strings.TrimSpace(c.Salutation); sal != "" {
		w, known := salutationWords[foldSalutation(sal)]
		if !known {
			return ownLine(sal) // the owner's own words
		}
		if w.neutral && a.gender == ledger.GenderUnknown {
			return i18n.T(l, "letter.greeting_generic")
		}
		a.merge(w)
	}
	words := strings.Fields(person)
	for len(words) > 1 {
		w, ok := nameWords[foldSalutation(words[0])]
		if !ok {
			break
		}
		a.merge(w)
		words = words[1:]
	}
	if len(words) > 0 {
		a.surname = words[len(words)-1]
	}
	if s := personal(a, lg); s != "" {
		return s
	}
	return i18n.T(l, "letter.greeting_generic")
}

// merge takes what w says where the ledger said nothing more precise.
func (a *addressee) merge(w greetWord) {
	if a.gender == ledger.GenderUnknown {
		a.gender = w.gender
	}
	if w.english != "" && (a.gender == w.gender) {
		a.english = w.english
	}
	if a.title == "" {
		a.title = w.title
	}
}

// personal is the greeting by name, or "" when the language's form needs
// what the ledger does not know (a surname; a gender, but in English a
// title will do).
func personal(a addressee, lg ledger.Language) string {
	if a.surname == "" {
		return ""
	}
	switch lg {
	case ledger.French:
		// French letters greet with Madame or Monsieur alone.
		switch a.gender {
		case ledger.Female:
			return "Madame,"
		case ledger.Male:
			return "Monsieur,"
		}
	case ledger.German:
		name := a.surname
		if a.title != "" {
			name = germanTitle(a.title) + nbsp + name // "Dr." never ends a line
		}
		switch a.gender {
		case ledger.Female:
			return "Sehr geehrte Frau " + name + ","
		case ledger.Male:
			return "Sehr geehrter Herr " + name + ","
		}
	case ledger.SerbianCyrillic, ledger.SerbianLatin:
		var words, name string
		switch a.gender {
		case ledger.Female:
			words, name = "Поштована госпођо", a.surname
		case ledger.Male:
			words, name = "Поштовани господине", serbianVocative(a.surname)
		default:
			return ""
		}
		if lg == ledger.SerbianLatin {
			// The words only: a name keeps the script it is written in.
			words = i18n.CyrillicToLatin(words)
		}
		return words + " " + name + ","
	default: // English
		if t := englishTitle(a.title); t != "" {
			return "Dear " + t + " " + a.surname + ","
		}
		word := a.english
		switch {
		case word != "":
		case a.gender == ledger.Female:
			word = "Ms"
		case a.gender == ledger.Male:
			word = "Mr"
		default:
			return ""
		}
		return "Dear " + word + " " + a.surname + ","
	}
	return ""
}

// germanTitle writes a title as German letters do: "Dr.", "Prof.".
func germanTitle(t string) string {
	switch foldSalutation(t) {
	case "dr", "doctor", "docteur", "doktor", "др":
		return "Dr."
	case "prof", "professor", "professeur", "проф", "професор", "profesor":
		return "Prof."
	}
	return t
}

// englishTitle writes a title as British letters do: "Dr", "Professor"
// (no full stop after a contraction).
func englishTitle(t string) string {
	f := foldSalutation(t)
	switch {
	case f == "":
		return ""
	case strings.HasPrefix(f, "prof"), strings.HasPrefix(f, "проф"):
		return "Professor"
	case strings.HasPrefix(f, "dr"), strings.HasPrefix(f, "doct"), strings.HasPrefix(f, "dokt"), strings.HasPrefix(f, "др"):
		return "Dr"
	}
	return strings.TrimSuffix(t, ".")
}

// ownLine is a salutation the owner wrote in full, with its comma.
func ownLine(s string) string {
	if strings.HasSuffix(s, ",") || strings.HasSuffix(s, "!") {
		return s
	}
	return strings.TrimRight(s, ".:;") + ","
}

// serbianVocative is a man's surname in the vocative, as a Serbian
// salutation says it: Јовановић → Јовановићу, Петров → Петрове, Новак →
// Новаче, Ковач → Ковачу; a surname ending in a vowel stays as it is. In
// Latin letters only a name that is plainly Serbian (-ić, or č, ć, š, ž,
// đ in it) is declined: "Smith" or "Dupont" would come out wrong
// ("Smitše"), and an undeclined name is what careful writers do with a
// foreign one. A name with letters Serbian does not write stays as it is.
func serbianVocative(s string) string {
	r := []rune(s)
	if len(r) < 2 {
		return s
	}
	for _, c := range r {
		if unicode.IsLetter(c) && !strings.ContainsRune(serbianLetters, unicode.ToLower(c)) {
			return s
		}
	}
	last := unicode.ToLower(r[len(r)-1])
	upper := unicode.IsUpper(r[len(r)-1]) && unicode.IsUpper(r[0]) && len(r) > 1 && unicode.IsUpper(r[1])
	cyr := last >= 'а' && last <= 'џ'
	if !cyr && !strings.ContainsAny(strings.ToLower(s), "čćšžđ") {
		return s
	}
	stem, end := string(r[:len(r)-1]), string(r[len(r)-1])
	var out string
	switch {
	case strings.ContainsRune("аеиоуaeiou", last):
		return s
	case strings.ContainsRune("јљњћђчџшжjćđčšž", last):
		out = s + pick(cyr, "у", "u")
	case last == 'к' || last == 'k':
		out = stem + pick(cyr, "че", "če")
	case last == 'г' || last == 'g':
		out = stem + pick(cyr, "же", "že")
	case last == 'х' || last == 'h':
		out = stem + pick(cyr, "ше", "še")
	case last == 'ц' || last == 'c':
		out = stem + pick(cyr, "че", "če")
	default:
		out = stem + end + pick(cyr, "е", "e")
	}
	if upper {
		return strings.ToUpper(out)
	}
	return out
}

// serbianLetters are the letters of both Serbian alphabets, lower case.
const serbianLetters = "абвгдђежзијклљмнњопрстћуфхцчџшabcčćddžđefghijklljmnnjoprsštuvzž"

func pick(cyr bool, c, l string) string {
	if cyr {
		return c
	}
	return l
}
