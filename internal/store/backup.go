package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrExists is returned when a backup would overwrite a file.
var ErrExists = errors.New("file already exists")

// Backup is the SQLite file's own (see dialect): a PostgreSQL ledger is
// backed up by pg_dump, not by the program.
//
// Backup writes a consistent copy of the ledger to dest with VACUUM INTO:
// it reads one snapshot (WAL lets the app keep writing meanwhile), and the
// copy is compact and self-contained (no -wal file to carry along). The copy
// is written under a temporary name and renamed into place once checked, so
// a crash never leaves a half-written backup under the requested name.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup to %s: %w", dest, ErrExists)
	}
	dir := filepath.Dir(dest)
	tmp, err := os.CreateTemp(dir, ".relance-backup-*.db")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpName)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	// Check the copy before calling it a backup.
	copyStore, err := Open(ctx, tmpName)
	if err != nil {
		return fmt.Errorf("backup to %s: the copy does not open: %w", dest, err)
	}
	rep, err := copyStore.Check(ctx)
	copyStore.Close()
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if !rep.OK() {
		return fmt.Errorf("backup to %s: the copy fails its integrity check: %s", dest, rep.Problems[0])
	}
	// Opening the copy in WAL mode left -wal/-shm files; the copy is closed
	// and checkpointed, so they can go.
	os.Remove(tmpName + "-wal")
	os.Remove(tmpName + "-shm")
	if err := os.Link(tmpName, dest); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("backup to %s: %w", dest, ErrExists)
		}
		// Filesystems without hard links: fall back to a rename, after a
		// last check that dest is still free.
		if _, serr := os.Stat(dest); serr == nil {
			return fmt.Errorf("backup to %s: %w", dest, ErrExists)
		}
		if err := os.Rename(tmpName, dest); err != nil {
			return fmt.Errorf("backup to %s: %w", dest, err)
		}
	}
	return nil
}

// CopyFile copies a closed ledger file (a backup) to dest, synced.
func (s *Store) CopyFile(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dest)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dest)
		return err
	}
	return out.Close()
}
