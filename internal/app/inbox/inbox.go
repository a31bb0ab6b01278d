package inbox

import (
	"context"
	"encoding/json"
	"net/mail"
	"strings"

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
	// ProofReplies are messages answering (or returning) a proof: the
	// proof's, matched to no customer, pausing no one.
	ProofReplies int
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
	c, err := core.DialIMAP(ctx, acct, p, pw)
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
			return b.SetFolder(ctx, store.FolderState{Name: folder, UIDValidity: info.UIDValidity, LastUID: after}, s.Now())
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
		if pid, ok := proofOf(keys, p.hdr, res); ok {
			// A colleague's answer to a proof: kept with the proof, its
			// text read, no suggestion, no customer, no letter.
			sn.row.ProofID = pid
			switch res.Class {
			case inbound.Reply:
				sn.row.NewText = replies.NewText(m.Text, m.HTML)
				sn.row.Summary = shorten(sn.row.NewText, 300)
			case inbound.Bounce:
				sn.row.Summary = shorten(res.Diagnostic, 300)
			default:
				sn.row.Summary = shorten(strings.TrimSpace(m.Text), 300)
			}
			out = append(out, sn)
			continue
		}
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
			if sn.row.ProofID != 0 {
				_, added, err := b.AddInbound(ctx, sn.row)
				if err != nil {
					return err
				}
				if added {
					rep.Recorded++
					rep.ProofReplies++
				}
				continue
			}
			addr, err := judge(ctx, b, sn)
			if err != nil {
				return err
			}
			_, added, err := b.AddInbound(ctx, sn.row)
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
					if err := s.bounceEffects(ctx, b, sn.row.OutboxID, addr, sn.result.Hard, sn.row.Delayed, sn.result.Status, sn.result.Diagnostic, now); err != nil {
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
		return b.SetFolder(ctx, store.FolderState{Name: folder, UIDValidity: validity, LastUID: last}, now)
	})
}
