package demo

import "github.com/relance-app/relance/internal/ledger"

// The word lists below are the raw material of the demo ledger. Serbian is
// written once, in Cyrillic; the Latin-script tables are derived from it by
// transliteration (see buildLangs), so both scripts always agree.

// city is a real postcode and town, with what a local phone number starts with.
type city struct {
	Postcode string
	Name     string
	// Phone is the landline prefix: for France the region digit ("4"),
	// for the UK a fictional Ofcom drama range ("0161 496 0"), for Serbia
	// the area code ("021").
	Phone string
}

// service is an invoice line: periodic services are billed per month and
// their description names the month.
type service struct {
	Text     string
	Periodic bool
}

// langSource is the hand-written data of one language.
type langSource struct {
	Lang        ledger.Language
	Country     ledger.Country
	FirstM      []string
	FirstF      []string
	Last        []string
	Business    []string // templates: {L} last name, {M} a second last name, {F} first name, {C} city
	SalM, SalF  string   // salutation of a man, of a woman
	SalNone     string   // salutation when there is no contact person
	StreetTypes []string // empty: the street name is complete (Serbian)
	Streets     []string
	Addr2Biz    []string
	Addr2Home   []string
	Cities      []city
	Months      [12]string
	Services    []service
	Notes       []string
	Reasons     []string // dispute reasons
	Outcomes    []string // dispute outcomes
	Promise     [3]string
	Consent     [3]string // evidence notes for phone, web, paper consent
	Domain      string    // email domain of the country
	Accounts    string    // local part prefix of an accounts department address
}

var frSource = langSource{
	Lang: ledger.French, Country: "FR",
	FirstM: []string{"Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Laurent", "Julien", "Thomas",
		"Antoine", "Mathieu", "Sébastien", "Olivier", "François", "Éric", "Didier", "Hugo", "Lucas", "Théo", "Maxime",
		"Romain", "Guillaume", "Benoît", "Vincent", "Yves", "Bernard", "Patrick", "Gilles", "Arnaud", "Jérôme", "Cédric",
		"Damien", "Raphaël", "Louis", "Paul", "Clément", "Baptiste", "Florian", "Quentin", "Bruno", "Denis", "Xavier", "Loïc"},
	FirstF: []string{"Marie", "Sophie", "Isabelle", "Nathalie", "Catherine", "Sylvie", "Christine", "Valérie", "Céline", "Julie",
		"Camille", "Émilie", "Claire", "Anne", "Hélène", "Aurélie", "Sandrine", "Élodie", "Laure", "Manon", "Chloé", "Léa",
		"Inès", "Pauline", "Mathilde", "Charlotte", "Juliette", "Margaux", "Agnès", "Brigitte", "Françoise", "Monique",
		"Virginie", "Delphine", "Caroline", "Stéphanie", "Audrey", "Lucie", "Alice", "Zoé", "Gaëlle", "Annick", "Odile", "Noémie"},
	Last: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
		"Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
		"André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
		"Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
		"Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
		"Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier",
		"Pérez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin",
		"Fernandez", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud",
		"Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodriguez",
		"Da Silva", "Hubert", "Guillot", "Rivière", "Le Gall", "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez", "Berger",
		"Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier", "Julien", "Benoît", "Maillard", "Marchal", "Aubry",
		"Vasseur", "Le Roux", "Renault", "Jacquet", "Collet", "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron",
		"Dupuy", "Pons", "Carré", "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Barré", "Marty", "Cousin", "Le Goff"},
	Business: []string{"Boulangerie {L}", "Boulangerie {L} SARL", "Garage {L}", "Garage {L} & Fils", "Cabinet {L}",
		"Cabinet d'architecture {L}", "{L} Immobilier SAS", "Menuiserie {L} EURL", "Pharmacie {L}", "Transports {L} SA",
		"Atelier {L}", "Plomberie {L} SARL", "{L} et Associés", "{L} Conseil SAS", "Librairie {L}", "Boucherie {L}",
		"Fromagerie {L}", "Électricité {L} SARL", "{L} & {M} SARL", "Maçonnerie {L} Frères", "Charpente {L} SAS",
		"Restaurant Chez {F}", "Imprimerie {L}", "Auto-école {L}", "Cave {L}", "Traiteur {L}", "Domaine {L}",
		"Pressing {L}", "{L} Paysage SARL", "Clinique vétérinaire {L}", "SCI {L}-{M}", "Hôtel {L}", "Bijouterie {L}",
		"Couverture {L} SARL", "Cabinet dentaire {L}", "Agence {L} Voyages", "{L} Informatique SAS", "Ferronnerie {L}",
		"Salon de coiffure {F}", "Pâtisserie {L}", "Transports {L} & {M}", "{L} Rénovation EURL", "Opticien {L}"},
	SalM: "Monsieur", SalF: "Madame", SalNone: "Madame, Monsieur",
	StreetTypes: []string{"rue", "rue", "rue", "avenue", "avenue", "boulevard", "place", "allée", "chemin", "impasse", "quai", "cours"},
	Streets: []string{"de la République", "Victor Hugo", "Jean Jaurès", "Gambetta", "de la Gare", "du Marché", "des Lilas",
		"Pasteur", "Carnot", "du Général de Gaulle", "de Verdun", "Émile Zola", "des Écoles", "du Moulin", "de l'Église",
		"Voltaire", "Jules Ferry", "de la Liberté", "Foch", "Anatole France", "des Tilleuls", "de Paris", "Saint-Michel",
		"de la Paix", "Lamartine", "des Acacias", "Molière", "du Château", "de la Mairie", "des Vignes", "Paul Bert",
		"Aristide Briand", "de la Fontaine", "des Peupliers", "Marcel Pagnol", "du 8 Mai 1945", "Sainte-Catherine"},
	Addr2Biz:  []string{"ZI des Platanes", "ZA du Moulin", "BP 42", "Bâtiment B", "2e étage", "Parc d'activités des Chênes", "CS 30118", "Zone artisanale Nord"},
	Addr2Home: []string{"Appartement 12", "Résidence Les Tilleuls", "Bâtiment C", "Escalier 2", "Lieu-dit La Croix", "3e étage gauche"},
	Cities: []city{
		{"75011", "Paris", "1"}, {"75015", "Paris", "1"}, {"75008", "Paris", "1"}, {"75020", "Paris", "1"}, {"75017", "Paris", "1"},
		{"92100", "Boulogne-Billancourt", "1"}, {"93100", "Montreuil", "1"}, {"94300", "Vincennes", "1"}, {"78000", "Versailles", "1"},
		{"69002", "Lyon", "4"}, {"69003", "Lyon", "4"}, {"69007", "Lyon", "4"}, {"69006", "Lyon", "4"}, {"69100", "Villeurbanne", "4"},
		{"13006", "Marseille", "4"}, {"13001", "Marseille", "4"}, {"06000", "Nice", "4"}, {"34000", "Montpellier", "4"},
		{"38000", "Grenoble", "4"}, {"42000", "Saint-Étienne", "4"}, {"74000", "Annecy", "4"}, {"73000", "Chambéry", "4"},
		{"84000", "Avignon", "4"}, {"30000", "Nîmes", "4"}, {"26000", "Valence", "4"}, {"63000", "Clermont-Ferrand", "4"},
		{"01000", "Bourg-en-Bresse", "4"}, {"66000", "Perpignan", "4"}, {"31000", "Toulouse", "5"}, {"33000", "Bordeaux", "5"},
		{"64000", "Pau", "5"}, {"87000", "Limoges", "5"}, {"86000", "Poitiers", "5"}, {"17000", "La Rochelle", "5"},
		{"44000", "Nantes", "2"}, {"35000", "Rennes", "2"}, {"49000", "Angers", "2"}, {"37000", "Tours", "2"},
		{"45000", "Orléans", "2"}, {"14000", "Caen", "2"}, {"76000", "Rouen", "2"}, {"29200", "Brest", "2"},
		{"67000", "Strasbourg", "3"}, {"59000", "Lille", "3"}, {"57000", "Metz", "3"}, {"54000", "Nancy", "3"},
		{"51100", "Reims", "3"}, {"21000", "Dijon", "3"}, {"25000", "Besançon", "3"}, {"80000", "Amiens", "3"},
	},
	Months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	Services: []service{{"Prestation de conseil", true}, {"Maintenance informatique", true}, {"Infogérance", true},
		{"Hébergement du site internet", true}, {"Abonnement logiciel", true}, {"Location de matériel", true},
		{"Contrat d'entretien", true}, {"Création du site internet", false}, {"Formation du personnel", false},
		{"Installation du réseau", false}, {"Dépannage sur site", false}, {"Fourniture de matériel informatique", false},
		{"Audit de sécurité", false}, {"Développement sur mesure", false}, {"Récupération de données", false},
		{"Remplacement de poste de travail", false}, {"Installation de vidéosurveillance", false}},
	Notes: []string{"Paie généralement en fin de mois", "Préfère être contacté par téléphone", "Client historique",
		"Envoyer les factures au service comptable", "Demande toujours un duplicata", "Fermé en août"},
	Reasons: []string{"Prestation non conforme au devis", "Matériel livré endommagé", "Facture déjà réglée selon le client",
		"Nombre d'heures facturées contesté", "Erreur de TVA sur la facture", "Intervention en retard", "Bon de commande manquant"},
	Outcomes: []string{"Avoir partiel accordé", "Réclamation rejetée, facture maintenue", "Accord trouvé avec le client"},
	Promise:  [3]string{"Règlement promis au téléphone", "Virement annoncé par courriel", "Règlement promis par courrier"},
	Consent:  [3]string{"Accord donné au téléphone", "Formulaire en ligne validé", "Coupon-réponse signé"},
	Domain:   "example.fr", Accounts: "compta",
}

var enSource = langSource{
	Lang: ledger.English, Country: "GB",
	FirstM: []string{"James", "John", "David", "Michael", "Richard", "Thomas", "William", "Daniel", "Matthew", "Andrew", "Paul",
		"Mark", "Oliver", "Harry", "George", "Jack", "Samuel", "Edward", "Peter", "Christopher", "Stephen", "Benjamin",
		"Joseph", "Luke", "Adam", "Simon", "Robert", "Alexander", "Charles", "Henry", "Callum", "Rhys", "Owen", "Fraser"},
	FirstF: []string{"Sarah", "Emma", "Charlotte", "Emily", "Sophie", "Olivia", "Amelia", "Jessica", "Hannah", "Lucy", "Rebecca",
		"Laura", "Rachel", "Katherine", "Elizabeth", "Victoria", "Helen", "Claire", "Joanne", "Louise", "Alice", "Grace",
		"Megan", "Chloe", "Ruth", "Harriet", "Fiona", "Jane", "Anna", "Isabel", "Siobhan", "Eilidh", "Bethan", "Imogen"},
	Last: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
		"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Harper", "Cole",
		"Hughes", "Edwards", "Turner", "Baker", "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Watson", "Harris",
		"Lee", "Martin", "Clark", "Parker", "Bennett", "Cook", "Morgan", "Bell", "Murphy", "Bailey", "Carter", "Phillips",
		"Mitchell", "Shaw", "Price", "Lewis", "Ellis", "Fletcher", "Barnes", "Knight", "Stevens", "Marshall", "Holmes",
		"Palmer", "Lloyd", "Webb", "Fisher", "Gray", "Dixon", "Mason", "Hunt", "Chapman", "Russell", "Pearson", "Hudson",
		"Owen", "Graham", "Kennedy", "Fraser", "MacDonald", "Campbell", "O'Brien", "Doyle", "Sutton", "Griffiths",
		"Ashworth", "Whitfield", "Pemberton", "Hargreaves", "Oakley", "Thornton", "Bradshaw", "Kershaw", "Lockwood"},
	Business: []string{"{L} & {M} Ltd", "{L} Plumbing Ltd", "{L} & Sons", "{L} Consulting LLP", "{L} Joinery Ltd",
		"{L} Estates Ltd", "{L} Design Studio", "{L} Motors Ltd", "The {L} Partnership", "{L} Electrical Services",
		"{L}'s Bakery", "{L} Builders Ltd", "{L} Accountancy Ltd", "{L} Landscaping", "{L} & Co", "{L} Print Ltd",
		"{L} Roofing Ltd", "{L} Dental Practice", "{L} Veterinary Surgery", "{C} Cleaning Services Ltd",
		"{C} Logistics Ltd", "{L} Catering Ltd", "{L} & {M} Solicitors", "{F}'s Florist", "{L} Heating & Gas Ltd",
		"{C} Coffee Company Ltd", "{L} Architects LLP", "{L} Opticians", "{L} Haulage Ltd", "{L} Digital Ltd"},
	SalM: "Mr", SalF: "Ms", SalNone: "Sir or Madam",
	StreetTypes: []string{"Street", "Road", "Road", "Lane", "Avenue", "Close", "Way", "Drive", "Crescent", "Gardens", "Terrace"},
	Streets: []string{"High", "Station", "Church", "Park", "Victoria", "Green", "Manor", "Mill", "Queen's", "King", "London",
		"Albert", "Chapel", "Windsor", "York", "Grange", "Springfield", "Meadow", "Orchard", "Highfield", "Elm", "Oak",
		"Cedar", "Willow", "Alexandra", "Beech", "Castle", "Market", "Bridge", "North"},
	Addr2Biz:  []string{"Unit 4", "Suite 12", "Riverside Business Park", "The Old Mill", "Second Floor", "Unit 17, Trade Park", "Kings Court"},
	Addr2Home: []string{"Flat 2", "Flat 5B", "Rose Cottage", "Apartment 14", "The Coach House"},
	Cities: []city{
		{"EC1V 2NX", "London", "020 7946 0"}, {"SE1 9SG", "London", "020 7946 0"}, {"N1 9GU", "London", "020 7946 0"},
		{"W1D 3QU", "London", "020 7946 0"}, {"E1 6AN", "London", "020 7946 0"}, {"SW11 4NJ", "London", "020 7946 0"},
		{"M1 1AE", "Manchester", "0161 496 0"}, {"M4 5JD", "Manchester", "0161 496 0"}, {"B1 1BB", "Birmingham", "0121 496 0"},
		{"B15 2TT", "Birmingham", "0121 496 0"}, {"LS1 4DY", "Leeds", "0113 496 0"}, {"S1 2HE", "Sheffield", "0114 496 0"},
		{"NG1 5FS", "Nottingham", "0115 496 0"}, {"LE1 5YA", "Leicester", "0116 496 0"}, {"BS1 4DJ", "Bristol", "0117 496 0"},
		{"RG1 1AF", "Reading", "0118 496 0"}, {"EH1 1YZ", "Edinburgh", "0131 496 0"}, {"G1 1XQ", "Glasgow", "0141 496 0"},
		{"L1 8JQ", "Liverpool", "0151 496 0"}, {"NE1 7RU", "Newcastle upon Tyne", "0191 498 0"}, {"CF10 1EP", "Cardiff", "029 2018 0"},
		{"BT1 5GS", "Belfast", "028 9649 6"}, {"OX1 1BX", "Oxford", "01632 960"}, {"CB2 1TN", "Cambridge", "01632 960"},
		{"YO1 7HH", "York", "01632 960"}, {"BA1 1LZ", "Bath", "01632 960"}, {"BN1 1UG", "Brighton", "01632 960"},
		{"NR2 1NH", "Norwich", "01632 960"}, {"EX1 1HS", "Exeter", "01632 960"}, {"SO14 7DW", "Southampton", "01632 960"},
		{"CT1 2HR", "Canterbury", "01632 960"}, {"CH1 1NG", "Chester", "01632 960"}, {"DE1 2FS", "Derby", "01632 960"},
		{"AB10 1AQ", "Aberdeen", "01632 960"},
	},
	Months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Services: []service{{"Consulting services", true}, {"Website maintenance", true}, {"IT support", true},
		{"Managed services", true}, {"Website hosting", true}, {"Software subscription", true}, {"Equipment hire", true},
		{"Website design", false}, {"Staff training", false}, {"Network installation", false}, {"On-site call-out", false},
		{"Supply of computer equipment", false}, {"Security audit", false}, {"Custom software development", false},
		{"Data recovery", false}, {"Laptop replacement", false}, {"CCTV installation", false}},
	Notes: []string{"Usually pays at month end", "Prefers a phone call", "Long-standing customer", "Send invoices to the accounts department",
		"Purchase order number required on invoices", "Closed over Christmas"},
	Reasons: []string{"Equipment arrived damaged", "Work not completed as agreed", "Customer says the invoice is already paid",
		"Hours billed are disputed", "Wrong VAT rate", "Late call-out", "No purchase order quoted"},
	Outcomes: []string{"Partial credit note issued", "Claim rejected, invoice stands", "Settled with the customer"},
	Promise:  [3]string{"Promised payment on the phone", "Customer confirmed the transfer by email", "Payment promised by letter"},
	Consent:  [3]string{"Agreed on the phone", "Online form completed", "Signed reply slip"},
	Domain:   "example.co.uk", Accounts: "accounts",
}

var srSource = langSource{
	Lang: ledger.SerbianCyrillic, Country: "RS",
	FirstM: []string{"Никола", "Марко", "Стефан", "Лазар", "Милош", "Душан", "Александар", "Немања", "Јован", "Петар", "Вук",
		"Огњен", "Урош", "Филип", "Драган", "Зоран", "Горан", "Дејан", "Милан", "Ненад", "Бојан", "Владимир", "Срђан",
		"Жељко", "Бранко", "Ђорђе", "Предраг", "Миодраг", "Љубомир", "Небојша", "Вељко", "Момчило"},
	FirstF: []string{"Марија", "Јелена", "Ана", "Милица", "Јована", "Катарина", "Драгана", "Снежана", "Ивана", "Тамара",
		"Невена", "Софија", "Теодора", "Мирјана", "Љиљана", "Гордана", "Весна", "Биљана", "Бојана", "Сања", "Наташа",
		"Тијана", "Александра", "Даница", "Зорица", "Јасмина", "Ђурђица", "Милена", "Светлана", "Вишња", "Олга", "Жаклина"},
	Last: []string{"Јовановић", "Петровић", "Николић", "Марковић", "Ђорђевић", "Стојановић", "Илић", "Станковић", "Павловић",
		"Милошевић", "Стевановић", "Михајловић", "Тодоровић", "Јовић", "Лазић", "Ђурић", "Костић", "Живковић", "Ристић",
		"Поповић", "Савић", "Симић", "Обрадовић", "Томић", "Кузмановић", "Радосављевић", "Милићевић", "Васић", "Митровић",
		"Живановић", "Пантић", "Филиповић", "Вуковић", "Бошковић", "Марјановић", "Јанковић", "Бабић", "Ђокић", "Крстић",
		"Вучковић", "Љубисављевић", "Џаковић", "Шарац", "Чолић", "Ћирић", "Жунић", "Новаковић", "Миловановић", "Гајић",
		"Лукић", "Радовановић", "Степановић", "Младеновић", "Рајковић", "Антић", "Ерић", "Драгић", "Пешић", "Ранковић",
		"Секулић", "Гавриловић", "Перић", "Мићић", "Благојевић", "Његован", "Шљивић", "Ћосић", "Ђукановић"},
	Business: []string{"Столарија {L} д.о.о.", "Пекара {L}", "{L} д.о.о.", "Аутосервис {L}", "СЗР {L}", "Штампарија {L}",
		"Грађевинска фирма {L} д.о.о.", "Апотека {L}", "Месара {L}", "Фризерски салон {F}", "Ресторан {F}",
		"Књиговодствена агенција {L}", "Електро {L} д.о.о.", "Транспорт {L} д.о.о.", "Адвокатска канцеларија {L}",
		"Стоматолошка ординација др {L}", "Трговинска радња {L}", "Вулканизер {L}", "Цвећара {F}", "{L} и синови д.о.о.",
		"{L} и {M} о.д.", "Агенција {L}", "Водоинсталатер {L}", "Браварија {L}", "Кројачка радња {F}", "Млекара {L} д.о.о.",
		"Пољопривредна задруга {C}", "Софтвер {L} д.о.о.", "Винарија {L}", "Сервис рачунара {L}"},
	SalM: "Поштовани господине", SalF: "Поштована госпођо", SalNone: "Поштовани",
	Streets: []string{"Кнез Михаилова", "Булевар краља Александра", "Булевар ослобођења", "Николе Тесле", "Цара Душана",
		"Војводе Степе", "Краља Петра Првог", "Немањина", "Карађорђева", "Његошева", "Светог Саве", "Вука Караџића",
		"Гаврила Принципа", "Змај Јовина", "Јеврејска", "Таковска", "Милоша Обилића", "Бранка Радичевића", "Јована Цвијића",
		"Максима Горког", "Дунавска", "Савска", "Железничка", "Мајке Југовића", "Церска", "Омладинских бригада",
		"Хајдук Вељкова", "Ђуре Јакшића", "Жичка", "Љубе Ненадовића", "Душана Поповића", "Шумадијска"},
	Addr2Biz:  []string{"локал 2", "локал 14", "2. спрат", "пословни центар Сава", "магацин 3", "канцеларија 5"},
	Addr2Home: []string{"стан 4", "стан 17", "улаз Б, стан 9", "3. спрат, стан 11"},
	Cities: []city{
		{"11000", "Београд", "011"}, {"11000", "Београд", "011"}, {"11000", "Београд", "011"}, {"11070", "Нови Београд", "011"},
		{"11080", "Земун", "011"}, {"21000", "Нови Сад", "021"}, {"21000", "Нови Сад", "021"}, {"18000", "Ниш", "018"},
		{"34000", "Крагујевац", "034"}, {"24000", "Суботица", "024"}, {"23000", "Зрењанин", "023"}, {"26000", "Панчево", "013"},
		{"32000", "Чачак", "032"}, {"36000", "Краљево", "036"}, {"36300", "Нови Пазар", "020"}, {"11300", "Смедерево", "026"},
		{"16000", "Лесковац", "016"}, {"14000", "Ваљево", "014"}, {"15000", "Шабац", "015"}, {"31000", "Ужице", "031"},
		{"17500", "Врање", "017"}, {"25000", "Сомбор", "025"}, {"12000", "Пожаревац", "012"}, {"18300", "Пирот", "010"},
		{"19000", "Зајечар", "019"}, {"22000", "Сремска Митровица", "022"}, {"35000", "Јагодина", "035"},
		{"26300", "Вршац", "013"}, {"34300", "Аранђеловац", "034"}, {"15300", "Лозница", "015"}, {"35230", "Ћуприја", "035"},
	},
	Months: [12]string{"јануар", "фебруар", "март", "април", "мај", "јун", "јул", "август", "септембар", "октобар", "новембар", "децембар"},
	Services: []service{{"Одржавање рачунара", true}, {"Консултантске услуге", true}, {"ИТ подршка", true},
		{"Хостинг веб сајта", true}, {"Претплата на софтвер", true}, {"Закуп опреме", true}, {"Сервис опреме", false},
		{"Израда веб сајта", false}, {"Обука запослених", false}, {"Инсталација рачунарске мреже", false},
		{"Интервенција на терену", false}, {"Испорука рачунарске опреме", false}, {"Безбедносна провера система", false},
		{"Развој софтвера по мери", false}, {"Опоравак података", false}, {"Замена рачунара", false},
		{"Уградња видео надзора", false}},
	Notes: []string{"Обично плаћа крајем месеца", "Више воли телефонски позив", "Дугогодишњи купац", "Рачуне слати рачуноводству",
		"Тражи оверену копију рачуна", "Затворено током августа"},
	Reasons: []string{"Опрема оштећена при испоруци", "Радови нису завршени према уговору", "Купац тврди да је рачун већ плаћен",
		"Оспорен број обрачунатих сати", "Погрешан обрачун ПДВ-а", "Кашњење интервенције", "Недостаје наруџбеница"},
	Outcomes: []string{"Одобрено делимично књижно одобрење", "Рекламација одбијена, рачун остаје", "Постигнут договор са купцем"},
	Promise:  [3]string{"Плаћање обећано телефоном", "Купац најавио уплату имејлом", "Плаћање обећано писмом"},
	Consent:  [3]string{"Сагласност дата телефоном", "Попуњен онлајн формулар", "Потписан повратни листић"},
	Domain:   "example.rs", Accounts: "racunovodstvo",
}
