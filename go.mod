module github.com/relance-app/relance

go 1.26.8

require (
	// IMAP (reading the owner's mailbox: sent copies, replies); the only v2
	// on the proxy is a beta, the maintained line of go-imap.
	github.com/emersion/go-imap/v2 v2.0.0-beta.8
	// Charsets of incoming mail (IMAP parts, RFC 2047 headers): the
	// charset tables go-imap already brings.
	github.com/emersion/go-message v0.18.2
	// SASL PLAIN for the SMTP client below.
	github.com/emersion/go-sasl v0.0.0-20241020182733-b788ff22d5a6
	// SMTP transport of stored messages, byte for byte, each recipient's
	// reply read on its own; and the in-process fault server of the tests.
	// (go-mail's Send re-renders a message and cancels it when one of
	// several recipients is refused: see docs/ARCHITECTURE.md.)
	github.com/emersion/go-smtp v0.25.1
	// One `send` at a time: the lock is a row in the ledger; an OS file lock
	// on the resolved path, released when a process dies, is a second guard.
	github.com/gofrs/flock v0.13.1
	// Appending the original invoice PDFs on file to printed letters:
	// reading other software's PDFs (object and xref streams, incremental
	// updates, small breakages) needs a full parser; pdfcpu is the kept one.
	github.com/pdfcpu/pdfcpu v0.15.0
	// Letters as PDF: TrueType subsets, images; the layout positions every
	// word itself (gopdf neither justifies nor measures fast).
	github.com/signintech/gopdf v0.33.0
	// Composing messages: MIME structure, RFC 2047 headers, attachments.
	github.com/wneessen/go-mail v0.8.1
	// XLSX import. v2.11 needs an xuri/efp version the proxy does not serve.
	github.com/xuri/excelize/v2 v2.10.1
	// Passwords in the OS keyring (Keychain, Credential Manager, Secret
	// Service), never in the ledger.
	github.com/zalando/go-keyring v0.2.8
	// Font metrics (sfnt) for the layout, and the PNG preview painter.
	golang.org/x/image v0.47.0
	// HTML tokenizer: the new text of HTML replies (quotes in blockquotes).
	golang.org/x/net v0.56.0
	// OAuth2 sign-in to Microsoft 365 / Outlook.com and Google mail:
	// authorization code with PKCE, the device flow, refreshing tokens.
	golang.org/x/oauth2 v0.38.0
	// Windows code pages (CSV exports) and accent folding of headers.
	golang.org/x/text v0.43.0
	// SQLite in pure Go: relancectl builds with CGO_ENABLED=0. v1.61 is not
	// on the proxy; v1.60.1 resolves with Fyne 2.7, gopdf, go-imap v2 and go-mail.
	modernc.org/sqlite v1.60.1
)

// The desktop app (ui/, cmd/relance): Fyne, the cross-platform toolkit the
// brief names; 2.7 for fyne.Do and a test driver that needs no cgo.
require fyne.io/fyne/v2 v2.7.1

// Tests only: the ICS files must parse with a calendar library (the
// announcements issue names go-ical); it has no tagged release.
// The invoice table measures its cell texts off the UI goroutine with a
// font face of its own (ui/cell_measure.go): the same shaper Fyne draws
// with, so the widths are Fyne's, without touching Fyne's unguarded face.
require github.com/go-text/typesetting v0.2.1

require github.com/emersion/go-ical v0.0.0-20250329121855-f41e73efc392

require (
	fyne.io/systray v1.11.1-0.20250603113521-ca66a66d8b58 // indirect
	github.com/BurntSushi/toml v1.5.0 // indirect
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	github.com/danieljoos/wincred v1.2.3 // indirect
	github.com/dustin/go-humanize v1.0.1 // indirect
	github.com/fredbi/uri v1.1.1 // indirect
	github.com/fsnotify/fsnotify v1.9.0 // indirect
	github.com/fyne-io/gl-js v0.2.0 // indirect
	github.com/fyne-io/glfw-js v0.3.0 // indirect
	github.com/fyne-io/image v0.1.1 // indirect
	github.com/fyne-io/oksvg v0.2.0 // indirect
	github.com/go-gl/gl v0.0.0-20231021071112-07e5d0ea2e71 // indirect
	github.com/go-gl/glfw/v3.3/glfw v0.0.0-20240506104042-037f3cc74f2a // indirect
	github.com/go-text/render v0.2.0 // indirect
	github.com/godbus/dbus/v5 v5.2.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/hack-pad/go-indexeddb v0.3.2 // indirect
	github.com/hack-pad/safejs v0.1.0 // indirect
	github.com/hhrutter/tiff v1.0.6 // indirect
	github.com/jeandeaual/go-locale v0.0.0-20250612000132-0ef82f21eade // indirect
	github.com/jsummers/gobmp v0.0.0-20230614200233-a9de23ed2e25 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/mattn/go-runewidth v0.0.27 // indirect
	github.com/ncruces/go-strftime v1.0.0 // indirect
	github.com/nfnt/resize v0.0.0-20180221191011-83c6a9932646 // indirect
	github.com/nicksnyder/go-i18n/v2 v2.5.1 // indirect
	github.com/phpdave11/gofpdi v1.0.14-0.20211212211723-1f10f9844311 // indirect
	github.com/pkg/errors v0.8.1 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/richardlehane/mscfb v1.0.6 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/rymdport/portal v0.4.2 // indirect
	github.com/srwiley/oksvg v0.0.0-20221011165216-be6e8873101c // indirect
	github.com/srwiley/rasterx v0.0.0-20220730225603-2ab79fcdd4ef // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	github.com/teambition/rrule-go v1.8.2 // indirect
	github.com/tiendc/go-deepcopy v1.7.2 // indirect
	github.com/xuri/efp v0.0.1 // indirect
	github.com/xuri/nfp v0.0.2-0.20250530014748-2ddeb826f9a9 // indirect
	github.com/yuin/goldmark v1.7.8 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.54.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	modernc.org/libc v1.77.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)
