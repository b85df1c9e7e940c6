//! ISO 3166-1 alpha-2 country codes and the country names lists use.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::ModelError;

/// An ISO 3166-1 alpha-2 code (`IL`, `RU`), or a user-assigned code the
/// lists need (`XK` Kosovo). Historical codes (`SU`, `YU`, `CS`, `DD`) are
/// kept as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Checks and wraps a two-letter code (case-insensitive).
    pub fn new(code: &str) -> Result<Self, ModelError> {
        let b = code.trim().as_bytes();
        if b.len() == 2 && b.iter().all(|c| c.is_ascii_alphabetic()) {
            Ok(CountryCode([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
            ]))
        } else {
            Err(ModelError::InvalidCountryCode(code.to_string()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English short name, if the code is known.
    pub fn name(&self) -> Option<&'static str> {
        COUNTRIES
            .iter()
            .find(|(code, _)| *code == self.as_str())
            .map(|(_, names)| names[0])
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountryCode::new(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        CountryCode::new(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Maps a country name, demonym or code as lists write it ("Korea, North",
/// "Burma", "Russian Federation", "Iranian", "IR") to its code.
/// Case, accents, punctuation and a leading "the" are ignored.
/// Returns `None` for names that are not countries ("Undetermined").
pub fn country_code(name: &str) -> Option<CountryCode> {
    let key = lookup_key(name);
    if key.is_empty() {
        return None;
    }
    lookup_table().get(&key).copied()
}

/// Every spelling and every code, by lookup key; built once.
fn lookup_table() -> &'static HashMap<String, CountryCode> {
    static TABLE: OnceLock<HashMap<String, CountryCode>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::with_capacity(COUNTRIES.len() * 4);
        for (code, _) in COUNTRIES {
            if let Ok(cc) = CountryCode::new(code) {
                map.insert(code.to_ascii_lowercase(), cc);
            }
        }
        for (code, names) in COUNTRIES {
            let Ok(cc) = CountryCode::new(code) else {
                continue;
            };
            for n in names.iter() {
                // Codes win over names; the first country listing a name wins.
                map.entry(lookup_key(n)).or_insert(cc);
            }
        }
        map
    })
}

/// Lower-case words of letters and digits, accents folded, a leading "the"
/// dropped: `the Côte d'Ivoire` gives `cote d ivoire`.
fn lookup_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        if out.is_empty() && w == "the" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().map(fold_accent));
    }
    out
}

/// The base letter of the accented Latin letters country names use.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// (code, names): the first name is the English short name; the others are
/// the spellings and demonyms lists use. Historical codes (`SU`, `YU`, `CS`,
/// `DD`) and `XK` (Kosovo) are included. Where a spelling could mean two
/// countries it is listed under neither (`Korean`, `Congolese`), except
/// `Congo`, which lists use for the Republic of the Congo.
static COUNTRIES: &[(&str, &[&str])] = &[
    ("AD", &["Andorra", "Andorran"]),
    (
        "AE",
        &[
            "United Arab Emirates",
            "UAE",
            "U.A.E.",
            "Emirati",
            "Emirates",
        ],
    ),
    ("AF", &["Afghanistan", "Afghan"]),
    ("AG", &["Antigua and Barbuda", "Antiguan"]),
    ("AI", &["Anguilla"]),
    ("AL", &["Albania", "Albanian"]),
    ("AM", &["Armenia", "Armenian"]),
    ("AO", &["Angola", "Angolan"]),
    ("AQ", &["Antarctica"]),
    ("AR", &["Argentina", "Argentine", "Argentinian"]),
    ("AS", &["American Samoa"]),
    ("AT", &["Austria", "Austrian"]),
    ("AU", &["Australia", "Australian"]),
    ("AW", &["Aruba", "Aruban"]),
    ("AX", &["Aland Islands", "Åland Islands"]),
    ("AZ", &["Azerbaijan", "Azerbaijani", "Azeri"]),
    (
        "BA",
        &[
            "Bosnia and Herzegovina",
            "Bosnia-Herzegovina",
            "Bosnia",
            "Bosnian",
        ],
    ),
    ("BB", &["Barbados", "Barbadian"]),
    ("BD", &["Bangladesh", "Bangladeshi"]),
    ("BE", &["Belgium", "Belgian"]),
    ("BF", &["Burkina Faso", "Burkinabe"]),
    ("BG", &["Bulgaria", "Bulgarian"]),
    ("BH", &["Bahrain", "Bahraini"]),
    ("BI", &["Burundi", "Burundian"]),
    ("BJ", &["Benin", "Beninese"]),
    ("BL", &["Saint Barthelemy", "Saint Barthélemy"]),
    ("BM", &["Bermuda", "Bermudian"]),
    ("BN", &["Brunei", "Brunei Darussalam", "Bruneian"]),
    (
        "BO",
        &["Bolivia", "Bolivia, Plurinational State of", "Bolivian"],
    ),
    (
        "BQ",
        &["Bonaire, Sint Eustatius and Saba", "Caribbean Netherlands"],
    ),
    ("BR", &["Brazil", "Brazilian"]),
    ("BS", &["Bahamas", "Bahamas, The", "Bahamian"]),
    ("BT", &["Bhutan", "Bhutanese"]),
    ("BV", &["Bouvet Island"]),
    ("BW", &["Botswana", "Motswana", "Batswana"]),
    (
        "BY",
        &["Belarus", "Belarusian", "Byelorussia", "Belorussia"],
    ),
    ("BZ", &["Belize", "Belizean"]),
    ("CA", &["Canada", "Canadian"]),
    ("CC", &["Cocos (Keeling) Islands", "Cocos Islands"]),
    (
        "CD",
        &[
            "Congo, Democratic Republic of the",
            "Democratic Republic of the Congo",
            "Democratic Republic of Congo",
            "Congo (Kinshasa)",
            "Congo-Kinshasa",
            "DR Congo",
            "DRC",
            "Zaire",
        ],
    ),
    ("CF", &["Central African Republic", "Central African"]),
    (
        "CG",
        &[
            "Congo",
            "Republic of the Congo",
            "Congo, Republic of the",
            "Congo (Brazzaville)",
            "Congo-Brazzaville",
        ],
    ),
    ("CH", &["Switzerland", "Swiss"]),
    (
        "CI",
        &["Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast", "Ivorian"],
    ),
    ("CK", &["Cook Islands"]),
    ("CL", &["Chile", "Chilean"]),
    ("CM", &["Cameroon", "Cameroonian"]),
    (
        "CN",
        &["China", "People's Republic of China", "PRC", "Chinese"],
    ),
    ("CO", &["Colombia", "Colombian"]),
    ("CR", &["Costa Rica", "Costa Rican"]),
    ("CU", &["Cuba", "Cuban"]),
    ("CV", &["Cabo Verde", "Cape Verde", "Cape Verdean"]),
    ("CW", &["Curacao", "Curaçao"]),
    ("CX", &["Christmas Island"]),
    ("CY", &["Cyprus", "Cypriot"]),
    ("CZ", &["Czechia", "Czech Republic", "Czech"]),
    ("DE", &["Germany", "German", "Federal Republic of Germany"]),
    ("DJ", &["Djibouti", "Djiboutian"]),
    ("DK", &["Denmark", "Danish"]),
    ("DM", &["Dominica"]),
    ("DO", &["Dominican Republic", "Dominican"]),
    ("DZ", &["Algeria", "Algerian"]),
    ("EC", &["Ecuador", "Ecuadorian", "Ecuadorean"]),
    ("EE", &["Estonia", "Estonian"]),
    ("EG", &["Egypt", "Egyptian"]),
    ("EH", &["Western Sahara", "Sahrawi"]),
    ("ER", &["Eritrea", "Eritrean"]),
    ("ES", &["Spain", "Spanish"]),
    ("ET", &["Ethiopia", "Ethiopian"]),
    ("FI", &["Finland", "Finnish"]),
    ("FJ", &["Fiji", "Fijian"]),
    ("FK", &["Falkland Islands", "Falkland Islands (Malvinas)"]),
    (
        "FM",
        &[
            "Micronesia",
            "Micronesia, Federated States of",
            "Micronesian",
        ],
    ),
    ("FO", &["Faroe Islands"]),
    ("FR", &["France", "French"]),
    ("GA", &["Gabon", "Gabonese"]),
    (
        "GB",
        &[
            "United Kingdom",
            "UK",
            "U.K.",
            "Great Britain",
            "Britain",
            "United Kingdom of Great Britain and Northern Ireland",
            "British",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    ("GD", &["Grenada", "Grenadian"]),
    ("GE", &["Georgia", "Georgian"]),
    ("GF", &["French Guiana"]),
    ("GG", &["Guernsey"]),
    ("GH", &["Ghana", "Ghanaian"]),
    ("GI", &["Gibraltar"]),
    ("GL", &["Greenland"]),
    ("GM", &["Gambia", "Gambia, The", "Gambian"]),
    ("GN", &["Guinea", "Guinean"]),
    ("GP", &["Guadeloupe"]),
    ("GQ", &["Equatorial Guinea", "Equatoguinean"]),
    ("GR", &["Greece", "Greek"]),
    ("GS", &["South Georgia and the South Sandwich Islands"]),
    ("GT", &["Guatemala", "Guatemalan"]),
    ("GU", &["Guam"]),
    ("GW", &["Guinea-Bissau", "Bissau-Guinean"]),
    ("GY", &["Guyana", "Guyanese"]),
    (
        "HK",
        &[
            "Hong Kong",
            "Hong Kong SAR",
            "Hong Kong, China",
            "China, Hong Kong Special Administrative Region",
            "Hong Kong Special Administrative Region",
        ],
    ),
    ("HM", &["Heard Island and McDonald Islands"]),
    ("HN", &["Honduras", "Honduran"]),
    ("HR", &["Croatia", "Croatian"]),
    ("HT", &["Haiti", "Haitian"]),
    ("HU", &["Hungary", "Hungarian"]),
    ("ID", &["Indonesia", "Indonesian"]),
    ("IE", &["Ireland", "Irish"]),
    ("IL", &["Israel", "Israeli"]),
    ("IM", &["Isle of Man", "Manx"]),
    ("IN", &["India", "Indian"]),
    ("IO", &["British Indian Ocean Territory"]),
    ("IQ", &["Iraq", "Iraqi"]),
    (
        "IR",
        &[
            "Iran",
            "Iran, Islamic Republic of",
            "Islamic Republic of Iran",
            "Persia",
            "Iranian",
        ],
    ),
    ("IS", &["Iceland", "Icelandic"]),
    ("IT", &["Italy", "Italian"]),
    ("JE", &["Jersey"]),
    ("JM", &["Jamaica", "Jamaican"]),
    ("JO", &["Jordan", "Jordanian"]),
    ("JP", &["Japan", "Japanese"]),
    ("KE", &["Kenya", "Kenyan"]),
    (
        "KG",
        &["Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz", "Kirghizia"],
    ),
    ("KH", &["Cambodia", "Cambodian", "Kampuchea"]),
    ("KI", &["Kiribati"]),
    ("KM", &["Comoros", "Comoran", "Comorian"]),
    (
        "KN",
        &["Saint Kitts and Nevis", "St. Kitts and Nevis", "Kittitian"],
    ),
    (
        "KP",
        &[
            "Korea, North",
            "North Korea",
            "Korea, Democratic People's Republic of",
            "Democratic People's Republic of Korea",
            "DPRK",
            "North Korean",
        ],
    ),
    (
        "KR",
        &[
            "Korea, South",
            "South Korea",
            "Korea, Republic of",
            "Republic of Korea",
            "South Korean",
        ],
    ),
    ("KW", &["Kuwait", "Kuwaiti"]),
    ("KY", &["Cayman Islands", "Caymanian"]),
    ("KZ", &["Kazakhstan", "Kazakh", "Kazakhstani"]),
    (
        "LA",
        &[
            "Laos",
            "Lao People's Democratic Republic",
            "Lao PDR",
            "Lao",
            "Laotian",
        ],
    ),
    ("LB", &["Lebanon", "Lebanese"]),
    ("LC", &["Saint Lucia", "St. Lucia", "Saint Lucian"]),
    ("LI", &["Liechtenstein"]),
    ("LK", &["Sri Lanka", "Sri Lankan", "Ceylon"]),
    ("LR", &["Liberia", "Liberian"]),
    ("LS", &["Lesotho", "Basotho"]),
    ("LT", &["Lithuania", "Lithuanian"]),
    ("LU", &["Luxembourg", "Luxembourgish", "Luxembourger"]),
    ("LV", &["Latvia", "Latvian"]),
    ("LY", &["Libya", "Libyan", "Libyan Arab Jamahiriya"]),
    ("MA", &["Morocco", "Moroccan"]),
    ("MC", &["Monaco", "Monegasque"]),
    (
        "MD",
        &[
            "Moldova",
            "Moldova, Republic of",
            "Republic of Moldova",
            "Moldovan",
        ],
    ),
    ("ME", &["Montenegro", "Montenegrin"]),
    ("MF", &["Saint Martin", "Saint Martin (French part)"]),
    ("MG", &["Madagascar", "Malagasy"]),
    ("MH", &["Marshall Islands", "Marshallese"]),
    (
        "MK",
        &[
            "North Macedonia",
            "Macedonia",
            "The former Yugoslav Republic of Macedonia",
            "Macedonia, The Former Yugoslav Republic of",
            "Republic of North Macedonia",
            "Macedonian",
        ],
    ),
    ("ML", &["Mali", "Malian"]),
    ("MM", &["Burma", "Myanmar", "Burmese"]),
    ("MN", &["Mongolia", "Mongolian"]),
    (
        "MO",
        &[
            "Macau",
            "Macao",
            "Macau SAR",
            "Macanese",
            "China, Macao Special Administrative Region",
            "Macao Special Administrative Region",
        ],
    ),
    ("MP", &["Northern Mariana Islands"]),
    ("MQ", &["Martinique"]),
    ("MR", &["Mauritania", "Mauritanian"]),
    ("MS", &["Montserrat"]),
    ("MT", &["Malta", "Maltese"]),
    ("MU", &["Mauritius", "Mauritian"]),
    ("MV", &["Maldives", "Maldivian"]),
    ("MW", &["Malawi", "Malawian"]),
    ("MX", &["Mexico", "Mexican"]),
    ("MY", &["Malaysia", "Malaysian"]),
    ("MZ", &["Mozambique", "Mozambican"]),
    ("NA", &["Namibia", "Namibian"]),
    ("NC", &["New Caledonia"]),
    ("NE", &["Niger", "Nigerien"]),
    ("NF", &["Norfolk Island"]),
    ("NG", &["Nigeria", "Nigerian"]),
    ("NI", &["Nicaragua", "Nicaraguan"]),
    (
        "NL",
        &["Netherlands", "Netherlands, The", "Holland", "Dutch"],
    ),
    ("NO", &["Norway", "Norwegian"]),
    ("NP", &["Nepal", "Nepalese", "Nepali"]),
    ("NR", &["Nauru", "Nauruan"]),
    ("NU", &["Niue"]),
    ("NZ", &["New Zealand", "New Zealander"]),
    ("OM", &["Oman", "Omani"]),
    ("PA", &["Panama", "Panamanian"]),
    ("PE", &["Peru", "Peruvian"]),
    ("PF", &["French Polynesia"]),
    ("PG", &["Papua New Guinea", "Papua New Guinean"]),
    (
        "PH",
        &["Philippines", "Philippines, The", "Filipino", "Philippine"],
    ),
    ("PK", &["Pakistan", "Pakistani"]),
    ("PL", &["Poland", "Polish"]),
    ("PM", &["Saint Pierre and Miquelon"]),
    ("PN", &["Pitcairn", "Pitcairn Islands"]),
    ("PR", &["Puerto Rico", "Puerto Rican"]),
    (
        "PS",
        &[
            "Palestine",
            "Palestine, State of",
            "State of Palestine",
            "Palestinian Territories",
            "Palestinian Territory",
            "Occupied Palestinian Territory",
            "Palestinian",
            "West Bank",
            "Gaza",
            "Gaza Strip",
            "West Bank and Gaza",
        ],
    ),
    ("PT", &["Portugal", "Portuguese"]),
    ("PW", &["Palau", "Palauan"]),
    ("PY", &["Paraguay", "Paraguayan"]),
    ("QA", &["Qatar", "Qatari"]),
    ("RE", &["Reunion", "Réunion"]),
    ("RO", &["Romania", "Romanian"]),
    ("RS", &["Serbia", "Serbian"]),
    ("RU", &["Russia", "Russian Federation", "Russian"]),
    ("RW", &["Rwanda", "Rwandan"]),
    ("SA", &["Saudi Arabia", "Saudi", "Saudi Arabian"]),
    ("SB", &["Solomon Islands"]),
    ("SC", &["Seychelles", "Seychellois"]),
    ("SD", &["Sudan", "Sudanese"]),
    ("SE", &["Sweden", "Swedish"]),
    ("SG", &["Singapore", "Singaporean"]),
    (
        "SH",
        &[
            "Saint Helena",
            "Saint Helena, Ascension and Tristan da Cunha",
        ],
    ),
    ("SI", &["Slovenia", "Slovenian", "Slovene"]),
    ("SJ", &["Svalbard and Jan Mayen"]),
    ("SK", &["Slovakia", "Slovak Republic", "Slovak"]),
    ("SL", &["Sierra Leone", "Sierra Leonean"]),
    ("SM", &["San Marino", "Sammarinese"]),
    ("SN", &["Senegal", "Senegalese"]),
    ("SO", &["Somalia", "Somali"]),
    ("SR", &["Suriname", "Surinamese"]),
    ("SS", &["South Sudan", "South Sudanese"]),
    ("ST", &["Sao Tome and Principe", "São Tomé and Príncipe"]),
    ("SV", &["El Salvador", "Salvadoran"]),
    ("SX", &["Sint Maarten", "Sint Maarten (Dutch part)"]),
    ("SY", &["Syria", "Syrian Arab Republic", "Syrian"]),
    ("SZ", &["Eswatini", "Swaziland", "Swazi"]),
    ("TC", &["Turks and Caicos Islands"]),
    ("TD", &["Chad", "Chadian"]),
    ("TF", &["French Southern Territories"]),
    ("TG", &["Togo", "Togolese"]),
    ("TH", &["Thailand", "Thai"]),
    ("TJ", &["Tajikistan", "Tajik", "Tajikistani"]),
    ("TK", &["Tokelau"]),
    ("TL", &["Timor-Leste", "East Timor", "Timorese"]),
    ("TM", &["Turkmenistan", "Turkmen"]),
    ("TN", &["Tunisia", "Tunisian"]),
    ("TO", &["Tonga", "Tongan"]),
    ("TR", &["Turkey", "Türkiye", "Turkiye", "Turkish"]),
    ("TT", &["Trinidad and Tobago", "Trinidadian"]),
    ("TV", &["Tuvalu", "Tuvaluan"]),
    (
        "TW",
        &[
            "Taiwan",
            "Taiwan, Province of China",
            "Republic of China",
            "Taiwanese",
        ],
    ),
    (
        "TZ",
        &[
            "Tanzania",
            "Tanzania, United Republic of",
            "United Republic of Tanzania",
            "Tanzanian",
        ],
    ),
    ("UA", &["Ukraine", "Ukrainian", "Crimea", "Region: Crimea"]),
    ("UG", &["Uganda", "Ugandan"]),
    ("UM", &["United States Minor Outlying Islands"]),
    (
        "US",
        &[
            "United States",
            "United States of America",
            "USA",
            "U.S.A.",
            "U.S.",
            "America",
            "American",
        ],
    ),
    ("UY", &["Uruguay", "Uruguayan"]),
    ("UZ", &["Uzbekistan", "Uzbek", "Uzbekistani"]),
    ("VA", &["Holy See", "Vatican City", "Vatican"]),
    (
        "VC",
        &[
            "Saint Vincent and the Grenadines",
            "St. Vincent and the Grenadines",
            "Vincentian",
        ],
    ),
    (
        "VE",
        &[
            "Venezuela",
            "Venezuela, Bolivarian Republic of",
            "Bolivarian Republic of Venezuela",
            "Venezuelan",
        ],
    ),
    (
        "VG",
        &["Virgin Islands, British", "British Virgin Islands", "BVI"],
    ),
    (
        "VI",
        &[
            "Virgin Islands, U.S.",
            "U.S. Virgin Islands",
            "US Virgin Islands",
        ],
    ),
    ("VN", &["Vietnam", "Viet Nam", "Vietnamese"]),
    ("VU", &["Vanuatu", "Ni-Vanuatu"]),
    ("WF", &["Wallis and Futuna"]),
    ("WS", &["Samoa", "Samoan"]),
    ("XK", &["Kosovo", "Kosovar"]),
    ("YE", &["Yemen", "Yemeni"]),
    ("YT", &["Mayotte"]),
    ("ZA", &["South Africa", "South African"]),
    ("ZM", &["Zambia", "Zambian"]),
    ("ZW", &["Zimbabwe", "Zimbabwean"]),
    (
        "SU",
        &[
            "Soviet Union",
            "former Soviet Union",
            "USSR",
            "U.S.S.R.",
            "Union of Soviet Socialist Republics",
            "Soviet",
        ],
    ),
    (
        "YU",
        &["Yugoslavia", "Federal Republic of Yugoslavia", "Yugoslav"],
    ),
    ("CS", &["Serbia and Montenegro"]),
    ("DD", &["German Democratic Republic", "East Germany"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> Option<&'static str> {
        country_code(name).map(|c| {
            COUNTRIES
                .iter()
                .find(|(k, _)| *k == c.as_str())
                .map(|(k, _)| *k)
                .unwrap_or("??")
        })
    }

    #[test]
    fn names_map_to_codes() {
        assert_eq!(country_code("Israel").unwrap().as_str(), "IL");
        assert_eq!(
            country_code("the Russian Federation").unwrap().as_str(),
            "RU"
        );
        assert_eq!(country_code("il").unwrap().as_str(), "IL");
        assert!(country_code("Atlantis").is_none());
        assert!(country_code("").is_none());
        assert!(country_code("Undetermined").is_none());
    }

    #[test]
    fn ofac_spellings_map_to_codes() {
        let cases = [
            ("Korea, North", "KP"),
            ("North Korea", "KP"),
            ("Korea, South", "KR"),
            ("Burma", "MM"),
            ("Congo, Democratic Republic of the", "CD"),
            ("Congo", "CG"),
            ("Iran", "IR"),
            ("Syria", "SY"),
            ("Venezuela", "VE"),
            ("Palestinian", "PS"),
            ("West Bank", "PS"),
            ("Kosovo", "XK"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("Turkiye", "TR"),
            ("Czech Republic", "CZ"),
            ("Cote d'Ivoire", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("Ivory Coast", "CI"),
            ("Macau", "MO"),
            ("Hong Kong", "HK"),
            ("Taiwan", "TW"),
            ("Laos", "LA"),
            ("Viet Nam", "VN"),
            ("UK", "GB"),
            ("Great Britain", "GB"),
            ("British", "GB"),
            ("USA", "US"),
            ("United States", "US"),
            ("American", "US"),
            ("UAE", "AE"),
            ("Emirati", "AE"),
            ("Soviet Union", "SU"),
            ("former Soviet Union", "SU"),
            ("China, Hong Kong Special Administrative Region", "HK"),
            ("Yugoslavia", "YU"),
            ("Serbia and Montenegro", "CS"),
            ("Region: Crimea", "UA"),
            ("Bosnia and Herzegovina", "BA"),
            ("Bahamas, The", "BS"),
            ("Gambia, The", "GM"),
            ("Saint Kitts and Nevis", "KN"),
            ("Virgin Islands, British", "VG"),
        ];
        for (name, want) in cases {
            assert_eq!(code(name), Some(want), "{name}");
        }
    }

    #[test]
    fn demonyms_map_to_codes() {
        let cases = [
            ("Afghan", "AF"),
            ("Iraqi", "IQ"),
            ("Iranian", "IR"),
            ("Syrian", "SY"),
            ("Lebanese", "LB"),
            ("Yemeni", "YE"),
            ("Saudi", "SA"),
            ("Pakistani", "PK"),
            ("Indian", "IN"),
            ("Chinese", "CN"),
            ("Russian", "RU"),
            ("Ukrainian", "UA"),
            ("Belarusian", "BY"),
            ("Cuban", "CU"),
            ("Venezuelan", "VE"),
            ("Colombian", "CO"),
            ("Mexican", "MX"),
            ("Nicaraguan", "NI"),
            ("North Korean", "KP"),
            ("Somali", "SO"),
            ("Sudanese", "SD"),
            ("South Sudanese", "SS"),
            ("Libyan", "LY"),
            ("Egyptian", "EG"),
            ("Jordanian", "JO"),
            ("Kuwaiti", "KW"),
            ("Qatari", "QA"),
            ("Bahraini", "BH"),
            ("Turkish", "TR"),
            ("German", "DE"),
            ("French", "FR"),
            ("Spanish", "ES"),
            ("Italian", "IT"),
            ("Maltese", "MT"),
        ];
        for (name, want) in cases {
            assert_eq!(code(name), Some(want), "{name}");
        }
    }

    #[test]
    fn table_is_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for (code, names) in COUNTRIES {
            assert!(CountryCode::new(code).is_ok(), "{code}");
            assert!(seen.insert(*code), "duplicate {code}");
            assert!(!names.is_empty(), "{code} has no name");
            // Every name leads back to its own code.
            assert_eq!(
                country_code(names[0]).map(|c| c.to_string()).as_deref(),
                Some(*code),
                "{}",
                names[0]
            );
        }
        assert!(COUNTRIES.len() >= 249);
        assert_eq!(CountryCode::new("DE").unwrap().name(), Some("Germany"));
        assert_eq!(CountryCode::new("KP").unwrap().name(), Some("Korea, North"));
    }
}
