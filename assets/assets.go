// Package assets holds the files the program embeds: translations, rate
// tables, the letter fonts (with their licences) and the icon.
package assets

import "embed"

// Translations holds translations/<lang>.json, one catalog per language.
//
//go:embed translations/*.json
var Translations embed.FS

// Rates holds rates/rates.json: the reference interest rate tables
// (ECB, French legal rate, Bank of England, Basiszinssatz, NBS) with the
// source of every entry.
//
//go:embed rates/rates.json
var Rates []byte

// Fonts holds the letter fonts (Noto Sans regular, bold, italic; SIL Open
// Font License, fonts/OFL.txt): Latin and Cyrillic for French, English and
// Serbian in both scripts.
//
//go:embed fonts/*.ttf
var Fonts embed.FS

// Hyphenation holds hyphenation/*.tex: TeX hyphenation patterns for
// French, German and Serbian (both scripts), unmodified from hyph-utf8
// with their licences (hyphenation/README.md).
//
//go:embed hyphenation/*.tex
var Hyphenation embed.FS

// Icon is the app's icon (512 × 512 PNG, drawn for Relance with Noto Sans
// Bold), used by the window and by `fyne package` (FyneApp.toml).
//
//go:embed icon.png
var Icon []byte
