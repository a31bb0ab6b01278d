package i18n

// names are each language's name in itself: the owner looks for the
// language they read, whatever language the screen is in, so the name is
// not translated (as operating systems list their languages).
var names = map[Lang]string{
	EN:     "English",
	FR:     "Français",
	DE:     "Deutsch",
	SRCyrl: "Српски (ћирилица)",
	SRLatn: "Srpski (latinica)",
}

// Name is the language's name in itself ("Français", "Српски
// (ћирилица)"); a tag of no language of ours is returned as it is.
func Name(l Lang) string {
	if n, ok := names[l]; ok {
		return n
	}
	return string(l)
}
