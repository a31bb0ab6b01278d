package inbound

import "testing"

func TestDecodePart(t *testing.T) {
	cases := []struct{ body, cte, charset, want string }{
		// Two base64 blocks, each padded: both are read.
		{"Qm9uam91ciwNCg==\r\nbm91cyBwYXllcm9ucyBsZSAzMC8wNy8yMDI1Lg==\r\n", "base64", "utf-8", "Bonjour,\nnous payerons le 30/07/2025."},
		// Quoted-printable soft line breaks and an ISO-8859-1 é.
		{"r=E9glerons le 30/07=\r\n/2025", "quoted-printable", "iso-8859-1", "réglerons le 30/07/2025"},
		// Windows-1251 Cyrillic in base64.
		{"7+vg8ujr6A==", "base64", "windows-1251", "платили"},
	}
	for _, c := range cases {
		if got := DecodePart([]byte(c.body), c.cte, c.charset); got != c.want {
			t.Errorf("DecodePart(%q, %s, %s) = %q, want %q", c.body, c.cte, c.charset, got, c.want)
		}
	}
}
