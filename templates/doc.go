// Package templates will hold the default letter templates, one file per
// letter kind and language, embedded in the binary (letters issue).
package templates
