package inbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/inbound"
	"github.com/relance-app/relance/internal/inbound/replies"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// Reply tracking: the owner's folders are read incrementally (per folder,
// UIDVALIDITY and the highest UID read are kept), each new message is
// classified and matched to a letter and a customer, and what it means is
// recorded in the same transaction as the folder's new position, batch by
// batch: a sync cut off resumes where the last batch ended, and a message
// is never recorded twice (its fingerprint is unique).

// SyncReport says what a sync did.
type SyncReport struct {
	Folders     int
	Read        int // new messages looked at
	Recorded    int
	Replies     int
	AutoReplies int
	Bounces     int
	Other       int
	Unmatched   int      // not "other", matched to no customer: listed for the owner
	Rescanned   []string // folders read again from the start (the server renumbered them)
	Ours        int      // our own letters (copies to self), skipped
	// Trust (issue 12): bounces without proof, and replies from an
	// unknown sender (or failing the provider's checks), recorded with no
	// effect until the owner confirms them.
	Unverified     int
	UnknownSenders int
}

// parsed is a message's header as read in a sync's first pass.
type parsed struct {
	h   rmail.Header
	hdr mail.Header
	mid string
	fp  string
}

func (p parsed) header() mail.Header { return p.hdr }

// SyncBatch is how many messages are read and recorded together (tests
// lower it).
var SyncBatch = 200

// partMax bounds each part fetched for classification.
const partMax = 64 << 10

// SyncInbox reads what is new in the owner's folders.
func (s *Service) SyncInbox(ctx context.Context, pw core.Passwords, progress func(done, total int)) (*SyncReport, error) {
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !acct.IMAPConfigured() {
		return nil, core.UserErr("inbox.no_imap")
	}
	p, err := pw("imap")
	if err != nil {
		return nil, err
	}
	c, err := rmail.DialIMAP(ctx, acct, p)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	rep := &SyncReport{}
	for _, folder := range acct.Folders() {
		if err := s.syncFolder(ctx, c, acct, folder, rep, progress); err != nil {
			return rep, err
		}
		rep.Folders++
	}
	return rep, nil
}

func (s *Service) syncFolder(ctx context.Context, c *rmail.IMAPConn, acct rmail.Account, folder string, rep *SyncReport, progress func(done, total int)) error {
	st, known, err := s.St.Folder(ctx, folder)
	if err != nil {
		return err
	}
	info, err := c.Examine(folder)
	if err != nil {
		return err
	}
	after := st.LastUID
	if known && st.UIDValidity != info.UIDValidity {
		// The server renumbered the folder: read it all again; what was
		// recorded is recognised by its fingerprint.
		after = 0
		rep.Rescanned = append(rep.Rescanned, folder)
	}
	if !known {
		after = 0
	}
	uids, err := c.UIDsAfter(after)
	if err != nil {
		return err
	}
	if len(uids) == 0 {
		return s.St.InBatch(ctx, false, func(b *store.Batch) error {
			return b.SetFolder(store.FolderState{Name: folder, UIDValidity: info.UIDValidity, LastUID: after}, s.Now())
		})
	}
	for start := 0; start < len(uids); start += SyncBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := uids[start:min(start+SyncBatch, len(uids))]
		if err := s.syncChunk(ctx, c, acct, folder, info.UIDValidity, chunk, rep); err != nil {
			return err
		}
		if progress != nil {
			progress(start+len(chunk), len(uids))
		}
	}
	return nil
}

// seen is a message read and understood, waiting for its batch's commit.
type seen struct {
	row     store.Inbound
	result  inbound.Result
	report  []byte
	letter  store.LetterRef
	matched bool
	proof   bool                // a bounce returns the matched letter's Message-ID, or came to its tag
	auth    inbound.AuthVerdict // the owner's provider's Authentication-Results
}

func (s *Service) syncChunk(ctx context.Context, c *rmail.IMAPConn, acct rmail.Account, folder string, validity uint32, chunk []uint32, rep *SyncReport) error {
	heads, err := c.Headers(chunk)
	if err != nil {
		return err
	}
	rep.Read += len(heads)
	// What is already recorded (a rescan) or our own (copies to self) is
	// not read further.
	var ps []parsed
	var fps, mids []string
	for _, h := range heads {
		hdr := parseHeader(h.Raw)
		mid := strings.Trim(strings.TrimSpace(hdr.Get("Message-Id")), "<>")
		p := parsed{h: h, hdr: hdr, mid: mid, fp: fingerprint(mid, h.Raw)}
		ps = append(ps, p)
		fps = append(fps, p.fp)
		if mid != "" {
			mids = append(mids, mid)
		}
	}
	have, err := s.St.HasFingerprints(ctx, fps)
	if err != nil {
		return err
	}
	ours, err := s.St.OutboxByMessageIDs(ctx, mids)
	if err != nil {
		return err
	}
	// The parts to read, fetched in one command per shape of message.
	var todo []parsed
	plans := map[uint32]partPlan{}
	groups := map[string][]uint32{}
	for _, p := range ps {
		if have[p.fp] {
			continue
		}
		// Our letters' copies to self, and anything else the owner sent
		// (other software's copies), are not answers.
		if _, own := ours[p.mid]; (own && p.mid != "") || strings.EqualFold(inbound.FromAddress(p.hdr), acct.FromAddress) {
			rep.Ours++
			continue
		}
		todo = append(todo, p)
		pp := planParts(p.h)
		plans[p.h.UID] = pp
		if len(pp.secs) > 0 {
			groups[pp.key()] = append(groups[pp.key()], p.h.UID)
		}
	}
	bodies := map[uint32][][]byte{}
	for _, uids := range groups {
		got, err := c.SectionsOf(uids, plans[uids[0]].secs)
		if err != nil {
			return err
		}
		for u, d := range got {
			bodies[u] = d
		}
	}
	// Classify everything, then look up every key the matching may need in
	// a few queries for the whole batch.
	msgs := make([]*inbound.Message, len(todo))
	results := make([]inbound.Result, len(todo))
	for i, p := range todo {
		m := &inbound.Message{Header: p.hdr, ContentType: p.h.Type, ReportType: p.h.ReportType}
		fillMessage(m, plans[p.h.UID], bodies[p.h.UID])
		msgs[i], results[i] = m, inbound.Classify(m)
	}
	keys, err := s.lookups(ctx, todoHeaders(todo), msgs, results)
	if err != nil {
		return err
	}
	var out []seen
	authserv := inbound.ProviderMatcher(acct.IMAPHost, acct.AuthServID)
	for i, p := range todo {
		m, res := msgs[i], results[i]
		sn := seen{result: res, report: m.Report, auth: inbound.Authenticated(p.hdr, authserv)}
		sn.row = store.Inbound{Fingerprint: p.fp, Folder: folder, UIDValidity: validity, UID: p.h.UID, MessageID: p.mid,
			Class: string(res.Class), From: inbound.FromAddress(p.hdr), Subject: inbound.DecodeHeader(p.hdr.Get("Subject")), ReceivedAt: receivedAt(p.hdr, p.h.Date),
			Hard: res.Hard, Recipient: res.Recipient, Status: res.Status, ReturnDate: res.ReturnDate, Suggestions: "[]"}
		sn.letter, sn.row.Match, sn.matched, err = s.match(ctx, acct, keys, i, p.hdr, res)
		if err != nil {
			return err
		}
		if res.Class == inbound.Bounce {
			// A bounce is about the letter whose Message-ID it returns,
			// whatever its own header says.
			if r, ok := bounceLetter(keys, res); ok {
				sn.letter, sn.row.Match, sn.matched, sn.proof = r, "returned", true, true
			}
			sn.row.BounceAddresses = res.Addresses
			sn.row.Delayed = res.Delayed
		}
		if sn.matched {
			sn.row.OutboxID, sn.row.CustomerID = sn.letter.OutboxID, sn.letter.CustomerID
		}
		switch res.Class {
		case inbound.Reply:
			sn.row.NewText = replies.NewText(m.Text, m.HTML)
			sn.row.Summary = shorten(sn.row.NewText, 300)
			if sg := replies.Suggest(sn.row.NewText, s.Today()); len(sg) > 0 {
				js, _ := json.Marshal(suggestionsJSON(sg))
				sn.row.Suggestions = string(js)
			}
			if sn.matched {
				raw, err := c.Raw(p.h.UID)
				if err != nil {
					return err
				}
				if sn.row.Evidence, err = s.keepEvidence(p.fp, raw); err != nil {
					return err
				}
			}
		case inbound.Bounce:
			sn.row.Summary = shorten(res.Diagnostic, 300)
		case inbound.AutoReply:
			sn.row.Summary = shorten(strings.TrimSpace(m.Text), 300)
		}
		out = append(out, sn)
	}
	last := chunk[len(chunk)-1]
	now := s.Now()
	return s.St.InBatch(ctx, false, func(b *store.Batch) error {
		for i := range out {
			sn := &out[i]
			addr, err := judge(b, sn)
			if err != nil {
				return err
			}
			_, added, err := b.AddInbound(sn.row)
			if err != nil {
				return err
			}
			if !added {
				continue
			}
			rep.Recorded++
			switch sn.result.Class {
			case inbound.Reply:
				rep.Replies++
			case inbound.AutoReply:
				rep.AutoReplies++
			case inbound.Bounce:
				rep.Bounces++
				if addr != "" {
					if err := s.bounceEffects(b, sn.row.OutboxID, addr, sn.result.Hard, sn.row.Delayed, sn.result.Status, sn.result.Diagnostic, now); err != nil {
						return err
					}
				}
			default:
				rep.Other++
			}
			if sn.result.Class != inbound.Other && !sn.matched {
				rep.Unmatched++
			}
			switch sn.row.Trust {
			case store.TrustUnverifiedBounce:
				rep.Unverified++
			case store.TrustUnknownSender:
				rep.UnknownSenders++
			}
		}
		return b.SetFolder(store.FolderState{Name: folder, UIDValidity: validity, LastUID: last}, now)
	})
}

// partPlan is what classification needs of a message: the first text
// part (and the HTML one), a delivery report, the returned message's
// header; each capped.
type partPlan struct {
	secs  []rmail.Section
	kinds []string
	parts []rmail.Part
}

func (pp partPlan) key() string {
	var b strings.Builder
	for i, s := range pp.secs {
		fmt.Fprintf(&b, "%v/%v/%s;", s.Path, s.HeaderOnly, pp.kinds[i])
	}
	return b.String()
}

func planParts(h rmail.Header) partPlan {
	var pp partPlan
	pick := func(kind string, p rmail.Part, headerOnly bool) {
		pp.secs = append(pp.secs, rmail.Section{Path: p.Path, HeaderOnly: headerOnly, Max: partMax})
		pp.kinds = append(pp.kinds, kind)
		pp.parts = append(pp.parts, p)
	}
	have := map[string]bool{}
	for _, p := range h.Parts {
		attached := p.Filename != ""
		switch {
		case p.Type == "text/plain" && !have["text"] && !attached:
			have["text"] = true
			pick("text", p, false)
		case p.Type == "text/html" && !have["html"] && !attached:
			have["html"] = true
			pick("html", p, false)
		case (p.Type == "message/delivery-status" || p.Type == "message/global-delivery-status") && !have["report"]:
			have["report"] = true
			pick("report", p, false)
		case (p.Type == "message/rfc822" || p.Type == "message/global") && !have["returned"]:
			have["returned"] = true
			pick("returned", p, true)
		case (p.Type == "text/rfc822-headers" || p.Type == "message/global-headers") && !have["returned"]:
			have["returned"] = true
			pick("returned", p, false)
		}
	}
	return pp
}

// fillMessage decodes the fetched parts into what the classifier reads.
func fillMessage(m *inbound.Message, pp partPlan, data [][]byte) {
	for i, d := range data {
		if i >= len(pp.kinds) {
			break
		}
		p := pp.parts[i]
		switch pp.kinds[i] {
		case "text":
			m.Text = inbound.DecodePart(d, p.Encoding, p.Params["charset"])
		case "html":
			m.HTML = inbound.DecodePart(d, p.Encoding, p.Params["charset"])
		case "report":
			m.Report = []byte(inbound.DecodePart(d, p.Encoding, ""))
		case "returned":
			if pp.secs[i].HeaderOnly {
				m.Returned = d
			} else {
				m.Returned = []byte(inbound.DecodePart(d, p.Encoding, ""))
			}
		}
	}
}

// matchKeys are the batch's look-ups: our letters by Message-ID, invoices
// by number, customers by address.
type matchKeys struct {
	letters   map[string]store.LetterRef
	invoices  map[string]store.LetterRef
	customers map[string]store.LetterRef
	tokens    [][]string // each message's candidate invoice numbers
}

func todoHeaders[T interface{ header() mail.Header }](xs []T) []mail.Header {
	out := make([]mail.Header, len(xs))
	for i, x := range xs {
		out[i] = x.header()
	}
	return out
}

// lookups gathers the batch's keys and looks them all up.
func (s *Service) lookups(ctx context.Context, hdrs []mail.Header, msgs []*inbound.Message, results []inbound.Result) (matchKeys, error) {
	var ids, toks, addrs []string
	var k matchKeys
	for i, h := range hdrs {
		ids = append(ids, inbound.MessageIDs(h.Get("In-Reply-To"))...)
		ids = append(ids, inbound.MessageIDs(h.Get("References"))...)
		ids = append(ids, results[i].RefersTo...)
		ids = append(ids, results[i].Returned...) // RefersTo is capped; the proof must not be lost
		mine := invoiceTokens(inbound.DecodeHeader(h.Get("Subject")) + "\n" + msgs[i].Text)
		k.tokens = append(k.tokens, mine)
		toks = append(toks, mine...)
		addrs = append(addrs, inbound.FromAddress(h))
		if results[i].Recipient != "" {
			addrs = append(addrs, strings.ToLower(results[i].Recipient))
		}
	}
	var err error
	if k.letters, err = s.St.OutboxByMessageIDs(ctx, ids); err != nil {
		return k, err
	}
	if k.invoices, err = s.St.InvoiceCustomers(ctx, toks); err != nil {
		return k, err
	}
	k.customers, err = s.St.CustomersByEmail(ctx, addrs)
	return k, err
}

// match finds the letter and customer a message is about, in order: our
// Message-IDs in In-Reply-To, then References; the returned message of a
// bounce; a plus tag in the address it came to; an invoice number in the
// subject or text; the sender's (or for a bounce the failed) address.
func (s *Service) match(ctx context.Context, acct rmail.Account, k matchKeys, i int, hdr mail.Header, res inbound.Result) (store.LetterRef, string, bool, error) {
	try := func(ids []string) (store.LetterRef, bool) {
		for _, id := range ids {
			if r, ok := k.letters[id]; ok {
				return r, true
			}
		}
		return store.LetterRef{}, false
	}
	if r, ok := try(inbound.MessageIDs(hdr.Get("In-Reply-To"))); ok {
		return r, "in-reply-to", true, nil
	}
	if r, ok := try(inbound.MessageIDs(hdr.Get("References"))); ok {
		return r, "references", true, nil
	}
	if r, ok := try(res.RefersTo); ok {
		if res.Class == inbound.Bounce {
			return r, "returned", true, nil
		}
		return r, "references", true, nil
	}
	// The tag names a letter only on the owner's own address, and only
	// the first few addresses are looked at: a sender can list thousands
	// of guesses. (A bounce is never proved by it: letters go out with the
	// owner's plain address as envelope sender, so a real bounce never
	// comes to the tag.)
	for _, field := range []string{"Delivered-To", "X-Original-To", "To", "Cc"} {
		as := inbound.Addresses(hdr.Get(field))
		for _, a := range as[:min(len(as), 5)] {
			if tag := plusTag(a, acct); tag != "" {
				r, ok, err := s.St.OutboxByTag(ctx, "relance."+tag)
				if err != nil || ok {
					return r, "plus-tag", ok, err
				}
			}
		}
	}
	for _, tok := range k.tokens[i] {
		if r, ok := k.invoices[tok]; ok {
			return r, "invoice-number", true, nil
		}
	}
	addr, how := inbound.FromAddress(hdr), "sender"
	if res.Class == inbound.Bounce {
		addr, how = strings.ToLower(res.Recipient), "returned"
	}
	if r, ok := k.customers[addr]; ok && addr != "" {
		return r, how, true, nil
	}
	return store.LetterRef{}, "", false, nil
}

// invoiceTokens finds candidate invoice numbers in a text: runs of
// letters, digits and the separators - / _ . that hold a digit, 3 to 32
// characters long, at most 60 distinct ones. (A scanner rather than a
// regular expression: it runs over every message of a sync.)
func invoiceTokens(text string) []string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	seen := map[string]bool{}
	var toks []string
	isPart := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '/' || r == '_' || r == '.'
	}
	start := -1
	flush := func(end int) {
		tok := strings.TrimRight(strings.TrimLeft(text[start:end], "-/_."), "-/_.")
		start = -1
		if n := utf8.RuneCountInString(tok); n < 3 || n > 32 || seen[tok] || !strings.ContainsAny(tok, "0123456789") {
			return
		}
		seen[tok] = true
		toks = append(toks, tok)
	}
	for i, r := range text {
		if isPart(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			flush(i)
			if len(toks) == 60 {
				return toks
			}
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	return toks
}

// keepEvidence writes a matched reply's raw message to the data folder.
func (s *Service) keepEvidence(fp string, raw []byte) (string, error) {
	dir := filepath.Join(filepath.Dir(s.St.Path()), "evidence", s.Now().UTC().Format("2006-01"))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("evidence folder: %w", err)
	}
	sum := sha256.Sum256([]byte(fp))
	p := filepath.Join(dir, hex.EncodeToString(sum[:12])+".eml")
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		return "", fmt.Errorf("keep evidence: %w", err)
	}
	return p, nil
}

func parseHeader(raw []byte) mail.Header {
	msg, err := mail.ReadMessage(bytes.NewReader(append(bytes.TrimRight(raw, "\r\n"), "\r\n\r\n"...)))
	if err != nil {
		return mail.Header{}
	}
	return msg.Header
}

// fingerprint identifies a message across folders and renumberings.
func fingerprint(mid string, header []byte) string {
	if mid != "" {
		return "mid:" + mid
	}
	sum := sha256.Sum256(header)
	return "sha:" + hex.EncodeToString(sum[:16])
}

func receivedAt(h mail.Header, internal time.Time) time.Time {
	if !internal.IsZero() {
		return internal
	}
	if d, err := h.Date(); err == nil {
		return d
	}
	return time.Time{}
}

// plusTag reads the letter tag of owner+r1a2b3c4d5e6@domain: exactly the
// 12 hex digits LetterMail writes, on the owner's own address (its From
// or Reply-To), so a guess is a 48-bit one.
func plusTag(addr string, acct rmail.Account) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return ""
	}
	base, tag, ok := strings.Cut(local, "+r")
	if !ok || len(tag) != 12 {
		return ""
	}
	own := false
	for _, o := range []string{acct.FromAddress, acct.ReplyTo} {
		if ol, od, ok := strings.Cut(strings.ToLower(o), "@"); ok && ol == base && od == domain {
			own = true
		}
	}
	if !own {
		return ""
	}
	for _, r := range tag {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return ""
		}
	}
	return tag
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// suggestionJSON is how a suggestion is stored and shown.
type suggestionJSON struct {
	Kind     string `json:"kind"`
	Date     string `json:"date,omitempty"`
	Amount   string `json:"amount,omitempty"`
	Value    string `json:"value,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

func suggestionsJSON(sg []replies.Suggestion) []suggestionJSON {
	out := make([]suggestionJSON, len(sg))
	for i, x := range sg {
		out[i] = suggestionJSON{Kind: string(x.Kind), Amount: x.Amount, Value: x.Value, Evidence: x.Evidence}
		if !x.Date.IsZero() {
			out[i].Date = x.Date.String()
		}
	}
	return out
}

// Responses lists what the owner's correspondents sent.
func (s *Service) Responses(ctx context.Context, f store.ResponseFilter) ([]store.Inbound, error) {
	return s.St.Responses(ctx, f)
}

// ReviewResponse marks a message reviewed: a reply no longer pauses its
// customer's ladder.
func (s *Service) ReviewResponse(ctx context.Context, id int64) error {
	err := s.St.ReviewResponse(ctx, id, s.Now())
	if err == store.ErrNotFound {
		return core.UserErr("inbox.no_such", id)
	}
	return err
}

// WatchInbox syncs now, then again whenever new mail arrives: pushed by
// the server (IDLE on INBOX) where it can, else every poll interval;
// until ctx ends. Each sync's report goes to onSync. For the GUI while it
// is open, and `relancectl inbox sync --watch`.
func (s *Service) WatchInbox(ctx context.Context, pw core.Passwords, poll time.Duration, onSync func(*SyncReport, error)) error {
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return err
	}
	p, err := pw("imap")
	if err != nil {
		return err
	}
	for {
		rep, err := s.SyncInbox(ctx, func(string) (string, error) { return p, nil }, nil)
		onSync(rep, err)
		if ctx.Err() != nil {
			return nil
		}
		// Wait for news on a connection of its own (servers end an IDLE
		// after 30 minutes; it is renewed well before).
		waited := false
		if c, err := rmail.DialIMAP(ctx, acct, p); err == nil {
			if c.CanIdle() {
				_, err = c.WaitForNew(ctx, "INBOX", min(poll, 25*time.Minute))
				waited = err == nil
			}
			c.Close()
		}
		if !waited {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(poll):
			}
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}
