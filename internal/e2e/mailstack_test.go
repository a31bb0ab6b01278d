// Package e2e runs relancectl against the real mail stack (Postfix and
// Dovecot on 127.0.0.1, started by scripts/mailserver up). Without it the
// tests skip, unless RELANCE_REQUIRE_MAILSERVER=1 (CI), where they fail.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// stack is the environment scripts/mailserver writes.
type stack map[string]string

func (s stack) get(k string) string { return s["RELANCE_TEST_"+k] }

var (
	stackOnce sync.Once
	stackEnv  stack
	stackErr  error
)

// mailStack reads the env file of a running stack, or skips.
func mailStack(t testing.TB) stack {
	t.Helper()
	stackOnce.Do(func() {
		path := os.Getenv("RELANCE_TEST_MAIL_ENV")
		if path == "" {
			path = "/tmp/relance-mail/env"
		}
		data, err := os.ReadFile(path)
		if err != nil {
			stackErr = err
			return
		}
		stackEnv = stack{}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimPrefix(strings.TrimSpace(line), "export ")
			k, v, ok := strings.Cut(line, "=")
			if ok && strings.HasPrefix(k, "RELANCE_TEST_") {
				stackEnv[k] = strings.Trim(v, `'"`)
			}
		}
	})
	if stackErr != nil {
		if os.Getenv("RELANCE_REQUIRE_MAILSERVER") == "1" {
			t.Fatalf("the mail stack is required and not running: %v (scripts/mailserver up)", stackErr)
		}
		t.Skipf("no mail stack (%v): run scripts/mailserver up", stackErr)
	}
	return stackEnv
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// relancectl builds the command once for the package's tests.
func relancectl(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "relance-e2e-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "relancectl")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/relance-app/relance/cmd/relancectl").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// run is one relancectl invocation.
type run struct {
	out, err string
	code     int
}

// ctl runs relancectl with the stack's passwords in its environment.
func ctl(t testing.TB, s stack, db string, extraEnv []string, args ...string) run {
	t.Helper()
	cmd := exec.Command(relancectl(t), append([]string{"--db", db, "--lang", "en"}, args...)...)
	cmd.Env = append(os.Environ(), "RELANCE_SMTP_PASSWORD="+s.get("MAIL_PASSWORD"), "RELANCE_IMAP_PASSWORD="+s.get("MAIL_PASSWORD"))
	cmd.Env = append(cmd.Env, extraEnv...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	r := run{out: o.String(), err: e.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// ctlUntilPaused starts relancectl with RELANCE_TEST_PAUSE=spec and kills
// it with SIGKILL once it says it has paused there. It reports whether the
// pause was reached (a run with fewer letters than n ends on its own).
func ctlUntilPaused(t testing.TB, s stack, db, spec string, args ...string) bool {
	t.Helper()
	cmd := exec.Command(relancectl(t), append([]string{"--db", db, "--lang", "en"}, args...)...)
	cmd.Env = append(os.Environ(), "RELANCE_SMTP_PASSWORD="+s.get("MAIL_PASSWORD"), "RELANCE_IMAP_PASSWORD="+s.get("MAIL_PASSWORD"),
		"RELANCE_TEST_PAUSE="+spec)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	paused := make(chan bool, 1)
	var said strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "PAUSED ") {
				paused <- true
				return
			}
			said.WriteString(sc.Text() + "\n")
		}
		paused <- false
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	select {
	case p := <-paused:
		if p {
			cmd.Process.Kill() // SIGKILL: no deferred function, no cleanup
		} else {
			t.Logf("relancectl ended before %s: %s", spec, said.String())
		}
		cmd.Wait()
		return p
	case <-ctx.Done():
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("relancectl %v neither paused at %s nor ended", args, spec)
	}
	return false
}

// maildirFiles lists the message files of a mailbox (new and cur).
func maildirFiles(s stack, domain, user, folder string) []string {
	base := filepath.Join(s.get("MAILDIR_ROOT"), domain, user, "Maildir", folder)
	var out []string
	for _, sub := range []string{"new", "cur"} {
		es, _ := os.ReadDir(filepath.Join(base, sub))
		for _, e := range es {
			out = append(out, filepath.Join(base, sub, e.Name()))
		}
	}
	return out
}

// messageIDsIn maps each Message-ID found in the files to how many files
// carry it.
func messageIDsIn(files []string) map[string]int {
	out := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		head, _, _ := bytes.Cut(data, []byte("\r\n\r\n"))
		if len(head) == len(data) {
			head, _, _ = bytes.Cut(data, []byte("\n\n"))
		}
		for _, line := range strings.Split(string(head), "\n") {
			if k, v, ok := strings.Cut(strings.TrimRight(line, "\r"), ":"); ok && strings.EqualFold(k, "Message-ID") {
				out[strings.Trim(strings.TrimSpace(v), "<>")]++
			}
		}
	}
	return out
}
