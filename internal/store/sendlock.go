package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrSendBusy is returned by ClaimSendLock while another process holds
// the send lock.
var ErrSendBusy = errors.New("another send is running")

// ErrSendLockLost is returned by RenewSendLock when the claim is no longer
// this holder's (taken over as stale: the holder was suspended longer than
// the lease).
var ErrSendLockLost = errors.New("the send lock was taken over")

// SendLockLease is how long a claim holds without a heartbeat. The holder
// renews it every SendLockLease/4; a claim whose heartbeat is older than
// the lease belongs to a process that died on another machine (or whose
// pid was reused here) and is taken over.
const SendLockLease = 2 * time.Minute

// SendLockHolder is who holds (or claims) the send lock.
type SendLockHolder struct {
	Token     string
	Host      string
	PID       int
	StartedAt time.Time
	Heartbeat time.Time
}

// Stale rule. A claim is stale, and may be taken over, when
//   - it was made on this host by a process that is no longer alive
//     (alive(pid) false): a process killed in the middle of a send leaves
//     its row behind, and the next run must not wait for the lease, as it
//     did not with the OS file lock the kernel released; or
//   - its heartbeat is older than SendLockLease: a holder on another host
//     cannot be asked whether it is alive, and a live holder renews far
//     more often than that.
//
// A claim by a live process on this host, or a recent one from another
// host, is held: the caller is told ErrSendBusy.
func stale(h SendLockHolder, host string, now time.Time, alive func(pid int) bool) bool {
	if h.Host == host && alive != nil && !alive(h.PID) {
		return true
	}
	return now.Sub(h.Heartbeat) > SendLockLease
}

// ClaimSendLock takes the send lock for me in one write transaction (BEGIN
// IMMEDIATE: two claimants cannot both read the row free), taking over a
// stale claim. It returns ErrSendBusy, and the current holder, when the
// lock is held.
func (q *Queries) ClaimSendLock(ctx context.Context, me SendLockHolder, alive func(pid int) bool) (SendLockHolder, error) {
	var cur SendLockHolder
	err := q.inTx(ctx, func(q *Queries) error {
		var started, beat string
		err := q.row(ctx, `SELECT token, host, pid, started_at, heartbeat FROM send_lock WHERE id = 1`).
			Scan(&cur.Token, &cur.Host, &cur.PID, &started, &beat)
		switch {
		case isNoRows(err):
		case err != nil:
			return fmt.Errorf("read the send lock: %w", err)
		default:
			cur.StartedAt, _ = time.Parse(time.RFC3339Nano, started)
			cur.Heartbeat, _ = time.Parse(time.RFC3339Nano, beat)
			if cur.Token != me.Token && !stale(cur, me.Host, me.Heartbeat, alive) {
				return ErrSendBusy
			}
		}
		_, err = q.exec(ctx, `INSERT INTO send_lock (id, token, host, pid, started_at, heartbeat) VALUES (1, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET token = excluded.token, host = excluded.host, pid = excluded.pid,
			started_at = excluded.started_at, heartbeat = excluded.heartbeat`,
			me.Token, me.Host, me.PID, me.StartedAt.UTC().Format(time.RFC3339Nano), me.Heartbeat.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return fmt.Errorf("claim the send lock: %w", err)
		}
		return nil
	})
	if errors.Is(err, ErrSendBusy) {
		return cur, ErrSendBusy
	}
	return SendLockHolder{}, err
}

// RenewSendLock moves the heartbeat of the claim token to now, or says it
// is no longer that claim's.
func (q *Queries) RenewSendLock(ctx context.Context, token string, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE send_lock SET heartbeat = ? WHERE id = 1 AND token = ?`, now.UTC().Format(time.RFC3339Nano), token)
	if err != nil {
		return fmt.Errorf("renew the send lock: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrSendLockLost
	}
	return nil
}

// ReleaseSendLock gives up the claim token (a claim taken over meanwhile
// is left to its new holder).
func (q *Queries) ReleaseSendLock(ctx context.Context, token string) error {
	if _, err := q.exec(ctx, `DELETE FROM send_lock WHERE id = 1 AND token = ?`, token); err != nil {
		return fmt.Errorf("release the send lock: %w", err)
	}
	return nil
}
