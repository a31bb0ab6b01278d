package mail

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// Passwords live in the OS keyring (Keychain, Windows Credential Manager,
// the Secret Service on Linux), under the service "Relance", keyed by the
// server and user: never in the ledger, a log or an error message.

// KeyringService is the keyring entry's service name.
const KeyringService = "Relance"

// ErrNoKeyring means the machine has no keyring to keep a password in (a
// headless machine, CI): the password must come from the environment or
// standard input each time.
var ErrNoKeyring = errors.New("no keyring on this machine")

// ErrNoPassword means the keyring holds no password for the account.
var ErrNoPassword = errors.New("no password stored")

// keyringTimeout bounds a keyring call: a locked keyring that cannot show
// its unlock prompt would otherwise wait forever (go-keyring #88).
var keyringTimeout = 10 * time.Second

// SecretKey names a password in the keyring: "smtp:user@host:port".
func SecretKey(server, user, host string, port int) string {
	return fmt.Sprintf("%s:%s@%s:%d", server, user, host, port)
}

func withTimeout(f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(keyringTimeout):
		return fmt.Errorf("%w: the keyring did not answer in %s", ErrNoKeyring, keyringTimeout)
	}
}

// keyringErr maps go-keyring's errors: anything but "not found" means
// there is no usable keyring.
func keyringErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNoPassword
	case errors.Is(err, ErrNoKeyring):
		return err
	}
	return fmt.Errorf("%w (%v)", ErrNoKeyring, err)
}

// StorePassword keeps a password in the keyring.
func StorePassword(key, password string) error {
	return keyringErr(withTimeout(func() error { return keyring.Set(KeyringService, key, password) }))
}

// LoadPassword reads a password from the keyring.
func LoadPassword(key string) (string, error) {
	var pw string
	err := withTimeout(func() error {
		var err error
		pw, err = keyring.Get(KeyringService, key)
		return err
	})
	return pw, keyringErr(err)
}

// ForgetPassword removes a password from the keyring; a missing one is
// not an error.
func ForgetPassword(key string) error {
	err := keyringErr(withTimeout(func() error { return keyring.Delete(KeyringService, key) }))
	if errors.Is(err, ErrNoPassword) {
		return nil
	}
	return err
}

// MockKeyring replaces the OS keyring with one in memory (tests).
func MockKeyring() { keyring.MockInit() }
