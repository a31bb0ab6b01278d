package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenRefusesWhatIsNotALedger(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	text := filepath.Join(dir, "text.db")
	os.WriteFile(text, []byte("SQLite format 2, honestly"), 0o600)
	short := filepath.Join(dir, "short.db")
	os.WriteFile(short, []byte("SQLite"), 0o600)
	for _, c := range []struct {
		path string
		want error
	}{
		{empty, ErrEmptyFile},
		{text, ErrNotLedger},
		{short, ErrNotLedger},
		{dir, ErrNotLedger},
		{filepath.Join(dir, "missing.db"), ErrNoDatabase},
		{"postgres://db.example/relance", ErrDatabaseURL},
		{"file:" + filepath.Join(dir, "x.db"), ErrDatabaseURL},
	} {
		st, err := Open(ctx, c.path)
		if !errors.Is(err, c.want) {
			t.Errorf("Open(%s) = %v, want %v", c.path, err, c.want)
		}
		if st != nil {
			st.Close()
		}
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Error("Open wrote into the empty file")
	}
	// Create turns an empty file into a ledger, which Open then accepts.
	st, err := Create(ctx, empty)
	if err != nil {
		t.Fatalf("Create on an empty file: %v", err)
	}
	st.Close()
	st, err = Open(ctx, empty)
	if err != nil {
		t.Fatalf("Open after Create: %v", err)
	}
	st.Close()
	if _, err := Create(ctx, text); !errors.Is(err, ErrNotLedger) {
		t.Errorf("Create over a text file: %v", err)
	}
}

func TestIsDatabaseURL(t *testing.T) {
	for loc, want := range map[string]bool{
		"postgres://h/db": true, "postgresql://h/db": true, "mysql://h/db": true, "sqlite:///x.db": true,
		"file:x.db": true, "FILE:x.db": true, "relance.db": false, `C:\Users\o\relance.db`: false, "C:/x.db": false,
		"/home/o/postgres:/x.db": false, "./a://b": false,
	} {
		if got := IsDatabaseURL(loc); got != want {
			t.Errorf("IsDatabaseURL(%q) = %v", loc, got)
		}
	}
}
