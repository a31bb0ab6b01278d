package ledger

import (
	"errors"
	"fmt"
	"time"
)

// Date is a calendar date with no time of day and no time zone: the day an
// invoice was issued, fell due or was paid. It counts days so that "days
// overdue" and interest periods are plain integer arithmetic. The zero value
// means "no date"; day 1 is 0001-01-01 (proleptic Gregorian calendar).
type Date int32

// ErrBadDate is wrapped by every date parsing failure.
var ErrBadDate = errors.New("invalid date")

// NewDate returns the date y-m-d, or an error if no such day exists
// (2025-02-29, month 13...). Years run from 1 to 9999.
func NewDate(y, m, d int) (Date, error) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, fmt.Errorf("%w: %04d-%02d-%02d does not exist", ErrBadDate, y, m, d)
	}
	return Date(daysFromCivil(y, m, d)), nil
}

// MustDate is NewDate for literals in tests and tables; it panics on a bad date.
func MustDate(s string) Date {
	d, err := ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(daysFromCivil(y, int(m), d))
}

// Today returns today's date in the local time zone. Core code takes the date
// as a parameter instead of calling this; only entry points call it.
func Today() Date { return DateOf(time.Now()) }

// ParseISODate parses exactly YYYY-MM-DD.
func ParseISODate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%w: %q is not YYYY-MM-DD", ErrBadDate, s)
	}
	y, ok1 := atoiDigits(s[0:4])
	m, ok2 := atoiDigits(s[5:7])
	d, ok3 := atoiDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, fmt.Errorf("%w: %q is not YYYY-MM-DD", ErrBadDate, s)
	}
	return NewDate(y, m, d)
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// IsZero reports whether d is the "no date" value.
func (d Date) IsZero() bool { return d == 0 }

// Civil returns year, month and day.
func (d Date) Civil() (y, m, day int) { return civilFromDays(int64(d)) }

// String formats d as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.Civil()
	b := make([]byte, 10)
	put := func(off, n, width int) {
		for i := width - 1; i >= 0; i-- {
			b[off+i] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, m, 2)
	b[7] = '-'
	put(8, day, 2)
	return string(b)
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the month's last
// day (2025-01-31 + 1 month = 2025-02-28), as payment terms are read.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Civil()
	total := y*12 + (m - 1) + n
	y, m = total/12, total%12+1
	if dim := daysIn(y, m); day > dim {
		day = dim
	}
	return Date(daysFromCivil(y, m, day))
}

// DaysSince returns d - other in days.
func (d Date) DaysSince(other Date) int { return int(d - other) }

// Before reports whether d is strictly before other.
func (d Date) Before(other Date) bool { return d < other }

// After reports whether d is strictly after other.
func (d Date) After(other Date) bool { return d > other }

// Time returns midnight of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	y, m, day := d.Civil()
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, loc)
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 (day 1) was a Monday.
	return time.Weekday((int64(d) % 7))
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms, shifted so
// that 0001-01-01 is day 1.
const civilShift = 719163 // day number of 1970-01-01 when 0001-01-01 is day 1

func daysFromCivil(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := int64(m+9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 + civilShift
}

func civilFromDays(n int64) (int, int, int) {
	z := n - civilShift + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}
