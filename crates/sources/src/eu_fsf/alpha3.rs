//! ISO 3166-1 alpha-3 codes (`IRQ`), as the legacy EU files write
//! countries, mapped to alpha-2 (`IQ`). Historical codes (`YUG`) keep their
//! historical alpha-2 (`YU`).

use denylist_model::CountryCode;

/// The alpha-2 code of an alpha-3 code (case-insensitive).
pub(crate) fn alpha3_to_country(code: &str) -> Option<CountryCode> {
    let code = code.trim().to_ascii_uppercase();
    ALPHA3
        .binary_search_by(|(a3, _)| (*a3).cmp(code.as_str()))
        .ok()
        .and_then(|i| CountryCode::new(ALPHA3[i].1).ok())
}

/// (alpha-3, alpha-2), sorted by alpha-3 (from the iso-codes tables).
#[rustfmt::skip]
static ALPHA3: &[(&str, &str)] = &[
    ("ABW", "AW"), ("AFG", "AF"), ("AGO", "AO"), ("AIA", "AI"), ("ALA", "AX"), ("ALB", "AL"),
    ("AND", "AD"), ("ANT", "AN"), ("ARE", "AE"), ("ARG", "AR"), ("ARM", "AM"), ("ASM", "AS"),
    ("ATA", "AQ"), ("ATF", "TF"), ("ATG", "AG"), ("AUS", "AU"), ("AUT", "AT"), ("AZE", "AZ"),
    ("BDI", "BI"), ("BEL", "BE"), ("BEN", "BJ"), ("BES", "BQ"), ("BFA", "BF"), ("BGD", "BD"),
    ("BGR", "BG"), ("BHR", "BH"), ("BHS", "BS"), ("BIH", "BA"), ("BLM", "BL"), ("BLR", "BY"),
    ("BLZ", "BZ"), ("BMU", "BM"), ("BOL", "BO"), ("BRA", "BR"), ("BRB", "BB"), ("BRN", "BN"),
    ("BTN", "BT"), ("BVT", "BV"), ("BWA", "BW"), ("CAF", "CF"), ("CAN", "CA"), ("CCK", "CC"),
    ("CHE", "CH"), ("CHL", "CL"), ("CHN", "CN"), ("CIV", "CI"), ("CMR", "CM"), ("COD", "CD"),
    ("COG", "CG"), ("COK", "CK"), ("COL", "CO"), ("COM", "KM"), ("CPV", "CV"), ("CRI", "CR"),
    ("CUB", "CU"), ("CUW", "CW"), ("CXR", "CX"), ("CYM", "KY"), ("CYP", "CY"), ("CZE", "CZ"),
    ("DDR", "DD"), ("DEU", "DE"), ("DJI", "DJ"), ("DMA", "DM"), ("DNK", "DK"), ("DOM", "DO"),
    ("DZA", "DZ"), ("ECU", "EC"), ("EGY", "EG"), ("ERI", "ER"), ("ESH", "EH"), ("ESP", "ES"),
    ("EST", "EE"), ("ETH", "ET"), ("FIN", "FI"), ("FJI", "FJ"), ("FLK", "FK"), ("FRA", "FR"),
    ("FRO", "FO"), ("FSM", "FM"), ("GAB", "GA"), ("GBR", "GB"), ("GEO", "GE"), ("GGY", "GG"),
    ("GHA", "GH"), ("GIB", "GI"), ("GIN", "GN"), ("GLP", "GP"), ("GMB", "GM"), ("GNB", "GW"),
    ("GNQ", "GQ"), ("GRC", "GR"), ("GRD", "GD"), ("GRL", "GL"), ("GTM", "GT"), ("GUF", "GF"),
    ("GUM", "GU"), ("GUY", "GY"), ("HKG", "HK"), ("HMD", "HM"), ("HND", "HN"), ("HRV", "HR"),
    ("HTI", "HT"), ("HUN", "HU"), ("IDN", "ID"), ("IMN", "IM"), ("IND", "IN"), ("IOT", "IO"),
    ("IRL", "IE"), ("IRN", "IR"), ("IRQ", "IQ"), ("ISL", "IS"), ("ISR", "IL"), ("ITA", "IT"),
    ("JAM", "JM"), ("JEY", "JE"), ("JOR", "JO"), ("JPN", "JP"), ("KAZ", "KZ"), ("KEN", "KE"),
    ("KGZ", "KG"), ("KHM", "KH"), ("KIR", "KI"), ("KNA", "KN"), ("KOR", "KR"), ("KWT", "KW"),
    ("LAO", "LA"), ("LBN", "LB"), ("LBR", "LR"), ("LBY", "LY"), ("LCA", "LC"), ("LIE", "LI"),
    ("LKA", "LK"), ("LSO", "LS"), ("LTU", "LT"), ("LUX", "LU"), ("LVA", "LV"), ("MAC", "MO"),
    ("MAF", "MF"), ("MAR", "MA"), ("MCO", "MC"), ("MDA", "MD"), ("MDG", "MG"), ("MDV", "MV"),
    ("MEX", "MX"), ("MHL", "MH"), ("MKD", "MK"), ("MLI", "ML"), ("MLT", "MT"), ("MMR", "MM"),
    ("MNE", "ME"), ("MNG", "MN"), ("MNP", "MP"), ("MOZ", "MZ"), ("MRT", "MR"), ("MSR", "MS"),
    ("MTQ", "MQ"), ("MUS", "MU"), ("MWI", "MW"), ("MYS", "MY"), ("MYT", "YT"), ("NAM", "NA"),
    ("NCL", "NC"), ("NER", "NE"), ("NFK", "NF"), ("NGA", "NG"), ("NIC", "NI"), ("NIU", "NU"),
    ("NLD", "NL"), ("NOR", "NO"), ("NPL", "NP"), ("NRU", "NR"), ("NZL", "NZ"), ("OMN", "OM"),
    ("PAK", "PK"), ("PAN", "PA"), ("PCN", "PN"), ("PER", "PE"), ("PHL", "PH"), ("PLW", "PW"),
    ("PNG", "PG"), ("POL", "PL"), ("PRI", "PR"), ("PRK", "KP"), ("PRT", "PT"), ("PRY", "PY"),
    ("PSE", "PS"), ("PYF", "PF"), ("QAT", "QA"), ("REU", "RE"), ("ROU", "RO"), ("RUS", "RU"),
    ("RWA", "RW"), ("SAU", "SA"), ("SCG", "CS"), ("SDN", "SD"), ("SEN", "SN"), ("SGP", "SG"),
    ("SGS", "GS"), ("SHN", "SH"), ("SJM", "SJ"), ("SLB", "SB"), ("SLE", "SL"), ("SLV", "SV"),
    ("SMR", "SM"), ("SOM", "SO"), ("SPM", "PM"), ("SRB", "RS"), ("SSD", "SS"), ("STP", "ST"),
    ("SUN", "SU"), ("SUR", "SR"), ("SVK", "SK"), ("SVN", "SI"), ("SWE", "SE"), ("SWZ", "SZ"),
    ("SXM", "SX"), ("SYC", "SC"), ("SYR", "SY"), ("TCA", "TC"), ("TCD", "TD"), ("TGO", "TG"),
    ("THA", "TH"), ("TJK", "TJ"), ("TKL", "TK"), ("TKM", "TM"), ("TLS", "TL"), ("TMP", "TP"),
    ("TON", "TO"), ("TTO", "TT"), ("TUN", "TN"), ("TUR", "TR"), ("TUV", "TV"), ("TWN", "TW"),
    ("TZA", "TZ"), ("UGA", "UG"), ("UKR", "UA"), ("UMI", "UM"), ("URY", "UY"), ("USA", "US"),
    ("UZB", "UZ"), ("VAT", "VA"), ("VCT", "VC"), ("VEN", "VE"), ("VGB", "VG"), ("VIR", "VI"),
    ("VNM", "VN"), ("VUT", "VU"), ("WLF", "WF"), ("WSM", "WS"), ("XKS", "XK"), ("XKX", "XK"),
    ("YEM", "YE"), ("YUG", "YU"), ("ZAF", "ZA"), ("ZAR", "ZR"), ("ZMB", "ZM"), ("ZWE", "ZW"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha3_maps_to_alpha2() {
        assert_eq!(alpha3_to_country("IRQ").unwrap().as_str(), "IQ");
        assert_eq!(alpha3_to_country("afg").unwrap().as_str(), "AF");
        assert_eq!(alpha3_to_country("YUG").unwrap().as_str(), "YU");
        assert!(alpha3_to_country("XXX").is_none());
        assert!(ALPHA3.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
