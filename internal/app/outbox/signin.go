package outbox

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/mail"
)

// SignInState is what is known of the account's OAuth2 sign-in, never the
// token.
type SignInState struct {
	OAuth    bool   // the account signs in with its provider
	Provider string // as the owner knows it
	ClientID bool   // an application (client ID) is set: the Sign in button can show
	Granted  bool   // a grant is kept (the provider may still have revoked it)
	// Volatile: the grant is kept for this run only (no keyring).
	Volatile bool
	Device   bool // the provider allows signing in from another device
	// NoKeyring: the machine has no keyring, so no sign-in outlives a run.
	NoKeyring bool
}

// SignInState says whether the account is signed in.
func (s *Service) SignInState(ctx context.Context) (SignInState, error) {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return SignInState{}, err
	}
	st := SignInState{OAuth: a.Auth == mail.AuthOAuth2, Provider: a.OAuth.ProviderName(), ClientID: a.OAuth.ClientID != "",
		Device: a.OAuth.CanDeviceSignIn()}
	if !st.OAuth || !st.ClientID {
		return st, nil
	}
	t, err := core.AccountTokens(a)
	if err != nil {
		return st, err
	}
	st.Granted, err = t.HasGrant()
	st.Volatile = core.GrantsVolatile()
	if !st.Granted {
		_, kerr := mail.LoadPassword(mail.GrantKey(a))
		st.NoKeyring = errors.Is(kerr, mail.ErrNoKeyring)
	}
	return st, err
}

// SignIn signs the owner in with the account's provider, through the
// system browser and a loopback redirect, or with device set through a
// code typed on another device (Microsoft only); the grant is kept
// (core.Grants). It replaces any earlier grant.
func (s *Service) SignIn(ctx context.Context, o mail.SignInOptions, device bool) (SignInState, error) {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return SignInState{}, err
	}
	if a.Auth != mail.AuthOAuth2 {
		return SignInState{}, core.UserErr("account.signin_not_oauth")
	}
	if a.OAuth.ClientID == "" {
		return SignInState{}, core.UserErr("account.oauth_no_client", a.OAuth.ProviderName())
	}
	if ps := a.Check(); len(ps) > 0 {
		return SignInState{}, core.UserErr("account.problem", ps[0])
	}
	if device && !a.OAuth.CanDeviceSignIn() {
		return SignInState{}, core.UserErr("account.no_device_signin", a.OAuth.ProviderName())
	}
	t, err := core.AccountTokens(a)
	if err != nil {
		return SignInState{}, err
	}
	signIn := mail.SignIn
	if device {
		signIn = mail.DeviceSignIn
	}
	tok, err := signIn(ctx, a, o)
	if err != nil {
		return SignInState{}, err
	}
	if err := t.Adopt(tok); err != nil {
		return SignInState{}, err
	}
	return s.SignInState(ctx)
}

// SignOut forgets the account's grant.
func (s *Service) SignOut(ctx context.Context) error {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return err
	}
	if a.Auth != mail.AuthOAuth2 || a.OAuth.ClientID == "" {
		return nil
	}
	t, err := core.AccountTokens(a)
	if err != nil {
		return err
	}
	return t.Forget()
}
