package replies

import (
	"regexp"
	"strings"
)

// cue is a way of saying one Kind, matched on folded text (see fold), so
// written without accents and with Serbian Cyrillic as Latin: "платио сам"
// is "platio sam", "je réglerai" is "je reglerai".
type cue struct {
	re *regexp.Regexp
	// negatable: a negation before it in its clause ("je n'ai pas encore
	// payé", "I haven't paid") cancels it. Cues that carry their own
	// negation ("n'a pas été réalisée") are not negatable.
	negatable bool
	// needsDate: only a cue when its clause holds a date; "je règle" is
	// a promise in "je règle la facture lundi", not on its own.
	needsDate bool
	// notAfter cancels the cue when it matches earlier in its clause: "the
	// work was not done" is a dispute, "le virement n'a pas été effectué"
	// is not.
	notAfter *regexp.Regexp
}

// paymentWords name a payment, as the subject of a "not done" statement.
var paymentWords = regexp.MustCompile(`\b(?:virement|paiement|reglement|versement|payment|transfer|wire|uplata|uplatu|placanje|transfer|zahlung|uberweisung)\b`)

func phrases(p ...string) *regexp.Regexp {
	return regexp.MustCompile(`\b(?:` + strings.Join(p, "|") + `)\b`)
}

var cues = map[Kind][]cue{
	Paid: {{negatable: true, re: phrases(
		// English
		`already paid`, `(?:have|has|had|'ve) (?:already |now |just )?(?:been )?paid`,
		`(?:i|we) (?:already |just )?paid`, `(?:was|were|is|are) (?:already |now |fully )?paid`,
		`paid (?:it|this|that|the|in full|yesterday|today|last|on)`, `^(?:already |fully )?paid`,
		`sent (?:you )?(?:a|the|our|my) (?:cheque|check)`, `(?:cheque|check) (?:was|has been) (?:sent|posted|mailed)`,
		`(?:payment|transfer|wire|remittance) (?:was|has been|have been|went) (?:made|sent|done|processed|transferred|issued|out|through)`,
		`(?:made|sent|wired|transferred|processed|issued) (?:the|a|our|my|your) (?:payment|transfer|wire|money|funds)`,
		`(?:i|we) (?:have )?(?:transferred|wired|settled|remitted)`,
		`(?:has|have|was|were) (?:been )?(?:settled|transferred|wired)`, `payment (?:done|made|sent)`,
		// French: the participles that are also present tenses ("paye",
		// "regle") only after an auxiliary.
		`payee|payees|payes|reglee|reglees|regles|viree|virees|versee|versees|acquittee|acquittees|acquitte|acquittes`,
		`(?:ai|as|a|avons|avez|ont|est|sont|ete|deja|bien|tout) (?:deja |bien |tout |aussi )?(?:paye|regle|vire|verse|paie)`,
		`(?:virement|paiement|reglement|versement) (?:a ete |bien |a bien ete |est )?(?:effectue|fait|envoye|emis|execute|passe|realise|parti)e?s?`,
		`(?:ai|avons|a) (?:deja |bien )?(?:effectue|fait|envoye|emis|passe|realise|lance) (?:le|un|mon|notre|votre|au) (?:virement|paiement|reglement|versement|cheque)`,
		`^(?:deja )?(?:paye|regle)e?s?`, `cheque (?:a ete |est )?(?:bien )?(?:envoye|parti|poste|expedie)`,
		// Serbian
		`platio|platila|platili|platile|uplatio|uplatila|uplatili|uplatile|izmirio|izmirila|izmirili|prebacio|prebacila|prebacili|isplatio|isplatila|isplatili`,
		`placen|placena|placeno|placene|uplacen|uplacena|uplaceno|uplacene|izmiren|izmirena|izmireno|isplaceno|isplacena`,
		`(?:uplata|placanje|transfer) (?:je |su )?(?:vec )?(?:izvrsen|izvrsena|izvrseno|poslat|poslata|realizovan|realizovana|obavljen|obavljena|legla)`,
		`izvrsen[oa]? (?:je )?(?:uplata|placanje)`,
		`(?:izvrsio|izvrsila|izvrsili|poslao|poslala|poslali) (?:smo |sam )?(?:uplatu|placanje|novac)`,
		// German
		`bezahlt|uberwiesen|beglichen|gezahlt`, `uberweisung (?:ist |wurde )?(?:getatigt|erfolgt|ausgefuhrt)`,
		`(?:zahlung|uberweisung|betrag|uberweisungsauftrag) (?:\S+ ){0,4}(?:veranlasst|angewiesen|getatigt|ausgefuhrt|erteilt)`,
	)}},
	Promise: {{negatable: true, re: phrases(
		`(?:will|shall|'ll) (?:pay|settle|transfer|wire|remit|clear)`,
		`(?:will|shall|'ll) (?:send|make|issue|process) (?:you )?(?:the |a |our |my )?(?:payment|transfer|wire|money|funds|balance)`,
		`will be (?:paid|settled|transferred|wired|cleared)`, `going to (?:pay|settle|transfer|wire)`,
		`(?:promise|plan|intend|expect|hope|aim|undertake) to (?:pay|settle|transfer)`, `(?:can|could) (?:pay|settle|transfer)`,
		`payment will be (?:made|sent|done|processed|issued)`,
		`you will (?:receive|get|have) (?:the |our |my |your )?(?:payment|money|funds|transfer)`,
		`(?:i|we) (?:pay|settle) (?:it |this |the invoice |the balance |the rest |you )?(?:by|on|before|next|tomorrow|within|at the end)`,
		`reglerai|reglerons|reglera|regleront|paierai|paierons|paiera|paieront|payerai|payerons|payera|payeront|virerai|virerons|virera|verserai|verserons|versera|effectuerai|effectuerons|effectuera|procederai|procederons|solderai|solderons|acquitterai|acquitterons`,
		`(?:ferai|ferons|fera|enverrai|enverrons|enverra|emettrai|emettrons|lancerai|lancerons) (?:le|un|mon|notre|votre|au) (?:virement|paiement|reglement|versement)`,
		`(?:vais|allons|va|vont) (?:vous |le |la |les )?(?:payer|regler|virer|verser|solder|effectuer|proceder|faire (?:le|un) (?:virement|paiement|reglement)|envoyer (?:le|un) (?:virement|paiement|reglement))`,
		`(?:sera|seront|va etre|vont etre) (?:bien )?(?:paye|regle|vire|verse|effectue|solde|acquitte)e?s?`,
		`(?:virement|paiement|reglement|versement) (?:partira|interviendra|sera|arrivera|parviendra)`,
		`vous (?:recevrez|aurez) (?:le |votre |notre |mon )?(?:paiement|reglement|virement|versement)`,
		`(?:peux|pouvons|pourrai|pourrons|compte|comptons|prevois|prevoyons|m'engage a|nous engageons a) (?:vous )?(?:payer|regler|virer|verser|solder|faire le virement|effectuer le (?:virement|paiement|reglement))`,
		`platicu|platicemo|platice|uplaticu|uplaticemo|uplatice|izmiricu|izmiricemo|izmirice|prebacicu|prebacicemo|prebacice|isplaticu|isplaticemo`,
		`(?:izvrsicu|izvrsicemo|izvrsice|poslacu|poslacemo) (?:vam )?(?:uplatu|placanje|novac|transfer)`,
		`(?:cu|cemo|ce) (?:vam |to |racun |fakturu )?(?:platiti|uplatiti|izmiriti|prebaciti|isplatiti|izvrsiti uplatu)`,
		`(?:ce|ce se) biti (?:placen|uplacen|izmiren|izvrsen|isplacen)[oa]?`, `bice (?:placen|uplacen|izmiren|izvrsen|isplacen)[oa]?`,
		`uplata ce biti`,
		`(?:mogu|mozemo|planiram|planiramo) (?:da )?(?:platim|platimo|uplatim|uplatimo|izmirim|izmirimo|prebacim|prebacimo)`,
		`(?:werde|werden|wird) (?:\S+ ){0,10}(?:zahlen|bezahlen|uberweisen|begleichen|bezahlt|uberwiesen|beglichen)`,
	)}, {negatable: true, needsDate: true, re: phrases(
		// German says the future in the present with a date: "wir zahlen
		// am Freitag", "am Freitag zahlen wir", "die Zahlung erfolgt bis …".
		`(?:ich|wir) (?:\S+ )?(?:zahle|zahlen|bezahle|bezahlen|uberweise|uberweisen|begleiche|begleichen)`,
		`(?:zahle|zahlen|bezahle|bezahlen|uberweise|uberweisen|begleiche|begleichen) (?:ich|wir)`,
		`(?:zahlung|uberweisung) (?:erfolgt|geht raus|geht hinaus|kommt)`,
		`(?:je|nous) (?:vous )?(?:la |le |les |ca )?(?:regle|reglons|paie|paye|payons|vire|virons|verse|versons|fais le virement|faisons le virement)`,
		`(?:platim|platimo|uplatim|uplatimo|izmirim|izmirimo)`,
		`(?:i|we) (?:pay|transfer|settle)`,
	)}},
	Dispute: {{negatable: true, re: phrases(
		`dispute|disputed|disputing|contest|contesting|disagree|complaint|object to|incorrect|overcharged|double[- ]billed|billed twice|charged twice`,
		`wrong (?:amount|invoice|price|total)|not correct|mistake in|error in`,
		`conteste|contestons|contester|contestation|litige|reclamation|desaccord|facture en double|doublon|factures? deux fois`,
		`(?:une|d'|l')erreur (?:sur|dans|de)|il y a (?:une |eu une )?erreur|erronee?s?|montant (?:est )?(?:incorrect|faux)`,
		`osporavam|osporavamo|osporavate|osporiti|osporava|reklamacij\w*|prigovor|zalb\w*|greska u|greska na|greskom|pogresan|pogresn\w* (?:iznos|faktur|racun)\w*|netacan|netacn\w*|dva puta naplac\w*`,
		`widerspreche|widersprechen|bestreite|bestreiten|reklamation|einspruch|fehlerhaft|falsch`,
	)}, {re: phrases(
		`(?:never|not|n't) (?:received|got) (?:the |any |our |my )?(?:goods|order|delivery|products?|items?|service|parcel|package)`,
		`(?:did not|didn't|never) order`, `(?:refuse|refusing) to pay`, `(?:won't|will not|shall not|not going to) pay`,
		`(?:do not|don't) owe`,
		`(?:jamais|pas) (?:recu|eu) (?:la |les |notre |ma |mes |nos )?(?:marchandise|commande|livraison|produits?|colis|prestation|service)`,
		`(?:pas|jamais) commande`, `(?:refuse|refusons) de (?:payer|regler)`,
		`ne (?:paierai|payerai|reglerai|paierons|payerons|reglerons) (?:pas|rien|jamais)`,
		`ne (?:dois|devons) rien`, `non conforme|pas conforme|pas le bon montant`,
		`(?:nismo|nisam) (?:narucili|narucio|narucila|primili robu|dobili robu|primio robu|dobio robu)`,
		`(?:necu|necemo|nece) (?:da )?(?:platiti|platim|platimo|uplatiti)`, `odbijam|odbijamo`, `ne slazem se|ne slazemo se`,
		`ne (?:dugujem|dugujemo)`, `nicht einverstanden`, `(?:zahle|zahlen) (?:wir )?nicht`,
		`(?:werde|werden) (?:\S+ )?(?:nicht|nichts) (?:\S+ )?(?:zahlen|bezahlen|uberweisen|begleichen)`,
	)}, {notAfter: paymentWords, re: phrases(
		`(?:was|were|has|have|had) (?:not|never) (?:been )?(?:delivered|done|performed|completed|provided|carried out|ordered)`,
		`(?:was|were)n't (?:delivered|done|performed|completed|provided|ordered)`,
		`n'(?:a|ont) (?:pas|jamais) ete (?:realise|effectue|livre|fait|execute|fourni|commande|termine)e?s?`,
		`pas ete (?:realise|effectue|livre|fait|execute|fourni|termine)e?s?`,
		`nije (?:isporuc|izvrs|uradj|obavlj|zavrs|pruz|narucen|odradj)\w*`, `nisu (?:isporuc|izvrs|uradj|obavlj|zavrs|pruz|odradj)\w*`,
		`(?:nicht|nie|niemals) (?:geliefert|erbracht|bestellt|ausgefuhrt)`,
	)}},
	CopyRequest: {{re: phrases(
		`(?:send|resend|re-send|forward|email|e-mail|mail) (?:\S+ ){0,4}(?:copy|copies|duplicate|invoice|invoices)`,
		`copy of (?:the |your |this |that |our )?invoice`, `duplicate (?:of the )?invoice`,
		`(?:did not|didn't|never|haven't|have not|not) (?:receive|received|get|got) (?:the |your |this |that |any |an )?invoice`,
		`copie de (?:la |votre |cette |notre )?facture`, `duplicata`,
		`(?:renvoyer|envoyer|transmettre|faire parvenir|adresser|renvoyez|envoyez|transmettez|renvoyer|communiquer) (?:\S+ ){0,4}factures?`,
		`(?:pas|jamais) (?:recu|eu) (?:la |votre |cette |de |les |vos )?factures?`,
		`kopij\w* (?:fakture|racuna|faktura|racune)`, `duplikat\w*`,
		`(?:posaljite|posaljete|poslati|prosledite|proslediti|dostavite|dostaviti|dostavljate) (?:\S+ ){0,4}(?:faktur|racun)\w*`,
		`(?:nisam|nismo) (?:dobio|dobila|dobili|primio|primila|primili) (?:\S+ ){0,2}(?:fakturu|racun|fakture)`,
		`kopie der rechnung|rechnungskopie|rechnung (?:erneut|nochmal|noch einmal)`,
		`(?:senden|schicken) sie (?:mir|uns) (?:\S+ ){0,4}rechnung`,
		`rechnung (?:\S+ ){0,2}(?:nie|nicht|niemals) (?:\S+ )?(?:erhalten|bekommen)`, `keine rechnung (?:\S+ )?(?:erhalten|bekommen)`,
	)}},
}

// kindOrder is the order in which kinds are looked for in a sentence.
var kindOrder = []Kind{Paid, Promise, Dispute, CopyRequest}

// negation words; "n't" is glued to its verb and French "n'" to the next.
var negation = regexp.MustCompile(`\b(?:not|never|no|cannot|unable|ne|pas|jamais|aucun|aucune|non|rien|nisam|nismo|nije|nisu|nisi|niste|necu|necemo|nece|nikad|nikada|nicht|nie|kein|keine|keinen)\b|n't\b|\bn'`)

// future marks a payment not yet made right before a paid cue ("will be
// paid on", "sera réglée", "biće plaćeno", "wird bezahlt").
var future = regexp.MustCompile(`\b(?:will|'ll|shall|going to|gonna|to be|would|should|must|need to|have to|sera|seront|serait|vais|allons|va|vont|doit|dois|devons|pourra|pourrai|pourrons|bice|biti|bude|budu|treba|cu|cemo|wird|werden|werde|soll|muss)\b`)

// hasActionCue reports whether folded text holds a cue of a kind that
// Suggest acts on; signature removal leaves such lines alone.
func hasActionCue(f string) bool {
	for _, k := range kindOrder {
		for _, c := range cues[k] {
			if c.re.MatchString(f) {
				return true
			}
		}
	}
	return false
}
