//go:build !unix

package bench

import "time"

// cpuTime is not measured here (cputime_unix_test.go).
func cpuTime() time.Duration { return 0 }
