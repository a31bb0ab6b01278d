package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/relance-app/relance/internal/store"
)

// BenchDir is where the scale benchmarks keep their generated ledgers
// between runs (the 1M ledger takes about half a minute to make):
// $RELANCE_BENCH_DIR, else a folder in the system temp dir.
func BenchDir() (string, error) {
	dir := os.Getenv("RELANCE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "relance-bench")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("benchmark folder: %w", err)
	}
	return dir, nil
}

// Cached returns the path of a demo ledger made with o in dir, generating
// it (into a temporary file, renamed once complete) only when it is not
// there yet. The name carries the scale and the seed, so two benchmarks
// asking for the same ledger share one file. Today must be fixed by the
// caller: the file is reused across days.
func Cached(ctx context.Context, dir string, o Options) (path string, generated bool, err error) {
	name := fmt.Sprintf("ledger-%d-%d-%d", o.Customers, o.Invoices, o.Seed)
	if o.Letters != nil {
		// The odds are a function: the benchmarks use the default ones.
		name += fmt.Sprintf("-letters%d", o.Letters.Invoices)
	}
	path = filepath.Join(dir, name+".db")
	if _, err := os.Stat(path); err == nil {
		return path, false, nil
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	st, err := store.Create(ctx, tmp)
	if err != nil {
		return "", false, err
	}
	_, err = Generate(ctx, st, o)
	if err == nil {
		_, err = st.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", false, fmt.Errorf("demo ledger %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", false, fmt.Errorf("demo ledger: %w", err)
	}
	return path, true, nil
}
