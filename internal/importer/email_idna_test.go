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

// A non-ASCII local part is imported, with a warning naming the line,
// the column and the address; an ASCII one gives none.
func TestNonASCIILocalPartImportedWithWarning(t *testing.T) {
	st := newStore(t)
	res := mustImport(t, st, Customers, "clients.csv", "code,name,email\nC1,Jöe,jöe@exämple.fr\nC2,Ann,ann@exämple.fr\n")
	if len(res.Problems) != 0 || res.Created != 2 {
		t.Fatalf("%+v", res)
	}
	if len(res.Warnings) != 1 {
		t.Fatalf("warnings %+v, want one", res.Warnings)
	}
	w := res.Warnings[0]
	if w.Line != 2 || w.Column != "email" || w.Value != "jöe@xn--exmple-cua.fr" || w.Reason.Key != "import.utf8_local_part" {
		t.Errorf("warning %+v", w)
	}
}
