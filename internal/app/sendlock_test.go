package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app/outbox"
	"github.com/relance-app/relance/internal/store"
)

// One sender per ledger (issue 12, finding 7). Before the fix the lock was
// an OS file lock on Path()+".send.lock", so a Service opened through a
// symlink locked "link.db.send.lock" and one opened by the real path
// "d.db.send.lock": both runs sent. Here the first run is held inside its
// send (at its first message); runs opened through a symlink to the file
// and through a symlinked folder are refused with send.busy, and run once
// the first has ended. Observed with the old lock (file lock on the path
// as given): the run through the symlink sent the 2 other letters beside
// the held one, turned the held letter (in "sending") into "unknown", and
// the held run then failed with "outbox 2: not in state queued or
// failed-temporary". (The lock row alone, without the file lock, is
// shown by TestSendLockOfADeadProcessIsTakenOver's live holder.)
func TestOneSenderPerLedgerWhateverThePath(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 3)
	real := l.svc.Store().Path()
	dir := t.TempDir()
	sym, folder := filepath.Join(dir, "link.db"), filepath.Join(dir, "folder")
	if err := os.Symlink(real, sym); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(real), folder); err != nil {
		t.Fatal(err)
	}
	var others []*Service
	for _, p := range []string{sym, filepath.Join(folder, filepath.Base(real))} {
		svc, err := Open(ctx, p, Options{Today: l.svc.Today, Now: l.svc.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { svc.Close() })
		others = append(others, svc)
	}

	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var beside atomic.Int32 // messages going out while the first run is held
	SetPauseHook(func(step string, n int) {
		if step != "sending" {
			return
		}
		first := false
		once.Do(func() { first = true })
		if first {
			close(held)
			<-release
			return
		}
		select {
		case <-release:
		default:
			beside.Add(1)
		}
	})
	t.Cleanup(func() { SetPauseHook(nil) })
	first := make(chan error, 1)
	go func() {
		_, err := l.svc.Send(ctx, SendOptions{AsOf: l.day, Passwords: l.pw})
		first <- err
	}()
	select {
	case <-held:
	case err := <-first:
		t.Fatalf("the first run ended before its first message: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the first run never reached its first message")
	}
	for i, svc := range others {
		rep, err := svc.Send(ctx, SendOptions{AsOf: l.day, Passwords: l.pw})
		var ue *UserError
		if !errors.As(err, &ue) || ue.Msg.Key != "send.busy" {
			t.Errorf("run %d through %s: %v %+v; want send.busy", i+2, svc.Store().Path(), err, rep)
		}
	}
	if n := beside.Load(); n > 0 {
		t.Errorf("%d messages went out beside the held run", n)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	SetPauseHook(nil)
	if got := len(l.srv.Delivered()); got != 3 {
		t.Fatalf("%d messages delivered, want 3", got)
	}
	// Released at the end: the others may send now (nothing left to send).
	for i, svc := range others {
		if _, err := svc.Send(ctx, SendOptions{AsOf: l.day, Passwords: l.pw}); err != nil {
			t.Errorf("run %d after the first ended: %v", i+2, err)
		}
	}
	if got := len(l.srv.Delivered()); got != 3 {
		t.Errorf("%d messages delivered after the later runs, want 3 (each letter once)", got)
	}
	var rows int
	if err := l.svc.Store().DB().QueryRow(`SELECT count(*) FROM send_lock`).Scan(&rows); err != nil || rows != 0 {
		t.Errorf("send lock left behind: %d rows, %v", rows, err)
	}
}

// A run that died (its process gone) leaves its row; the next run on the
// same machine takes it over at once, as it did with the file lock the
// kernel released. A row held by a live process is respected even though
// no file lock is held: the row is the rule.
func TestSendLockOfADeadProcessIsTakenOver(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 1)
	host, _ := os.Hostname()
	now := time.Now()
	dead := store.SendLockHolder{Token: "dead", Host: host, PID: deadPID(t), StartedAt: now, Heartbeat: now}
	if _, err := l.svc.Store().ClaimSendLock(ctx, dead, outbox.ProcessAlive); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.Send(ctx, SendOptions{AsOf: l.day, Passwords: l.pw}); err != nil {
		t.Fatalf("a dead process's lock held the run: %v", err)
	}
	if got := len(l.srv.Delivered()); got != 1 {
		t.Errorf("%d delivered, want 1", got)
	}
	// A live one on this machine is respected.
	alive := store.SendLockHolder{Token: "alive", Host: host, PID: os.Getpid(), StartedAt: now, Heartbeat: now}
	if _, err := l.svc.Store().ClaimSendLock(ctx, alive, outbox.ProcessAlive); err != nil {
		t.Fatal(err)
	}
	var ue *UserError
	if _, err := l.svc.Send(ctx, SendOptions{AsOf: l.day, Passwords: l.pw}); !errors.As(err, &ue) || ue.Msg.Key != "send.busy" {
		t.Errorf("a live holder's lock: %v", err)
	}
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Skipf("cannot start a process: %v", err)
	}
	pid := p.Pid
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if outbox.ProcessAlive(pid) {
		t.Skip("the pid was reused at once")
	}
	return pid
}
