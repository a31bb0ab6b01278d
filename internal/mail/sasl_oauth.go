package mail

import (
	"encoding/json"
	"strings"

	"github.com/emersion/go-sasl"
)

// SASL mechanisms that carry an OAuth2 access token: OAUTHBEARER (RFC
// 7628), and XOAUTH2, the older one of Google and Microsoft that go-sasl
// no longer has (Microsoft 365 offers only it).
const (
	MechOAuthBearer = sasl.OAuthBearer
	MechXOAuth2     = "XOAUTH2"
)

// xoauth2Client is XOAUTH2's client side: one initial response
// "user=…^Aauth=Bearer …^A^A"; a failure comes as a challenge holding a
// JSON error, answered with an empty line, after which the server says
// no.
type xoauth2Client struct {
	user, token string
	failure     string // the server's JSON error status, if it sent one
}

// NewXOAuth2Client is a SASL XOAUTH2 client for user with an access
// token.
func NewXOAuth2Client(user, token string) sasl.Client {
	return &xoauth2Client{user: user, token: token}
}

func (c *xoauth2Client) Start() (string, []byte, error) {
	return MechXOAuth2, []byte("user=" + c.user + "\x01auth=Bearer " + c.token + "\x01\x01"), nil
}

func (c *xoauth2Client) Next(challenge []byte) ([]byte, error) {
	var e struct {
		Status string `json:"status"`
	}
	if json.Unmarshal(challenge, &e) == nil {
		c.failure = e.Status
	}
	return []byte{}, nil
}

// NewOAuthBearerClient is a SASL OAUTHBEARER client for user with an
// access token, naming the server it talks to (RFC 7628 §3.1).
func NewOAuthBearerClient(user, token, host string, port int) sasl.Client {
	return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token, Host: host, Port: port})
}

// pickOAuthMech chooses among the mechanisms a server offers: OAUTHBEARER,
// the standard one, when offered, else XOAUTH2; "" when neither is.
func pickOAuthMech(offered []string) string {
	has := map[string]bool{}
	for _, m := range offered {
		has[strings.ToUpper(m)] = true
	}
	switch {
	case has[MechOAuthBearer]:
		return MechOAuthBearer
	case has[MechXOAuth2]:
		return MechXOAuth2
	}
	return ""
}

// oauthClient is the SASL client of mech.
func oauthClient(mech, user, token, host string, port int) sasl.Client {
	if mech == MechXOAuth2 {
		return NewXOAuth2Client(user, token)
	}
	return NewOAuthBearerClient(user, token, host, port)
}
