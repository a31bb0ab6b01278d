package store

import (
	"context"
	"fmt"
	"time"
)

// inbox_folders: how far each mailbox folder has been read.

// FolderState is how far a folder has been read.
type FolderState struct {
	Name        string
	UIDValidity uint32
	LastUID     uint32
}

// Folder reads a folder's sync state; ok is false for a folder never read.
func (q *Queries) Folder(ctx context.Context, name string) (FolderState, bool, error) {
	f := FolderState{Name: name}
	err := q.row(ctx, `SELECT uid_validity, last_uid FROM inbox_folders WHERE name = ?`, name).Scan(&f.UIDValidity, &f.LastUID)
	if isNoRows(err) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("read folder %s: %w", name, err)
	}
	return f, true, nil
}

// SetFolder records a folder's sync state, in the batch that recorded the
// messages read up to it: a sync cut off resumes after the last batch
// committed, with nothing lost and nothing twice.
func (q *Queries) SetFolder(ctx context.Context, f FolderState, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO inbox_folders (name, uid_validity, last_uid, synced_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, synced_at = excluded.synced_at`,
		f.Name, f.UIDValidity, f.LastUID, stamp(now))
	if err != nil {
		return fmt.Errorf("save folder %s: %w", f.Name, err)
	}
	return nil
}
