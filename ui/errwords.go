package ui

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"syscall"
)

// osErrText says an error of the operating system (a file, a program to
// run, a time limit, a connection) as what happened and what to do, in the owner's
// language, instead of Go's "open x: no such file or directory" or
// `exec: "xdg-open": executable file not found in $PATH`. ok is false for
// an error it does not know: the caller says that one as it is.
func (u *UI) osErrText(err error) (string, bool) {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return u.t("oserr.no_program", ee.Name), true
	}
	var xe *exec.ExitError
	if errors.As(err, &xe) {
		return u.t("oserr.program_failed", xe.ProcessState.String()), true
	}
	if errors.Is(err, context.Canceled) { // the owner's Cancel
		return u.t("oserr.cancelled"), true
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return u.t("oserr.timeout"), true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return u.t("oserr.no_host", dns.Name), true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return u.t("oserr.refused", op.Addr.String()), true
		case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
			return u.t("oserr.offline", op.Addr.String()), true
		}
	}
	path := ""
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		path = pe.Path
	case errors.As(err, &le):
		path = le.New
	default:
		return "", false
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return u.t("oserr.not_found", path), true
	case errors.Is(err, fs.ErrPermission):
		return u.t("oserr.permission", path), true
	case errors.Is(err, fs.ErrExist):
		return u.t("oserr.exists", path), true
	case errors.Is(err, syscall.EISDIR):
		return u.t("oserr.is_dir", path), true
	case errors.Is(err, syscall.ENOSPC):
		return u.t("oserr.disk_full", path), true
	case errors.Is(err, syscall.EROFS):
		return u.t("oserr.read_only", path), true
	}
	return "", false
}
