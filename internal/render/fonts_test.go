package render

import "testing"

func TestFacesCoverTheProductsLanguages(t *testing.T) {
	fs, err := Faces()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		for _, r := range "AaZz0123456789€£$%&@éèêëàâäîïôöùûüçÉÈÀÇœŒæÆčćđšžČĆĐŠŽабвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ«»–—’“”…\u00a0\u202f" {
			if !f.Has(r) {
				t.Errorf("%s has no %q (U+%04X)", f.Name, r, r)
			}
		}
	}
	reg := fs[Regular]
	// Proportional: "W" is wider than "i"; widths scale with the size.
	if reg.Width("W", 10) <= reg.Width("i", 10) || reg.Width("abc", 20) != 2*reg.Width("abc", 10) {
		t.Error("widths are not proportional")
	}
	if w := reg.Width("Relance", 12); w < 30 || w > 60 {
		t.Errorf("width of Relance at 12 pt: %.2f", w)
	}
}
