package bank

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/ledger"
)

// numberIndex finds invoice numbers in remittance texts, written with or
// without separators: every invoice number of the ledger by its number key
// (letters and digits upper-cased, ledger.NumberKey). The numbers are kept
// as the one string the store reads them in, and indexed by a 64-bit hash
// of their key: no string per invoice (a map of a million keys took 370 ms
// to build, this one a third of that). A hash names candidates; their keys
// are compared before anything is matched.
type numberIndex struct {
	all    string
	starts []int32            // offset of each number in all
	first  map[uint64]int32   // key hash → the first number with it
	more   map[uint64][]int32 // key hash → the further numbers with it
}

func newNumberIndex(all string) *numberIndex {
	n := strings.Count(all, "\n") + 1
	x := &numberIndex{all: all, starts: make([]int32, 0, n), first: make(map[uint64]int32, n), more: map[uint64][]int32{}}
	if all == "" {
		return x
	}
	for off := 0; off <= len(all); {
		end := strings.IndexByte(all[off:], '\n')
		if end < 0 {
			end = len(all) - off
		}
		i := int32(len(x.starts))
		x.starts = append(x.starts, int32(off))
		h, ok := keyHash(all[off : off+end])
		if ok {
			if _, dup := x.first[h]; dup {
				x.more[h] = append(x.more[h], i)
			} else {
				x.first[h] = i
			}
		}
		off += end + 1
	}
	return x
}

// number is the i-th number.
func (x *numberIndex) number(i int32) string {
	s := x.all[x.starts[i]:]
	if end := strings.IndexByte(s, '\n'); end >= 0 {
		s = s[:end]
	}
	return s
}

// lookup returns the invoice numbers whose key is key.
func (x *numberIndex) lookup(key string) []string {
	h, ok := keyHash(key)
	if !ok {
		return nil
	}
	i, found := x.first[h]
	if !found {
		return nil
	}
	var out []string
	for _, j := range append([]int32{i}, x.more[h]...) {
		if n := x.number(j); ledger.NumberKey(n) == key {
			out = append(out, n)
		}
	}
	return out
}

// keyHash is FNV-1a of s's number key, computed without building it;
// false when the key is empty.
func keyHash(s string) (uint64, bool) {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z':
				c -= 'a' - 'A'
			case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			default:
				continue
			}
			h = (h ^ uint64(c)) * prime
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		var buf [utf8.UTFMax]byte
		for _, b := range buf[:utf8.EncodeRune(buf[:], unicode.ToUpper(r))] {
			h = (h ^ uint64(b)) * prime
		}
		n++
	}
	return h, n > 0
}

// maxWindow is how many words one invoice number may be written over
// ("F 2026 007" is three).
const maxWindow = 4

// minKey: shorter keys ("12") are found in any text (amounts, dates) and
// are never taken for an invoice number.
const minKey = 3

// numbersIn finds the invoice numbers a text names: at each word, the
// longest run of up to maxWindow words whose joined key (with a digit in
// it) is some invoice's; the run's words are then passed. Each key found
// comes once, in the text's order, with the numbers that have it (more
// than one: a collision).
func (x *numberIndex) numbersIn(text string) (keys []string, numbers [][]string) {
	words := splitWords(text)
	seen := map[string]bool{}
	for i := 0; i < len(words); {
		matched := 0
		for n := min(maxWindow, len(words)-i); n >= 1; n-- {
			key := ledger.NumberKey(strings.Join(words[i:i+n], ""))
			if len(key) < minKey || !hasDigit(key) {
				continue
			}
			if nums := x.lookup(key); len(nums) > 0 {
				if !seen[key] {
					seen[key] = true
					keys = append(keys, key)
					numbers = append(numbers, nums)
				}
				matched = n
				break
			}
		}
		i += max(matched, 1)
	}
	return keys, numbers
}

// splitWords cuts a text at spaces and at the marks that are not part of
// an invoice number's key ("n°", "#", "(F-12)", "F-1, F-2"); a number
// written with slashes ("FA/2026/007") is found again by the windows.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ',', ';', ':', '(', ')', '[', ']', '{', '}', '"', '\'', '°', '#', '+', '=', '*', '&', '/', '\\', '|':
			return true
		}
		return unicode.IsSpace(r)
	})
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}
