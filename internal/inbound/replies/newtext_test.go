package replies

import (
	"strings"
	"testing"
)

func TestNewTextPlain(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"fr gmail attribution", "Je paierai demain.\n\nLe lun. 16 nov. 2026 à 10:12, Atelier <a@b.fr> a écrit :\n\n> Bonjour,\n> Rappel.\n", "Je paierai demain."},
		{"fr attribution wrapped", "Oui\n\nLe lun. 16 nov. 2026 à 10:12, Atelier Martin <\nfactures@atelier.fr> a écrit :\n> Rappel\n", "Oui"},
		{"fr outlook header", "C'est réglé.\n\nDe : Atelier <a@b.fr>\nEnvoyé : lundi 16 novembre 2026 10:12\nÀ : Client\nObjet : Rappel\n\nBonjour,\nRappel.", "C'est réglé."},
		{"fr original message", "Merci, c'est noté.\n\n-------- Message d'origine --------\nDe : Atelier\nRappel", "Merci, c'est noté."},
		{"fr outlook bold header", "Bien reçu.\n\n*De :* Atelier\n*Envoyé :* lundi\n*À :* Client\n*Objet :* Rappel\n\nRappel", "Bien reçu."},
		{"de attribution", "Wir zahlen morgen.\n\nAm 16.11.2026 um 10:12 schrieb Max Muster <max@example.com>:\n> Erinnerung\n", "Wir zahlen morgen."},
		{"de attribution unquoted", "Wir zahlen morgen.\n\nAm 16.11.2026 um 10:12 schrieb Max Muster <max@example.com>:\n\nErinnerung\n", "Wir zahlen morgen."},
		{"de outlook header", "Erledigt.\n\nVon: Atelier <a@b.de>\nGesendet: Montag, 16. November 2026 10:12\nAn: Kunde\nBetreff: Erinnerung\n\nErinnerung", "Erledigt."},
		{"de original message", "Erledigt.\n\n-----Ursprüngliche Nachricht-----\nVon: Atelier\nErinnerung", "Erledigt."},
		{"sr cyrillic attribution", "Платио сам.\n\nДана 16.11.2026. у 10:12, Петар Петровић је написао:\n> Подсетник\n", "Платио сам."},
		{"sr cyrillic gmail", "Платио сам.\n\nпон, 16. нов 2026. у 10:12 Atelier <a@b.rs> је написао/ла:\n\n> Подсетник\n", "Платио сам."},
		{"sr cyrillic outlook", "Платио сам.\n\nОд: Atelier <a@b.rs>\nПослато: понедељак, 16. новембар 2026. 10:12\nЗа: Петар\nТема: Подсетник\n\nПодсетник", "Платио сам."},
		{"sr latin outlook", "Uplatio sam.\n\nOd: Atelier <a@b.rs>\nPoslato: ponedeljak, 16. novembar 2026. 10:12\nZa: Petar\nPredmet: Podsetnik\n\nPodsetnik", "Uplatio sam."},
		{"sr latin gmail", "Uplatio sam.\n\npon, 16. nov 2026. u 10:12 Atelier <a@b.rs> je napisao/la:\n\n> Podsetnik\n", "Uplatio sam."},
		{"en unquoted attribution", "Paid.\n\nOn Mon, Nov 16, 2026 at 10:12 AM Atelier <a@b.com> wrote:\n\nReminder text", "Paid."},
		{"en outlook one line", "Paid.\n\nFrom: Atelier Sent: Monday To: Client Subject: Reminder\nReminder text", "Paid."},
		{"bottom posting", "On Mon, Nov 16, 2026, Atelier wrote:\n> Reminder\n\nI paid.", "I paid."},
		{"inline answers", "> Will you pay?\nYes, Friday.\n\n> And the copy?\nSent yesterday.\n", "Yes, Friday.\n\nSent yesterday."},
		{"attribution needs its own start", "Thanks, see below.\nOn Mon, Atelier wrote:\n> Reminder\n", "Thanks, see below."},
		{"crlf", "Paid.\r\n\r\nOn Mon, Atelier wrote:\r\n> Reminder\r\n", "Paid."},
		{"fr iphone", "Je paierai demain.\n\nEnvoyé de mon iPhone", "Je paierai demain."},
		{"sr latin iphone", "Platiću sutra.\n\nPoslato sa mog iPhone-a", "Platiću sutra."},
		{"sr cyrillic iphone", "Платићу сутра.\n\nПослато са мог iPhone-а", "Платићу сутра."},
		{"de iphone", "Morgen.\n\nVon meinem iPhone gesendet", "Morgen."},
		{"outlook mobile", "Tomorrow.\n\nGet Outlook for iOS", "Tomorrow."},
		{"fr outlook mobile", "Demain.\n\nObtenir Outlook pour Android", "Demain."},
		{"fr sign-off block", "Bonjour,\n\nC'est payé.\n\nCordialement,\nJean Dupont\nDupont SARL\n12 rue des Lilas, 75011 Paris\nTél. : 01 23 45 67 89", "Bonjour,\n\nC'est payé."},
		{"sr sign-off", "Платио сам.\n\nС поштовањем,\nМарко Марковић\nдиректор", "Платио сам."},
		{"sr latin sign-off", "Uplatio sam.\n\nSrdačan pozdrav,\nMarko", "Uplatio sam."},
		{"de sign-off", "Bezahlt.\n\nMit freundlichen Grüßen\nHans Müller\nMüller GmbH", "Bezahlt."},
		{"en sign-off with name", "Paid.\n\nThanks, Alex", "Paid."},
		{"dash name", "Paid today.\n\n-Jean", "Paid today."},
		{"french formula", "Je paierai le 30.\n\nVeuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\nJean Dupont", "Je paierai le 30."},
		{"thanks then content stays", "Bonjour,\nMerci.\nJ'ai payé hier.", "Bonjour,\nMerci.\nJ'ai payé hier."},
		{"thanks then a cue stays", "Hello\nThanks\nI will pay tomorrow", "Hello\nThanks\nI will pay tomorrow"},
		{"lone thanks stays", "Merci", "Merci"},
		{"signature only", "-- \nJean", ""},
		{"dashes inside a line stay", "A fix -- not a signature.\nkthx", "A fix -- not a signature.\nkthx"},
		{"bullets stay", "List:\n- one\n- Two", "List:\n- one\n- Two"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewText(tt.in, "")
			if got != tt.want {
				t.Errorf("NewText(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
			if len(got) > len(tt.in) {
				t.Errorf("output longer than input")
			}
		})
	}
}

func TestNewTextHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"apple mail cite", `<div>Oui</div><div><br><blockquote type="cite"><div>Le 16 nov. 2026 à 10:12, Atelier &lt;a@b.fr&gt; a écrit :</div><div>Acceptez-vous ?</div></blockquote></div>`, "Oui"},
		{"gmail quote", `<div dir="ltr">I paid.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Atelier wrote:<br></div><blockquote class="gmail_quote">Reminder</blockquote></div>`, "I paid."},
		{"outlook web cut", `<div>Payé.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>De :</b> Atelier</div><div>Rappel : merci de payer</div>`, "Payé."},
		{"thunderbird", `<body>Payé hier.<br><div class="moz-cite-prefix">Le 16/11/2026 à 10:12, Atelier a écrit&nbsp;:<br></div><blockquote type="cite">Rappel</blockquote></body>`, "Payé hier."},
		{"inline html", `<p>Yes.</p><blockquote>Will you pay?</blockquote><p>Friday.</p>`, "Yes.\n\nFriday."},
		{"signature div", `<div>Payé.</div><div class="gmail_signature">Jean Dupont<br>06 12 34 56 78</div>`, "Payé."},
		{"outlook signature id", `<div>Payé.</div><div id="Signature">Jean Dupont</div>`, "Payé."},
		{"style and script", `<html><head><title>x</title><style>p{color:red}</style></head><body><script>alert(1)</script><p>Payé &amp; noté&nbsp;!</p></body></html>`, "Payé & noté !"},
		{"pre keeps lines", "<pre>a\n  b</pre>", "a\n  b"},
		{"outlook blank paragraphs", `<p class=MsoNormal>Bonjour,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Payé.</p>`, "Bonjour,\n\nPayé."},
		{"unclosed tags", `<div><p>Payé<blockquote>old`, "Payé"},
		{"only a quote", `<blockquote>old</blockquote>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewText("", tt.in)
			if got != tt.want {
				t.Errorf("NewText(html %q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
			if len(got) > len(tt.in) {
				t.Errorf("output longer than input")
			}
		})
	}
}

func TestNewTextPrefersText(t *testing.T) {
	if got := NewText("from text", "<p>from html</p>"); got != "from text" {
		t.Errorf("got %q", got)
	}
	if got := NewText(" \n\t", "<p>from html</p>"); got != "from html" {
		t.Errorf("blank text: got %q", got)
	}
	// Entities that decode to more bytes than they are written with stay
	// as written: the result is never longer than the input.
	if got := NewText("", "&nGt;"); len(got) > len("&nGt;") || strings.TrimSpace(got) == "" {
		t.Errorf("got %q", got)
	}
}
