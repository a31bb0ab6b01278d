package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// testTables holds the published figures quoted in the dunning issue, so
// the hand computations below do not depend on the shipped data file.
func testTables(t *testing.T) *Tables {
	t.Helper()
	e := func(id RateID, from, rate string) RateEntry {
		return RateEntry{Table: id, From: ledger.MustDate(from), Rate: MustRate(rate), Source: "test"}
	}
	tabs, err := NewTables([]Table{
		{ID: ECBMainRefinancing, Checked: ledger.MustDate("2026-06-30"), Entries: []RateEntry{
			e(ECBMainRefinancing, "2022-12-21", "2.50"), e(ECBMainRefinancing, "2023-06-21", "4.00"),
			e(ECBMainRefinancing, "2023-09-20", "4.50"), e(ECBMainRefinancing, "2024-06-12", "4.25"),
			e(ECBMainRefinancing, "2024-12-18", "3.15"), e(ECBMainRefinancing, "2025-04-23", "2.40"),
			e(ECBMainRefinancing, "2025-06-11", "2.15"),
		}},
		{ID: FRLegalOther, HalfYearly: true, Checked: ledger.MustDate("2026-06-30"), Entries: []RateEntry{
			e(FRLegalOther, "2024-01-01", "5.07"), e(FRLegalOther, "2024-07-01", "4.92"), e(FRLegalOther, "2025-01-01", "3.71"),
			e(FRLegalOther, "2025-07-01", "2.76"), e(FRLegalOther, "2026-01-01", "2.62"),
		}},
		{ID: BoEBankRate, Checked: ledger.MustDate("2026-06-30"), Entries: []RateEntry{
			e(BoEBankRate, "2022-12-15", "3.50"), e(BoEBankRate, "2023-06-22", "5.00"), e(BoEBankRate, "2023-08-03", "5.25"),
			e(BoEBankRate, "2024-11-07", "4.75"), e(BoEBankRate, "2025-05-08", "4.25"), e(BoEBankRate, "2025-12-18", "3.75"),
		}},
		{ID: DEBasiszins, HalfYearly: true, Checked: ledger.MustDate("2025-12-31"), Entries: []RateEntry{
			e(DEBasiszins, "2024-01-01", "3.62"), e(DEBasiszins, "2024-07-01", "3.37"), e(DEBasiszins, "2025-01-01", "2.27"),
			e(DEBasiszins, "2025-07-01", "1.27"),
		}},
		// NBS: 5.75 through September 2025, then a made-up cut to 5.50 on
		// 2025-10-09 to exercise the day-after rule.
		{ID: NBSKeyRate, Checked: ledger.MustDate("2025-12-31"), Entries: []RateEntry{
			e(NBSKeyRate, "2024-09-12", "5.75"), e(NBSKeyRate, "2025-10-09", "5.50"),
		}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tabs
}

func invoice(number, due string, total int64, cur ledger.Currency) ledger.Invoice {
	return ledger.Invoice{ID: 1, Number: number, IssueDate: ledger.MustDate(due).AddDays(-30), DueDate: ledger.MustDate(due),
		Total: ledger.Money{Minor: total, Currency: cur}}
}

func pay(date string, amount int64) ledger.Payment {
	return ledger.Payment{Date: ledger.MustDate(date), Amount: amount}
}

type seg struct {
	from, to string
	days     int
	balance  int64
	rate     string
}

// TestInterestByHand checks each jurisdiction against arithmetic done by
// hand (in the comments): numerator = Σ balance(minor) × rate(1/10000 %) ×
// days, interest = numerator / (365 × 1,000,000), rounded half up once.
func TestInterestByHand(t *testing.T) {
	tabs := testTables(t)
	business := Debtor{Kind: ledger.Business}
	consumer := Debtor{Kind: ledger.Consumer}
	cases := []struct {
		name         string
		in           InterestInput
		jur          ledger.Jurisdiction
		principal    int64
		interest     int64
		compensation ledger.Money
		segs         []seg
	}{
		{
			// FR business, delay spanning 1 July: ECB on 1 Jan 2025 = 3.15
			// → 13.15 %; on 1 Jul 2025 = 2.15 → 12.15 %.
			// 1,000,000 × 131,500 × 20 = 2,630,000,000,000 (06-11..06-30)
			// 1,000,000 × 121,500 × 20 = 2,430,000,000,000 (07-01..07-20)
			// 5,060,000,000,000 / 365,000,000 = 13,863.01 → 138.63 €
			name: "FR business across 1 July", jur: ledger.JurisdictionFR,
			in:        InterestInput{Invoice: invoice("FR1", "2025-06-10", 1000000, "EUR"), Debtor: business, AsOf: ledger.MustDate("2025-07-20")},
			principal: 1000000, interest: 13863, compensation: ledger.Money{Minor: 4000, Currency: "EUR"},
			segs: []seg{{"2025-06-11", "2025-06-30", 20, 1000000, "13.15"}, {"2025-07-01", "2025-07-20", 20, 1000000, "12.15"}},
		},
		{
			// FR business, 2,000 € of 5,000 € paid on 2025-09-11: the base
			// drops from the 12th. 12.15 % all along (H2 2025).
			// 500,000 × 121,500 × 10 = 607,500,000,000 (09-02..09-11)
			// 300,000 × 121,500 × 19 = 692,550,000,000 (09-12..09-30)
			// 1,300,050,000,000 / 365,000,000 = 3,561.78 → 35.62 €; the
			// €40 is not reduced by the partial payment.
			name: "FR business partial payment", jur: ledger.JurisdictionFR,
			in: InterestInput{Invoice: invoice("FR2", "2025-09-01", 500000, "EUR"), Payments: []ledger.Payment{pay("2025-09-11", 200000)},
				Debtor: business, AsOf: ledger.MustDate("2025-09-30")},
			principal: 300000, interest: 3562, compensation: ledger.Money{Minor: 4000, Currency: "EUR"},
			segs: []seg{{"2025-09-02", "2025-09-11", 10, 500000, "12.15"}, {"2025-09-12", "2025-09-30", 19, 300000, "12.15"}},
		},
		{
			// FR consumer: the legal rate (other creditors) of H1 2025,
			// 3.71 %, only from the day after the formal notice of
			// 2025-05-15: 05-16..06-14 = 16 + 14 = 30 days.
			// 120,000 × 37,100 × 30 = 133,560,000,000 / 365,000,000
			// = 365.92 → 3.66 €; never the €40.
			name: "FR consumer from the notice", jur: ledger.JurisdictionFR,
			in: InterestInput{Invoice: invoice("FR3", "2025-03-31", 120000, "EUR"), Debtor: consumer,
				AsOf: ledger.MustDate("2025-06-14"), Notice: ledger.MustDate("2025-05-15")},
			principal: 120000, interest: 366,
			segs: []seg{{"2025-05-16", "2025-06-14", 30, 120000, "3.71"}},
		},
		{
			// FR consumer without a formal notice: nothing runs yet.
			name: "FR consumer before any notice", jur: ledger.JurisdictionFR,
			in:        InterestInput{Invoice: invoice("FR4", "2025-03-31", 120000, "EUR"), Debtor: consumer, AsOf: ledger.MustDate("2025-06-14")},
			principal: 120000, interest: 0,
		},
		{
			// EU default, business: ECB + 8. H2 2024: 4.25 → 12.25 %;
			// H1 2025: 3.15 → 11.15 %.
			// 200,000 × 122,500 × 11 = 269,500,000,000 (12-21..12-31)
			// 200,000 × 111,500 × 10 = 223,000,000,000 (01-01..01-10)
			// 492,500,000,000 / 365,000,000 = 1,349.32 → 13.49 €
			name: "EU business across 1 January", jur: ledger.JurisdictionEU,
			in:        InterestInput{Invoice: invoice("EU1", "2024-12-20", 200000, "EUR"), Debtor: business, AsOf: ledger.MustDate("2025-01-10")},
			principal: 200000, interest: 1349, compensation: ledger.Money{Minor: 4000, Currency: "EUR"},
			segs: []seg{{"2024-12-21", "2024-12-31", 11, 200000, "12.25"}, {"2025-01-01", "2025-01-10", 10, 200000, "11.15"}},
		},
		{
			// DE business, no reminder: Verzug 30 days after the due date
			// (§ 286 Abs. 3 BGB), interest (§ 288 Abs. 2: Basiszinssatz +
			// 9, 1.27 → 10.27 % from 07-01) from the day after, 07-16.
			// 07-16..08-14 = 30 days.
			// 300,000 × 102,700 × 30 = 924,300,000,000
			// / 365,000,000 = 2,532.33 → 25.32 €; the €40 of Abs. 5.
			name: "DE business", jur: ledger.JurisdictionDE,
			in:        InterestInput{Invoice: invoice("DE1", "2025-06-15", 300000, "EUR"), Debtor: business, AsOf: ledger.MustDate("2025-08-14")},
			principal: 300000, interest: 2532, compensation: ledger.Money{Minor: 4000, Currency: "EUR"},
			segs: []seg{{"2025-07-16", "2025-08-14", 30, 300000, "10.27"}},
		},
		{
			// DE business, 30 days not over and no reminder: the letter
			// being written is the Mahnung that puts the debtor in Verzug
			// (§ 286 Abs. 1), so it may claim the €40 of § 288 Abs. 5, and
			// interest runs from the next day: none yet.
			name: "DE business within 30 days", jur: ledger.JurisdictionDE,
			in:        InterestInput{Invoice: invoice("DE1", "2025-06-15", 300000, "EUR"), Debtor: business, AsOf: ledger.MustDate("2025-07-15")},
			principal: 300000, interest: 0, compensation: ledger.Money{Minor: 4000, Currency: "EUR"},
		},
		{
			// DE business reminded on 06-25 (a Mahnung: § 286 Abs. 1),
			// before the 30 days: from 06-26. 2.27 → 11.27 % to 06-30,
			// 1.27 → 10.27 % from 07-01.
			// 300,000 × 112,700 × 5 = 169,050,000,000 (06-26..06-30)
			// 300,000 × 102,700 × 15 = 462,150,000,000 (07-01..07-15)
			// 631,200,000,000 / 365,000,000 = 1,729.32 → 17.29 €
			name: "DE business reminded", jur: ledger.JurisdictionDE,
			in: InterestInput{Invoice: invoice("DE1", "2025-06-15", 300000, "EUR"), Debtor: business, AsOf: ledger.MustDate("2025-07-15"),
				Reminded: ledger.MustDate("2025-06-25")},
			principal: 300000, interest: 1729, compensation: ledger.Money{Minor: 4000, Currency: "EUR"},
			segs: []seg{{"2025-06-26", "2025-06-30", 5, 300000, "11.27"}, {"2025-07-01", "2025-07-15", 15, 300000, "10.27"}},
		},
		{
			// DE consumer reminded on 06-20: + 5 (§ 288 Abs. 1) → 7.27 %
			// then 6.27 %, from 06-21.
			// 300,000 × 72,700 × 10 = 218,100,000,000 (06-21..06-30)
			// 300,000 × 62,700 × 15 = 282,150,000,000 (07-01..07-15)
			// 500,250,000,000 / 365,000,000 = 1,370.55 → 13.71 €; no €40.
			name: "DE consumer", jur: ledger.JurisdictionDE,
			in: InterestInput{Invoice: invoice("DE2", "2025-06-15", 300000, "EUR"), Debtor: consumer, AsOf: ledger.MustDate("2025-07-15"),
				Reminded: ledger.MustDate("2025-06-20")},
			principal: 300000, interest: 1371,
			segs: []seg{{"2025-06-21", "2025-06-30", 10, 300000, "7.27"}, {"2025-07-01", "2025-07-15", 15, 300000, "6.27"}},
		},
		{
			// DE consumer never reminded: no Verzug before the letter being
			// written (the consumer's invoice is not known to have said
			// so: § 286 Abs. 3), so no interest, however late.
			name: "DE consumer not reminded", jur: ledger.JurisdictionDE,
			in:        InterestInput{Invoice: invoice("DE2", "2025-03-15", 300000, "EUR"), Debtor: consumer, AsOf: ledger.MustDate("2025-07-15")},
			principal: 300000, interest: 0,
		},
		{
			// UK: late from 2025-03-16 (January–June), so Bank Rate on
			// 2024-12-31 = 4.75 → 12.75 % for the life of the debt, even
			// past 30 June. 03-16..09-15 = 16+30+31+30+31+31+15 = 184 days.
			// 99,900 × 127,500 × 184 = 2,343,654,000,000 / 365,000,000
			// = 6,420.97 → £64.21. Principal £999.00 (with interest
			// £1,063.21): the fixed sum follows the principal, £40.
			name: "UK just below £1,000", jur: ledger.JurisdictionUK,
			in:        InterestInput{Invoice: invoice("UK1", "2025-03-15", 99900, "GBP"), Debtor: business, AsOf: ledger.MustDate("2025-09-15")},
			principal: 99900, interest: 6421, compensation: ledger.Money{Minor: 4000, Currency: "GBP"},
			segs: []seg{{"2025-03-16", "2025-09-15", 184, 99900, "12.75"}},
		},
		{
			// UK, late from 2025-07-02 (July–December): Bank Rate on
			// 2025-06-30 = 4.25 → 12.25 %. 07-02..07-31 = 30 days.
			// 100,000 × 122,500 × 30 = 367,500,000,000 / 365,000,000
			// = 1,006.85 → £10.07. Principal £1,000.00 → £70.
			name: "UK at £1,000", jur: ledger.JurisdictionUK,
			in:        InterestInput{Invoice: invoice("UK2", "2025-07-01", 100000, "GBP"), Debtor: business, AsOf: ledger.MustDate("2025-07-31")},
			principal: 100000, interest: 1007, compensation: ledger.Money{Minor: 7000, Currency: "GBP"},
			segs: []seg{{"2025-07-02", "2025-07-31", 30, 100000, "12.25"}},
		},
		{
			// UK: principal £10,000.00 → £100; 1 day at 12.25 %:
			// 1,000,000 × 122,500 × 1 / 365,000,000 = 335.62 → £3.36.
			name: "UK at £10,000", jur: ledger.JurisdictionUK,
			in:        InterestInput{Invoice: invoice("UK3", "2025-07-01", 1000000, "GBP"), Debtor: business, AsOf: ledger.MustDate("2025-07-02")},
			principal: 1000000, interest: 336, compensation: ledger.Money{Minor: 10000, Currency: "GBP"},
			segs: []seg{{"2025-07-02", "2025-07-02", 1, 1000000, "12.25"}},
		},
		{
			// UK consumer: the Act covers business debts only.
			name: "UK consumer", jur: ledger.JurisdictionUK,
			in:        InterestInput{Invoice: invoice("UK4", "2025-07-01", 100000, "GBP"), Debtor: consumer, AsOf: ledger.MustDate("2025-07-31")},
			principal: 100000, interest: 0,
		},
		{
			// RS, dinars: NBS 5.75 + 8 = 13.75 %. 05-01..05-30 = 30 days.
			// 12,000,000 × 137,500 × 30 = 49,500,000,000,000
			// / 365,000,000 = 135,616.44 → 1,356.16 RSD. No fixed sum.
			name: "RS dinar", jur: ledger.JurisdictionRS,
			in:        InterestInput{Invoice: invoice("RS1", "2025-04-30", 12000000, "RSD"), Debtor: business, AsOf: ledger.MustDate("2025-05-30")},
			principal: 12000000, interest: 135616,
			segs: []seg{{"2025-05-01", "2025-05-30", 30, 12000000, "13.75"}},
		},
		{
			// RS, dinars, across an NBS cut decided on 2025-10-09: the new
			// rate applies from the day after, 10-10.
			// 1,000,000 × 137,500 × 9 = 1,237,500,000,000 (10-01..10-09)
			// 1,000,000 × 135,000 × 6 = 810,000,000,000 (10-10..10-15)
			// 2,047,500,000,000 / 365,000,000 = 5,609.59 → 56.10 RSD
			name: "RS dinar across an NBS change", jur: ledger.JurisdictionRS,
			in:        InterestInput{Invoice: invoice("RS2", "2025-09-30", 1000000, "RSD"), Debtor: business, AsOf: ledger.MustDate("2025-10-15")},
			principal: 1000000, interest: 5610,
			segs: []seg{{"2025-10-01", "2025-10-09", 9, 1000000, "13.75"}, {"2025-10-10", "2025-10-15", 6, 1000000, "13.50"}},
		},
		{
			// RS, euros: ECB + 8 as the ECB rate changes: 2.40 → 10.40 %
			// to 06-10, 2.15 → 10.15 % from 06-11.
			// 100,000 × 104,000 × 10 = 104,000,000,000 (06-01..06-10)
			// 100,000 × 101,500 × 20 = 203,000,000,000 (06-11..06-30)
			// 307,000,000,000 / 365,000,000 = 841.10 → 8.41 €
			name: "RS euro", jur: ledger.JurisdictionRS,
			in:        InterestInput{Invoice: invoice("RS3", "2025-05-31", 100000, "EUR"), Debtor: business, AsOf: ledger.MustDate("2025-06-30")},
			principal: 100000, interest: 841,
			segs: []seg{{"2025-06-01", "2025-06-10", 10, 100000, "10.40"}, {"2025-06-11", "2025-06-30", 20, 100000, "10.15"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.Debtor.Jurisdiction = c.jur
			got, err := ComputeInterest(c.in, tabs)
			if err != nil {
				t.Fatal(err)
			}
			if got.Principal != c.principal || got.Interest != c.interest || got.Compensation != c.compensation {
				t.Errorf("principal %d interest %d compensation %v; want %d %d %v", got.Principal, got.Interest, got.Compensation,
					c.principal, c.interest, c.compensation)
			}
			if len(got.Segments) != len(c.segs) {
				t.Fatalf("segments %+v, want %+v", got.Segments, c.segs)
			}
			for i, s := range c.segs {
				g := got.Segments[i]
				if g.From.String() != s.from || g.To.String() != s.to || g.Days != s.days || g.Balance != s.balance || g.Rate.String() != s.rate {
					t.Errorf("segment %d = %s..%s %d days %d at %s; want %+v", i, g.From, g.To, g.Days, g.Balance, g.Rate, s)
				}
			}
			if len(c.segs) > 0 && c.in.Debtor.ContractRate == nil && len(got.RatesUsed) == 0 {
				t.Error("no reference entry named")
			}
		})
	}
}

func TestContractRateAndFee(t *testing.T) {
	tabs := testTables(t)
	rate := MustRate("8")
	fee := ledger.Money{Minor: 2500, Currency: "EUR"}
	in := InterestInput{Invoice: invoice("C1", "2025-09-01", 365000, "EUR"), AsOf: ledger.MustDate("2025-09-11"),
		Debtor: Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionFR, ContractRate: &rate, ContractFee: &fee}}
	got, err := ComputeInterest(in, tabs)
	if err != nil {
		t.Fatal(err)
	}
	// 365,000 × 80,000 × 10 / 365,000,000 = 800 → 8.00 €
	if got.Interest != 800 || got.Compensation != fee {
		t.Fatalf("%+v", got)
	}
	// 8 % is below 3 × 2.76 % = 8.28 %: warned.
	if len(got.Warnings) != 1 || got.Warnings[0].Key != "interest.fr_contract_below_minimum" {
		t.Fatalf("warnings %v", got.Warnings)
	}
}

func TestStaleTableWarns(t *testing.T) {
	tabs := testTables(t)
	// The Basiszinssatz table is checked through 2025-12-31.
	in := InterestInput{Invoice: invoice("S1", "2025-12-15", 100000, "EUR"), AsOf: ledger.MustDate("2026-01-10"),
		Debtor: Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionDE}, Reminded: ledger.MustDate("2025-12-20")}
	got, err := ComputeInterest(in, tabs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Warnings) != 1 || got.Warnings[0].Key != "interest.stale_rate" {
		t.Fatalf("warnings %v", got.Warnings)
	}
	// The last entry (1.27) is used for January 2026.
	if last := got.Segments[len(got.Segments)-1]; last.Rate.String() != "10.27" {
		t.Fatalf("segments %+v", got.Segments)
	}
}
