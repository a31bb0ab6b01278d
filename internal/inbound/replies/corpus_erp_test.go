package replies

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestEmailReplyParser ports the visible-text assertions of
// github/email_reply_parser's test/email_reply_parser_test.rb to NewText.
// One deliberate difference: email_reply_parser keeps quoted blocks that
// are followed by more text (an interleaved reply) visible, while NewText
// drops every quoted line and keeps only the answers; email_1_2 and
// email_1_8 assert that instead. greedy_on and email_2_3 carry no upstream
// assertion; their expectations here are by hand.
func TestEmailReplyParser(t *testing.T) {
	read := func(name string) string {
		raw, err := os.ReadFile("testdata/email_reply_parser/emails/" + name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	exact := map[string]string{
		// test_reads_simple_body: fragment 0; "-Abhishek Kona" and the
		// mailing-list footer are hidden signatures.
		"email_1_1": "Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\nrunning a test?\nI am currently using the Java HTTP API.",
		// test_reads_top_post: only fragment 0 is visible.
		"email_1_3": "Oh thanks.\n\nHaving the function would be great.",
		// test_recognizes_date_string_above_quote.
		"email_1_4": "Awesome! I haven't had another problem with it.",
		// test_a_complex_body_with_only_one_fragment: all of it.
		"email_1_5": normalise(read("email_1_5")),
		// test_deals_with_windows_line_endings.
		"email_1_7": ":+1:",
		// test_reads_inline_replies: the two answers; quotes and the "--"
		// signature go.
		"email_1_8": "I will reply under this one\n\nand under this.",
		// test_reads_email_with_correct_signature.
		"correct_sig": "this is an email with a correct -- signature.",
		// test_parse_out_just_top_for_outlook_reply and _with_reply_directly_above_line.
		"email_2_1": "Outlook with a reply",
		"email_2_2": "Outlook with a reply directly above line",
		"email_2_3": "Outlook with a reply directly above line",
		// test_parse_out_sent_from_iPhone / BlackBerry / multiword device.
		"email_iPhone":     "Here is another email",
		"email_BlackBerry": "Here is another email",
		"email_multi_word_sent_from_my_mobile_device": "Here is another email",
		// test_do_not_parse_out_send_from_in_regular_sentence.
		"email_sent_from_my_not_signature": "Here is another email\n\nSent from my desk, is much easier then my mobile phone.",
		// test_retains_bullets.
		"email_bullets": "test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n   - how about bullets\n   - and another",
		// test_one_is_not_on: "One outstanding question" kept, "On Oct 1, 2012" is the quote.
		"email_one_is_not_on": "Thank, this is really helpful.\n\nOne outstanding question I had:\n\nLocally (on development), when I run...",
		// test_doesnt_remove_signature_delimiter_in_mid_line: one fragment.
		"email_sig_delimiter_in_middle_of_line": normalise(read("email_sig_delimiter_in_middle_of_line")),
		// greedy_on: "On your remote host you can run:" is not an attribution.
		"greedy_on": "On your remote host you can run:\n\n     telnet 127.0.0.1 52698\n\nThis should connect to TextMate (on your Mac, via the tunnel). If that\nfails, the tunnel is not working.",
	}
	matched := 0
	for name, want := range exact {
		if got := normalise(NewText(read(name), "")); got != want {
			t.Errorf("%s: NewText =\n%q\nwant\n%q", name, got, want)
			continue
		}
		matched++
	}

	checks := []struct {
		name       string
		has, hasnt []string
	}{
		// test_reads_bottom_post: "Hi," then the answer below the quote.
		{"email_1_2", []string{"Hi,\n\nYou can list the keys", "would do it.", "delete them all individually.\""},
			[]string{"> ", "On Tue, 2011-03-01", "Abhishek Kona", "riak-users mailing list"}},
		// test_deals_with_multiline_reply_headers: the three-line "On …
		// wrote:" and its quote go.
		{"email_1_6", []string{"I get proper rendering as well."}, []string{"On Dec 16", "Corey", "wrote:", "Was this"}},
	}
	for _, c := range checks {
		got := NewText(read(c.name), "")
		ok := true
		for _, s := range c.has {
			if !strings.Contains(got, s) {
				t.Errorf("%s: %q missing from %q", c.name, s, got)
				ok = false
			}
		}
		for _, s := range c.hasnt {
			if strings.Contains(got, s) {
				t.Errorf("%s: %q left in %q", c.name, s, got)
				ok = false
			}
		}
		if ok {
			matched++
		}
	}

	// test_pathological_emails: under a second.
	start := time.Now()
	got := NewText(read("pathological"), "")
	if d := time.Since(start); d > time.Second {
		t.Errorf("pathological took %v", d)
	}
	if got != "I think you're onto something. I will try to fix the problem as soon as I\nget back to a computer." {
		t.Errorf("pathological: NewText = %q", got)
	} else {
		matched++
	}
	t.Logf("email_reply_parser: %d/%d fixtures match", matched, len(exact)+len(checks)+1)
}

// TestLongLines stands for email_long_quote.txt (767 kB, not copied): lines
// of hundreds of kilobytes of ">" must stay linear.
func TestLongLines(t *testing.T) {
	body := "Hi folks\n\nrunning a test?\n" + strings.Repeat(">", 60000) + "\nasdf\nA" + strings.Repeat(">", 700000) +
		"\nI am currently using the Java HTTP API.\n\n-Abhishek Kona\n"
	start := time.Now()
	got := NewText(body, "")
	Suggest(got, 0)
	NewText("", "<p>"+strings.Repeat("a ", 300000)+"</p><blockquote>"+strings.Repeat("<div>b</div>", 50000)+"</blockquote>")
	Suggest(strings.Repeat("\xff\xfe x", 200000)+". A", 0)
	// Deep nesting and end tags that close nothing stay linear.
	NewText("", strings.Repeat("<div><blockquote>", 100000)+"x"+strings.Repeat("</span>", 100000)+strings.Repeat("</div>", 100000))
	// About 0.2 s normally; the bound catches a quadratic path (minutes)
	// without failing under -race or on a loaded machine.
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("long lines took %v", d)
	}
	t.Logf("long lines: %v", time.Since(start))
	if !strings.HasPrefix(got, "Hi folks\n\nrunning a test?\n\nasdf") || !strings.HasSuffix(got, "Java HTTP API.") {
		t.Errorf("long quote: NewText = %.80q…", got)
	}
}
