//go:build windows

package outbox

import "os"

// ProcessAlive reports whether a process with this id exists on this
// machine: on Windows, FindProcess opens the process and fails when there
// is none.
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
