package ledger

import (
	"errors"
	"testing"
)

func TestParseAmount(t *testing.T) {
	ok := []struct {
		in   string
		cur  Currency
		want int64
	}{
		{"1234.56", "EUR", 123456},
		{"1234,56", "EUR", 123456},
		{"1 234,56", "EUR", 123456},
		{"1\u00a0234,56", "EUR", 123456},
		{"1\u202f234,56 €", "EUR", 123456},
		{"1.234,56", "EUR", 123456},
		{"1,234.56", "USD", 123456},
		{"€1,234.56", "EUR", 123456},
		{"$1,234.56", "USD", 123456},
		{"EUR 12", "EUR", 1200},
		{"12 EUR", "EUR", 1200},
		{"1'234.50 CHF", "CHF", 123450},
		{"1.200,00 дин.", "RSD", 120000},
		{"1,234", "EUR", 123400}, // lone group of three: thousands
		{"1.234.567", "EUR", 123456700},
		{"1,234", "KWD", 1234}, // KWD has three decimals
		{"0,5", "EUR", 50},
		{"0", "EUR", 0},
		{"12", "JPY", 12},
		{"1,234", "JPY", 1234},
		{"+7.10", "GBP", 710},
		{"£7.10", "GBP", 710},
		{"007.10", "GBP", 710},
		{"1 234 567,89", "EUR", 123456789},
	}
	for _, c := range ok {
		got, err := ParseAmount(c.in, c.cur)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", c.in, c.cur, got, err, c.want)
		}
	}
	bad := []struct {
		in  string
		cur Currency
	}{
		{"", "EUR"},
		{"-12", "EUR"},
		{"(12.00)", "EUR"},
		{"12-", "EUR"},
		{"abc", "EUR"},
		{"1.5", "JPY"},
		{"0,125", "EUR"},
		{"1,2,3", "EUR"},
		{"12,34,56", "EUR"},
		{"1.234.56", "EUR"},
		{"12 34,56", "EUR"},
		{"1.234 567", "EUR"},
		{"12.", "EUR"},
		{".", "EUR"},
		{"€", "EUR"},
		{"£12", "EUR"},
		{"12 USD", "EUR"},
		{"12 XYZ", "EUR"},
		{"1e5", "EUR"},
		{"12.345.678,901", "EUR"},
		{"99999999999999999999", "EUR"},
	}
	for _, c := range bad {
		if got, err := ParseAmount(c.in, c.cur); err == nil {
			t.Errorf("ParseAmount(%q, %s) = %d, want an error", c.in, c.cur, got)
		}
	}
	if _, err := ParseAmount("12 USD", "EUR"); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("want ErrCurrencyMismatch, got %v", err)
	}
}

func TestFormatMinor(t *testing.T) {
	cases := []struct {
		m    Money
		want string
	}{
		{Money{123456, "EUR"}, "1234.56"},
		{Money{5, "EUR"}, "0.05"},
		{Money{-5, "EUR"}, "-0.05"},
		{Money{0, "EUR"}, "0.00"},
		{Money{1234, "JPY"}, "1234"},
		{Money{1234, "KWD"}, "1.234"},
		{Money{100, "RSD"}, "1.00"},
	}
	for _, c := range cases {
		if got := c.m.Decimal(); got != c.want {
			t.Errorf("%v.Decimal() = %q, want %q", c.m, got, c.want)
		}
	}
}

func TestMoneyAddRefusesMixedCurrencies(t *testing.T) {
	if _, err := (Money{1, "EUR"}).Add(Money{1, "USD"}); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("got %v", err)
	}
	s, err := (Money{150, "EUR"}).Add(Money{50, "EUR"})
	if err != nil || s.Minor != 200 {
		t.Fatalf("got %v %v", s, err)
	}
}

func TestCurrencyTable(t *testing.T) {
	for code, want := range map[string]int{"EUR": 2, "eur": 2, "JPY": 0, "KWD": 3, "RSD": 2, "GBP": 2, "CLF": 4} {
		c, err := ParseCurrency(code)
		if err != nil || c.MinorUnits() != want {
			t.Errorf("%s: %v minor %d, want %d", code, err, c.MinorUnits(), want)
		}
	}
	for _, code := range []string{"", "EU", "EURO", "XYZ", "FRF", "DEM"} {
		if _, err := ParseCurrency(code); err == nil {
			t.Errorf("ParseCurrency(%q) accepted", code)
		}
	}
}

func TestSharedSymbolsNeedTheirCurrency(t *testing.T) {
	for _, c := range []struct {
		in  string
		cur Currency
		ok  bool
	}{
		{"$1,234.56", "USD", true}, {"$1,234.56", "CAD", true}, {"$1,234.56", "EUR", false},
		{"100 kr", "SEK", true}, {"kr 100", "EUR", false}, {"¥1234", "CNY", true}, {"¥1234", "JPY", true}, {"¥1234", "EUR", false},
		{"€12", "USD", false}, {"12 дин.", "RSD", true}, {"12 дин.", "EUR", false},
	} {
		_, err := ParseAmount(c.in, c.cur)
		if (err == nil) != c.ok {
			t.Errorf("ParseAmount(%q, %s): %v, want ok=%v", c.in, c.cur, err, c.ok)
		}
		if !c.ok && !errors.Is(err, ErrCurrencyMismatch) {
			t.Errorf("ParseAmount(%q, %s): %v, want a currency mismatch", c.in, c.cur, err)
		}
	}
}
