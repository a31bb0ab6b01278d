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
	// One `send` at a time: an OS file lock, released when a process dies.
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
	// Windows code pages (CSV exports) and accent folding of headers.
	golang.org/x/text v0.43.0
	// SQLite in pure Go: relancectl builds with CGO_ENABLED=0. v1.61 is not
	// on the proxy; v1.60.1 resolves with Fyne 2.7, gopdf, go-imap v2 and go-mail.
	modernc.org/sqlite v1.60.1
)

require (
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	github.com/danieljoos/wincred v1.2.3 // indirect
	github.com/dustin/go-humanize v1.0.1 // indirect
	github.com/godbus/dbus/v5 v5.2.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/hhrutter/tiff v1.0.6 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/mattn/go-runewidth v0.0.27 // indirect
	github.com/ncruces/go-strftime v1.0.0 // indirect
	github.com/phpdave11/gofpdi v1.0.14-0.20211212211723-1f10f9844311 // indirect
	github.com/pkg/errors v0.8.1 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/richardlehane/mscfb v1.0.6 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/stretchr/objx v0.5.3 // indirect
	github.com/tiendc/go-deepcopy v1.7.2 // indirect
	github.com/xuri/efp v0.0.1 // indirect
	github.com/xuri/nfp v0.0.2-0.20250530014748-2ddeb826f9a9 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.54.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	modernc.org/libc v1.77.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)
