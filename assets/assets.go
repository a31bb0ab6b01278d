// Package assets holds the files the program embeds: translations now;
// the icon and the letter fonts (with their licences) as they arrive.
package assets

import "embed"

// Translations holds translations/<lang>.json, one catalog per language.
//
//go:embed translations/*.json
var Translations embed.FS
