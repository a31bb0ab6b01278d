// Package templates holds the default letter templates, one file per letter
// kind and language (letters/KIND.LANG.tmpl), embedded in the program. The
// syntax and the fields are documented in README.md beside this file.
package templates

import "embed"

// Letters holds letters/*.tmpl.
//
//go:embed letters
var Letters embed.FS
