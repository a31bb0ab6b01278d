package importer

import "testing"

func TestEmailDomainsAreStoredInASCII(t *testing.T) {
	got, err := asciiDomains([]string{"jöe@exämple.fr", "a@Example.COM", "пера@пример.срб"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"jöe@xn--exmple-cua.fr", "a@example.com", "пера@xn--e1afmkfd.xn--90a3ac"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %q, want %q", i, got[i], want[i])
		}
	}
	if _, err := asciiDomains([]string{"x@exä_mple.fr"}); err == nil {
		t.Error("a bad domain was accepted")
	}
}
