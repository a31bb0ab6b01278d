package mail

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// The read side of reply tracking. Everything here only reads: folders
// are examined (read-only SELECT), bodies are fetched with BODY.PEEK, no
// flag is ever changed and nothing is deleted.

// FolderInfo is a folder as examined.
type FolderInfo struct {
	UIDValidity uint32
	UIDNext     uint32
	Messages    uint32
}

// Examine opens a folder read-only.
func (c *IMAPConn) Examine(folder string) (FolderInfo, error) {
	d, err := c.c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return FolderInfo{}, fmt.Errorf("examine %s: %w", folder, err)
	}
	return FolderInfo{UIDValidity: d.UIDValidity, UIDNext: uint32(d.UIDNext), Messages: d.NumMessages}, nil
}

// Part is a leaf of a message's body structure.
type Part struct {
	Path     []int
	Type     string            // "text/plain", "message/delivery-status" …
	Params   map[string]string // lower-case keys: charset, name …
	Encoding string            // content transfer encoding, lower case
	Size     uint32
	Filename string
}

// Header is what the first pass fetches of a message.
type Header struct {
	UID        uint32
	Date       time.Time // when the server received it
	Size       int64
	Raw        []byte // the header, as is
	Type       string // the top-level media type
	ReportType string // multipart/report's report-type
	Parts      []Part
}

// UIDsAfter lists the UIDs of the open folder's messages above after, in
// order. ("N:*" always includes the last message, even below N: those are
// filtered out.)
func (c *IMAPConn) UIDsAfter(after uint32) ([]uint32, error) {
	var set imap.UIDSet
	set.AddRange(imap.UID(after+1), 0)
	d, err := c.c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var out []uint32
	for _, u := range d.AllUIDs() {
		if uint32(u) > after {
			out = append(out, uint32(u))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Headers fetches the header and body structure of the given messages.
func (c *IMAPConn) Headers(uids []uint32) ([]Header, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	set := make([]imap.UID, len(uids))
	for i, u := range uids {
		set[i] = imap.UID(u)
	}
	hdr := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	msgs, err := c.c.Fetch(imap.UIDSetNum(set...), &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true}, BodySection: []*imap.FetchItemBodySection{hdr}}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch headers: %w", err)
	}
	out := make([]Header, 0, len(msgs))
	for _, m := range msgs {
		h := Header{UID: uint32(m.UID), Date: m.InternalDate, Size: m.RFC822Size, Raw: m.FindBodySection(hdr)}
		if m.BodyStructure != nil {
			h.Type = m.BodyStructure.MediaType()
			if mp, ok := m.BodyStructure.(*imap.BodyStructureMultiPart); ok && mp.Extended != nil {
				h.ReportType = strings.ToLower(mp.Extended.Params["report-type"])
			}
			m.BodyStructure.Walk(func(path []int, p imap.BodyStructure) bool {
				sp, ok := p.(*imap.BodyStructureSinglePart)
				if !ok {
					return true
				}
				params := map[string]string{}
				for k, v := range sp.Params {
					params[strings.ToLower(k)] = v
				}
				h.Parts = append(h.Parts, Part{Path: append([]int(nil), path...), Type: sp.MediaType(), Params: params,
					Encoding: strings.ToLower(sp.Encoding), Size: sp.Size, Filename: sp.Filename()})
				// A returned message is read for its header only.
				return sp.MessageRFC822 == nil
			})
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UID < out[j].UID })
	return out, nil
}

// Section names a piece of a message to fetch.
type Section struct {
	Path       []int
	HeaderOnly bool  // the header of a message/rfc822 part
	Max        int64 // at most this many bytes (0: all)
}

// Sections fetches pieces of one message, as they are (transfer-encoded).
func (c *IMAPConn) Sections(uid uint32, secs []Section) ([][]byte, error) {
	m, err := c.SectionsOf([]uint32{uid}, secs)
	return m[uid], err
}

// SectionsOf fetches the same pieces of several messages in one command
// (most messages of a folder share a structure: one round trip for them
// all).
func (c *IMAPConn) SectionsOf(uids []uint32, secs []Section) (map[uint32][][]byte, error) {
	items := make([]*imap.FetchItemBodySection, len(secs))
	for i, s := range secs {
		it := &imap.FetchItemBodySection{Part: s.Path, Peek: true}
		if s.HeaderOnly {
			it.Specifier = imap.PartSpecifierHeader
		}
		if s.Max > 0 {
			it.Partial = &imap.SectionPartial{Offset: 0, Size: s.Max}
		}
		items[i] = it
	}
	set := make([]imap.UID, len(uids))
	for i, u := range uids {
		set[i] = imap.UID(u)
	}
	msgs, err := c.c.Fetch(imap.UIDSetNum(set...), &imap.FetchOptions{UID: true, BodySection: items}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch parts: %w", err)
	}
	out := make(map[uint32][][]byte, len(msgs))
	for _, m := range msgs {
		parts := make([][]byte, len(secs))
		for i, it := range items {
			parts[i] = m.FindBodySection(it)
		}
		out[uint32(m.UID)] = parts
	}
	return out, nil
}

// Raw fetches a whole message (kept as evidence).
func (c *IMAPConn) Raw(uid uint32) ([]byte, error) {
	all := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{all}}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch message %d: %w", uid, err)
	}
	if len(msgs) == 0 {
		return nil, fmt.Errorf("message %d is gone", uid)
	}
	return msgs[0].FindBodySection(all), nil
}

// Status reads a folder's UIDVALIDITY and next UID without opening it:
// a sync with nothing new stops there.
func (c *IMAPConn) Status(folder string) (FolderInfo, error) {
	d, err := c.c.Status(folder, &imap.StatusOptions{UIDNext: true, UIDValidity: true, NumMessages: true}).Wait()
	if err != nil {
		return FolderInfo{}, fmt.Errorf("status %s: %w", folder, err)
	}
	info := FolderInfo{UIDValidity: d.UIDValidity, UIDNext: uint32(d.UIDNext)}
	if d.NumMessages != nil {
		info.Messages = *d.NumMessages
	}
	return info, nil
}
