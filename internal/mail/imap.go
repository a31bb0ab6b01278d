package mail

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// IMAPConn is a logged-in IMAP session on the owner's mailbox. It only
// reads: mailboxes are examined (read-only) and bodies peeked.
type IMAPConn struct {
	c       *imapclient.Client
	changed chan struct{} // a folder's message count changed (IDLE)
}

// DialIMAP connects and logs in to the account's IMAP server with
// password: the password, or for an OAuth2 account the access token. A
// failure is a *ConnError.
func DialIMAP(ctx context.Context, a Account, password string) (*IMAPConn, error) {
	fail := func(stage Stage, err error) (*IMAPConn, error) {
		return nil, &ConnError{Server: "imap", Host: a.IMAPHost, Port: a.IMAPPort, Stage: stage, Err: err}
	}
	if a.IMAPHost == "" {
		return fail(StageConfig, errors.New("no IMAP server set"))
	}
	if a.IMAPSecurity == None && !IsLoopback(a.IMAPHost) {
		return fail(StageConfig, errors.New("an unencrypted connection is only allowed to this machine"))
	}
	cfg, err := a.TLSConfig(a.IMAPHost)
	if err != nil {
		return fail(StageConfig, err)
	}
	addr := net.JoinHostPort(a.IMAPHost, strconv.Itoa(a.IMAPPort))
	// A plain TCP dial first tells a name or port problem from a TLS one.
	probe, err := (&net.Dialer{Timeout: DialTimeout}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return fail(connStage(err, false), err)
	}
	probe.Close()
	changed := make(chan struct{}, 1)
	opts := &imapclient.Options{TLSConfig: cfg, Dialer: &net.Dialer{Timeout: DialTimeout},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case changed <- struct{}{}:
					default:
					}
				}
			},
		}}
	var c *imapclient.Client
	switch a.IMAPSecurity {
	case TLS:
		c, err = imapclient.DialTLS(addr, opts)
	case None:
		c, err = imapclient.DialInsecure(addr, opts)
	default:
		c, err = imapclient.DialStartTLS(addr, opts)
	}
	if err != nil {
		return fail(connStage(err, a.IMAPSecurity != None), err)
	}
	if a.Auth == AuthOAuth2 {
		var offered []string
		for _, m := range []string{MechOAuthBearer, MechXOAuth2} {
			if c.Caps().Has(imap.AuthCap(m)) {
				offered = append(offered, m)
			}
		}
		mech := pickOAuthMech(offered)
		if mech == "" {
			c.Close()
			return fail(StageAuth, ErrNoOAuthMech)
		}
		if err := c.Authenticate(oauthClient(mech, a.IMAPLogin(), password, a.IMAPHost, a.IMAPPort)); err != nil {
			c.Close()
			return fail(StageAuth, err)
		}
		return &IMAPConn{c: c, changed: changed}, nil
	}
	if err := c.Login(a.IMAPLogin(), password).Wait(); err != nil {
		c.Close()
		return fail(StageAuth, err)
	}
	return &IMAPConn{c: c, changed: changed}, nil
}

// CanIdle reports whether the server pushes new mail (IDLE).
func (c *IMAPConn) CanIdle() bool { return c.c.Caps().Has(imap.CapIdle) }

// WaitForNew examines folder and waits, in IDLE, until the server says its
// message count changed, or max has passed, or ctx ends. It reports
// whether something changed.
func (c *IMAPConn) WaitForNew(ctx context.Context, folder string, max time.Duration) (bool, error) {
	if _, err := c.c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return false, err
	}
	select {
	case <-c.changed: // left over from the examine itself
	default:
	}
	idle, err := c.c.Idle()
	if err != nil {
		return false, err
	}
	changed := false
	select {
	case <-c.changed:
		changed = true
	case <-time.After(max):
	case <-ctx.Done():
	}
	if err := idle.Close(); err != nil {
		return changed, err
	}
	if err := idle.Wait(); err != nil {
		return changed, err
	}
	return changed, c.c.Unselect().Wait()
}

// Close logs out.
func (c *IMAPConn) Close() error {
	if err := c.c.Logout().Wait(); err != nil {
		c.c.Close()
		return err
	}
	return c.c.Close()
}

// sentNames are the usual names of a Sent folder, for servers that do not
// mark it \Sent.
var sentNames = []string{"Sent", "Sent Items", "Sent Messages", "Envoyés", "Éléments envoyés", "Poslato", "Послато", "INBOX.Sent", "[Gmail]/Sent Mail"}

// SentFolder is the folder where the server files sent copies: the one
// named in the account, else the one marked \Sent, else one with a usual
// name; "" when there is none.
func (c *IMAPConn) SentFolder(named string) (string, error) {
	list, err := c.c.List("", "*", &imap.ListOptions{ReturnSpecialUse: true}).Collect()
	if err != nil {
		return "", err
	}
	for _, l := range list {
		if named != "" && l.Mailbox == named {
			return l.Mailbox, nil
		}
	}
	if named != "" {
		return "", errors.New("no folder named " + named)
	}
	for _, l := range list {
		for _, at := range l.Attrs {
			if at == imap.MailboxAttrSent {
				return l.Mailbox, nil
			}
		}
	}
	for _, n := range sentNames {
		for _, l := range list {
			if strings.EqualFold(l.Mailbox, n) {
				return l.Mailbox, nil
			}
		}
	}
	return "", nil
}

// FindMessageIDs looks for messages by Message-ID (without brackets) in
// the given folders and returns those found. SEARCH HEADER matches a
// substring, so each hit's header is fetched and compared exactly.
func (c *IMAPConn) FindMessageIDs(folders []string, ids []string) (map[string]bool, error) {
	found := map[string]bool{}
	for _, f := range folders {
		if f == "" {
			continue
		}
		if _, err := c.c.Select(f, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return found, err
		}
		for _, id := range ids {
			if found[id] {
				continue
			}
			sd, err := c.c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + id + ">"}}}, nil).Wait()
			if err != nil {
				return found, err
			}
			uids := sd.AllUIDs()
			if len(uids) == 0 {
				continue
			}
			msgs, err := c.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, Envelope: true}).Collect()
			if err != nil {
				return found, err
			}
			for _, m := range msgs {
				if m.Envelope != nil && strings.Trim(m.Envelope.MessageID, "<>") == id {
					found[id] = true
				}
			}
		}
		if err := c.c.Unselect().Wait(); err != nil {
			return found, err
		}
	}
	return found, nil
}
