//go:build !windows

package outbox

import (
	"errors"
	"syscall"
)

// ProcessAlive reports whether a process with this id exists on this
// machine (signal 0 checks without sending anything; EPERM: it exists,
// under another user).
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
