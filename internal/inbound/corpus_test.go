package inbound

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// notBounces are the lhost/rhost/rfc3464 samples that report no failed
// delivery at all, each with the reason; everything else of those kinds
// must be a bounce.
var notBounces = map[string]string{
	"lhost-amazonses-11.eml": "Amazon SES complaint notification (JSON): an abuse report, like ARF",
	"lhost-amazonses-12.eml": "Amazon SES delivery notification (JSON): the message was delivered",
	"lhost-amazonses-13.eml": "Amazon SES delivery notification (JSON): the message was delivered",
	"rfc3464-28.eml":         "Postfix address verification report (sendmail -bv): Action deliverable, Status 2.1.5",
}

// bouncesInNot are the maildir/not samples that are bounces after all.
var bouncesInNot = map[string]string{
	"rb-issue-368-bug.eml": "upstream files it under not/ (it is named after rb-sisimai issue 368), but it reports " +
		"a failed delivery: postmaster sender, empty Return-Path, \"reject reason: Mailbox full\", " +
		"\"target mail address: ...\" and the rejected message quoted; the dunning flow must see it as a bounce",
}

// kindOf is the sample family: "lhost", "rhost", "rfc3464", "rfc3834", "arf".
func kindOf(name string) string {
	k, _, _ := strings.Cut(name, "-")
	return k
}

// expectedClass is what a sisimai sample must classify as; ok is false for
// ARF reports, which must only not be bounces.
func expectedClass(name string) (Class, bool) {
	if _, ok := notBounces[name]; ok {
		return Other, true
	}
	switch kindOf(name) {
	case "lhost", "rhost", "rfc3464":
		return Bounce, true
	case "rfc3834":
		return AutoReply, true
	}
	return "", false
}

type tally struct{ files, expected, bounces, withRecipient int }

func checkSisimai(t *testing.T, dir string) map[string]*tally {
	t.Helper()
	counts := map[string]*tally{}
	for _, f := range files(t, dir, "*.eml") {
		name := filepath.Base(f)
		r := mustClassify(t, f)
		c := counts[kindOf(name)]
		if c == nil {
			c = &tally{}
			counts[kindOf(name)] = c
		}
		c.files++
		if r.Class == Bounce {
			c.bounces++
			if r.Recipient != "" {
				c.withRecipient++
			}
		}
		want, strict := expectedClass(name)
		switch {
		case strict && r.Class == want:
			c.expected++
		case !strict && r.Class != Bounce:
			c.expected++
		default:
			t.Errorf("%s: class %s (%s), want %s", name, r.Class, r.Reason, want)
		}
		if r.Class == Bounce && r.Recipient == "" {
			t.Errorf("%s: bounce without a recipient (%s)", name, r.Reason)
		}
		if r.Reason == "" {
			t.Errorf("%s: no reason", name)
		}
	}
	return counts
}

func logCounts(t *testing.T, dir string, counts map[string]*tally) {
	t.Helper()
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		c := counts[k]
		t.Logf("%s %-8s files=%3d as-expected=%3d bounces=%3d with-recipient=%3d", dir, k, c.files, c.expected, c.bounces, c.withRecipient)
	}
}

func TestSisimaiBSD(t *testing.T) {
	counts := checkSisimai(t, filepath.Join(sisimaiDir, "bsd"))
	logCounts(t, "bsd", counts)
	// The corpus is fixed: these figures document it and catch a lost file.
	want := map[string]tally{
		"arf":     {17, 17, 0, 0},
		"lhost":   {363, 363, 360, 360},
		"rfc3464": {26, 26, 25, 25},
		"rfc3834": {6, 6, 0, 0},
		"rhost":   {54, 54, 54, 54},
	}
	for k, w := range want {
		if c := counts[k]; c == nil || *c != w {
			t.Errorf("bsd %s: got %+v, want %+v", k, c, w)
		}
	}
	for name, why := range notBounces {
		t.Logf("not a bounce by design: %s: %s", name, why)
	}
}

// TestSisimaiLineEnds checks the CRLF (dos/) and CR-only (mac/) copies:
// each classifies as its kind requires and, where bsd/ holds a file of the
// same name, exactly like it.
func TestSisimaiLineEnds(t *testing.T) {
	for _, sub := range []string{"dos", "mac"} {
		counts := checkSisimai(t, filepath.Join(sisimaiDir, sub))
		logCounts(t, sub, counts)
		same, compared := 0, 0
		for _, f := range files(t, filepath.Join(sisimaiDir, sub), "*.eml") {
			name := filepath.Base(f)
			orig := filepath.Join(sisimaiDir, "bsd", name)
			if _, err := os.Stat(orig); err != nil {
				continue
			}
			compared++
			got, want := mustClassify(t, f), mustClassify(t, orig)
			if got.Class != want.Class || got.Recipient != want.Recipient || got.Status != want.Status ||
				got.Hard != want.Hard || got.ReturnDate != want.ReturnDate {
				t.Errorf("%s/%s: %+v, bsd/: %+v", sub, name, got, want)
				continue
			}
			same++
		}
		t.Logf("%s: %d files also in bsd/, %d classify the same", sub, compared, same)
		if compared != 49 || same != compared {
			t.Errorf("%s: compared %d (want 49), same %d", sub, compared, same)
		}
	}
}

func TestSisimaiNot(t *testing.T) {
	n := 0
	for _, f := range files(t, filepath.Join(sisimaiDir, "not"), "*.eml") {
		name := filepath.Base(f)
		r := mustClassify(t, f)
		_, isBounce := bouncesInNot[name]
		if (r.Class == Bounce) != isBounce {
			t.Errorf("%s: class %s (%s)", name, r.Class, r.Reason)
			continue
		}
		n++
		t.Logf("not/%s: %s (%s)", name, r.Class, r.Reason)
	}
	if n != 3 {
		t.Errorf("not/: %d of 3 as expected", n)
	}
	for name, why := range bouncesInNot {
		t.Logf("bounce by design: not/%s: %s", name, why)
	}
}

func TestTalonReplies(t *testing.T) {
	n := 0
	for _, f := range files(t, talonDir, "*.eml") {
		r := mustClassify(t, f)
		if r.Class != Reply {
			t.Errorf("%s: class %s (%s), want reply", filepath.Base(f), r.Class, r.Reason)
			continue
		}
		n++
	}
	t.Logf("talon standard_replies: %d files, %d replies", n, n)
	if n != 9 {
		t.Errorf("talon: %d replies, want 9", n)
	}
}

// TestMailFixturesNeverCrash runs every sample of the mail gem (broken MIME,
// odd charsets) under a time limit; the delivery reports among them must
// also come out as bounces.
func TestMailFixturesNeverCrash(t *testing.T) {
	byClass := map[Class]int{}
	total, parseErrs := 0, 0
	err := filepath.WalkDir(mailDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		total++
		r, perr := classifyFile(t, path)
		if perr != nil {
			parseErrs++
			t.Logf("%s: %v", path, perr)
			return nil
		}
		byClass[r.Class]++
		if strings.Contains(path, "multipart_report_emails") && r.Class != Bounce {
			t.Errorf("%s: class %s (%s), want bounce", path, r.Class, r.Reason)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("mail fixtures: %d files, %d parse errors, by class %v", total, parseErrs, byClass)
	if total != 103 || parseErrs != 0 {
		t.Errorf("mail fixtures: %d files (want 103), %d parse errors (want 0)", total, parseErrs)
	}
}
