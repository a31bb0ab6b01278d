package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSendLockClaimRenewRelease(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	a, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// A second handle through a symlink meets the same row.
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, link)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	alive := func(int) bool { return true }
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	one := SendLockHolder{Token: "one", Host: "h1", PID: 10, StartedAt: t0, Heartbeat: t0}
	if _, err := a.ClaimSendLock(ctx, one, alive); err != nil {
		t.Fatal(err)
	}
	two := SendLockHolder{Token: "two", Host: "h2", PID: 20, StartedAt: t0.Add(time.Minute), Heartbeat: t0.Add(time.Minute)}
	cur, err := b.ClaimSendLock(ctx, two, alive)
	if !errors.Is(err, ErrSendBusy) || cur.Token != "one" || cur.Host != "h1" || cur.PID != 10 || !cur.StartedAt.Equal(t0) {
		t.Fatalf("second claim: %+v %v", cur, err)
	}
	// The holder renews; within the lease of its heartbeat it holds.
	if err := a.RenewSendLock(ctx, "one", t0.Add(SendLockLease)); err != nil {
		t.Fatal(err)
	}
	two.Heartbeat = t0.Add(SendLockLease + SendLockLease/2)
	if _, err := b.ClaimSendLock(ctx, two, alive); !errors.Is(err, ErrSendBusy) {
		t.Fatalf("claim within the lease of a renewed holder: %v", err)
	}
	// A heartbeat older than the lease: taken over, and the old holder
	// learns it lost the claim.
	two.Heartbeat = t0.Add(2*SendLockLease + time.Second)
	if _, err := b.ClaimSendLock(ctx, two, alive); err != nil {
		t.Fatalf("stale claim not taken over: %v", err)
	}
	if err := a.RenewSendLock(ctx, "one", two.Heartbeat); !errors.Is(err, ErrSendLockLost) {
		t.Fatalf("renewal of a lost claim: %v", err)
	}
	// Releasing a lost claim leaves the new holder's alone.
	if err := a.ReleaseSendLock(ctx, "one"); err != nil {
		t.Fatal(err)
	}
	three := SendLockHolder{Token: "three", Host: "h2", PID: 30, StartedAt: two.Heartbeat, Heartbeat: two.Heartbeat}
	if _, err := a.ClaimSendLock(ctx, three, alive); !errors.Is(err, ErrSendBusy) {
		t.Fatalf("the new holder's claim was released by the old one: %v", err)
	}
	// Same host, dead process: taken over at once, lease or not.
	if _, err := a.ClaimSendLock(ctx, three, func(pid int) bool { return pid != 20 }); err != nil {
		t.Fatalf("dead holder on the same host: %v", err)
	}
	if err := a.ReleaseSendLock(ctx, "three"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ClaimSendLock(ctx, two, alive); err != nil {
		t.Fatalf("claim after release: %v", err)
	}
}
