//go:build unix

package bench

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user and system, every
// thread): on the shared machine the benchmarks run on, the wall time
// of an iteration depends on the other processes; the CPU it took does
// much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
