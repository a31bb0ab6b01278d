package letters

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Registered letters (issue 18): the owner records the post's tracking
// number against the letter it was given for, and the letters that follow
// cite it ("our registered letter no. … of …"). A French formal notice
// names the registered letter with acknowledgement (C. civ. art. 1344: the
// debtor is "mis en demeure de payer soit par une sommation ou un acte
// portant interpellation suffisante"); the number is what proves which
// letter the acknowledgement is for.

// LetterRecord is a recorded letter as the owner looks it up.
type LetterRecord = store.LetterRecord

// LetterFilter chooses the letters listed.
type LetterFilter = store.LetterFilter

// LetterRecords lists the recorded letters, newest first, with their IDs
// (what `letter tracking` and Mark as posted take).
func (s *Service) LetterRecords(ctx context.Context, f LetterFilter) ([]LetterRecord, error) {
	return s.St.LetterRecords(ctx, f)
}

// SetLetterTracking records a registered letter's tracking number. Only a
// letter that went by post can have one: an emailed letter or a task for
// the owner is refused, and so is a number that cannot be a post's (an
// S10 number with the wrong check digit). A second number replaces the
// first (a mistyped one corrected); the day it is entered is kept.
func (s *Service) SetLetterTracking(ctx context.Context, id int64, number string) (LetterRecord, error) {
	n, err := ledger.ParseTrackingNumber(number)
	if err != nil {
		return LetterRecord{}, core.UserErr("letter.bad_tracking", number)
	}
	var out LetterRecord
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		r, err := b.LetterRecordByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("letter.unknown_letter", id)
		}
		if err != nil {
			return err
		}
		if r.Level >= 4 {
			return core.UserErr("letter.tracking_task", id)
		}
		// An emailed letter printed instead (refused for good) went by
		// post: it may have a number.
		if r.Channel == ledger.ChannelEmail && !r.Printed {
			return core.UserErr("letter.tracking_email", id)
		}
		if err := b.SetLetterTracking(ctx, id, n, s.Today()); err != nil {
			return err
		}
		out, err = b.LetterRecordByID(ctx, id)
		return err
	})
	return out, err
}
