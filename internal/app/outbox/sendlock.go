package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/store"
)

// One sender per ledger (issue 12). The send lock is a row in the ledger
// (store.ClaimSendLock): whatever path reaches the file (a symlink, a
// hard link) and whichever front end sends (relancectl, the GUI), they
// meet the same row. The OS file lock is kept as a second guard, on the
// file's resolved path so that a symlink meets it too: on one machine it
// is the kernel's word, released the instant a process dies and immune to
// a clock that jumps (which could make a live holder's heartbeat look
// older than the lease).

// sendLock is a held send lock; Unlock gives it up.
type sendLock struct {
	st     *store.Store
	fl     *flock.Flock
	token  string
	cancel context.CancelFunc
	stop   chan struct{}
	wg     sync.WaitGroup
	once   sync.Once
}

// lockSending takes the send lock, or says another run holds it. The
// returned context is cancelled if the claim is lost while sending (taken
// over as stale after a suspension longer than the lease): the run stops
// rather than send beside another.
func (s *Service) lockSending(ctx context.Context) (*sendLock, context.Context, error) {
	path := s.St.Path()
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	fl := flock.New(path + ".send.lock")
	ok, err := fl.TryLock()
	if err != nil {
		return nil, ctx, fmt.Errorf("outbox lock: %w", err)
	}
	if !ok {
		return nil, ctx, core.UserErr("send.busy")
	}
	host, _ := os.Hostname()
	now := time.Now()
	me := store.SendLockHolder{Token: lockToken(), Host: host, PID: os.Getpid(), StartedAt: now, Heartbeat: now}
	if _, err := s.St.ClaimSendLock(ctx, me, ProcessAlive); err != nil {
		fl.Unlock()
		if errors.Is(err, store.ErrSendBusy) {
			return nil, ctx, core.UserErr("send.busy")
		}
		return nil, ctx, err
	}
	ctx, cancel := context.WithCancel(ctx)
	l := &sendLock{st: s.St, fl: fl, token: me.Token, cancel: cancel, stop: make(chan struct{})}
	l.wg.Add(1)
	go l.heartbeat(ctx)
	return l, ctx, nil
}

// heartbeat renews the claim well within the lease while the send runs.
func (l *sendLock) heartbeat(ctx context.Context) {
	defer l.wg.Done()
	t := time.NewTicker(store.SendLockLease / 4)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-ctx.Done():
			return
		case now := <-t.C:
			if err := l.st.RenewSendLock(context.WithoutCancel(ctx), l.token, now); errors.Is(err, store.ErrSendLockLost) {
				l.cancel()
				return
			}
			// Another error (the ledger busy for a moment): the next
			// tick tries again, well within the lease.
		}
	}
}

// Unlock releases the claim and the file lock.
func (l *sendLock) Unlock() error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		l.wg.Wait()
		l.cancel()
		err = l.st.ReleaseSendLock(context.Background(), l.token)
		if ferr := l.fl.Unlock(); err == nil && ferr != nil {
			err = fmt.Errorf("outbox lock: %w", ferr)
		}
	})
	return err
}

func lockToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the system's randomness failing is not recoverable
	}
	return hex.EncodeToString(b[:])
}
