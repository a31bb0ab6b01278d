package mailtest

import (
	"fmt"
	"net"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// IMAPServer is go-imap's in-memory server on 127.0.0.1, for sync tests:
// one user, INBOX and Sent.
type IMAPServer struct {
	Host, User, Password string
	Port                 int
	user                 *imapmemserver.User
	srv                  *imapserver.Server
}

// StartIMAP starts the server (no TLS: loopback only).
func StartIMAP(user, password string) (*IMAPServer, error) {
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	for _, f := range []string{"INBOX", "Sent"} {
		if err := u.Create(f, nil); err != nil {
			return nil, err
		}
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln)
	return &IMAPServer{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, User: user, Password: password, user: u, srv: srv}, nil
}

// Close stops the server.
func (s *IMAPServer) Close() error { return s.srv.Close() }

// Append delivers raw messages to a folder, as a client would.
func (s *IMAPServer) Append(folder string, raws ...[]byte) error {
	c, err := imapclient.DialInsecure(fmt.Sprintf("%s:%d", s.Host, s.Port), nil)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		return err
	}
	for _, raw := range raws {
		cmd := c.Append(folder, int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		if _, err := cmd.Wait(); err != nil {
			return err
		}
	}
	return c.Logout().Wait()
}

// Recreate deletes a folder and creates it again: the server gives it a
// new UIDVALIDITY, as after a server-side rebuild.
func (s *IMAPServer) Recreate(folder string) error {
	if err := s.user.Delete(folder); err != nil {
		return err
	}
	return s.user.Create(folder, nil)
}
