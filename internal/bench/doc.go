// Package bench holds the ledger's scale benchmarks (100,000 customers,
// 1,000,000 invoices). They only run with -bench; figures and the command
// are in docs/BENCHMARKS.md.
package bench
