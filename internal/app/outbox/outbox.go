package outbox

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/store"
)

// Outbox lists the outbox.
func (s *Service) Outbox(ctx context.Context, f store.OutboxFilter) ([]store.OutboxItem, error) {
	return s.St.Outbox(ctx, f)
}

// OutboxResend queues again a letter whose outcome is unknown: the owner
// has checked that it did not leave.
func (s *Service) OutboxResend(ctx context.Context, id int64) error {
	it, err := s.St.OutboxMessage(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("outbox.no_such", id)
	}
	if err != nil {
		return err
	}
	if it.State != store.OutboxUnknown {
		return core.UserErr("outbox.not_unknown", id, it.State)
	}
	return s.St.RequeueUnknown(ctx, id, core.Note("outbox.owner_resend"))
}

// OutboxMarkSent records a letter whose outcome is unknown as sent: the
// owner found it in their sent mail.
func (s *Service) OutboxMarkSent(ctx context.Context, id int64) error {
	it, err := s.St.OutboxMessage(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("outbox.no_such", id)
	}
	if err != nil {
		return err
	}
	if it.State != store.OutboxUnknown {
		return core.UserErr("outbox.not_unknown", id, it.State)
	}
	return s.St.MarkSent(ctx, id, s.Now(), it.Refused, core.Note("outbox.owner_marked_sent"))
}
