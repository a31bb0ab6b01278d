// Package assets holds the files the program embeds: translations now;
// the icon and the letter fonts (with their licences) as they arrive.
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
