//! OFAC's vocabulary, shared by every OFAC format: ID-document and feature
//! labels (`Passport`, `Tax ID No.`, `Digital Currency Address - XBT`),
//! relation types and entry types.

use denylist_model::{IdentifierKind, RelationKind, Schema};

use IdentifierKind::*;

/// The label that starts every digital currency address, followed by the
/// currency code (`Digital Currency Address - XBT`).
pub(crate) const CRYPTO_PREFIX: &str = "Digital Currency Address - ";

/// Every OFAC ID-document type and identifier-like feature, verbatim, with
/// its kind. Remarks are matched against it by longest prefix.
pub(crate) static ID_LABELS: &[(&str, IdentifierKind)] = &[
    // Passports and travel documents.
    ("Passport", Passport),
    ("Diplomatic Passport", Passport),
    ("British National Overseas Passport", Passport),
    ("Stateless Person Passport", Passport),
    ("Travel Document Number", Passport),
    ("Seafarer's Identification Document", Other),
    // Identity documents.
    ("National ID No.", NationalId),
    ("Cedula No.", NationalId),
    ("D.N.I.", NationalId),
    ("C.U.R.P.", NationalId),
    ("CURP #", NationalId),
    ("SSN", NationalId),
    ("Bosnian Personal ID No.", NationalId),
    ("Kenyan ID No.", NationalId),
    ("Moroccan Personal ID No.", NationalId),
    ("Personal ID Card", NationalId),
    ("Federal ID Card", NationalId),
    ("CNP (Personal Numerical Code)", NationalId),
    ("Turkish Identification Number", NationalId),
    ("Stateless Person ID Card", NationalId),
    ("Refugee ID Card", NationalId),
    ("Numero de Identidad", NationalId),
    ("Tarjeta de Identidad", NationalId),
    ("Tazkira National ID Card", NationalId),
    ("Citizen's Card Number", NationalId),
    ("UAE Identification", NationalId),
    ("Credencial electoral", NationalId),
    ("Electoral Registry No.", NationalId),
    ("I.F.E.", NationalId),
    ("National Foreign ID Number", NationalId),
    ("N.I.E.", NationalId),
    ("C.I.N.", NationalId),
    ("Romanian Permanent Resident", NationalId),
    ("Public Security and Immigration No.", NationalId),
    ("Residency Number", NationalId),
    ("Identification Number", Other),
    ("Immigration No.", Other),
    ("Birth Certificate Number", Other),
    ("Military Registration Number", Other),
    ("Cartilla de Servicio Militar Nacional", Other),
    ("C.U.I.P.", Other),
    ("VisaNumberID", Other),
    ("Pilot License Number", Other),
    ("Driver's License No.", DriversLicense),
    ("Driver's License", DriversLicense),
    // Tax numbers.
    ("Tax ID No.", TaxId),
    ("R.F.C.", TaxId),
    ("RFC", TaxId),
    ("NIT #", TaxId),
    ("US FEIN", TaxId),
    ("RUC #", TaxId),
    ("C.I.F.", TaxId),
    ("RIF #", TaxId),
    ("V.A.T. Number", TaxId),
    ("Italian Fiscal Code", TaxId),
    ("Fiscal Code", TaxId),
    ("C.U.I.T.", TaxId),
    ("Paraguayan tax identification number", TaxId),
    ("Numero Unico de Identificacao Tributaria (NUIT)", TaxId),
    ("Romanian Tax Registration", TaxId),
    ("N.I.F.", TaxId),
    ("RTN", TaxId),
    ("RSIN", TaxId),
    ("C.U.I.", TaxId),
    ("Global Intermediary Identification Number", TaxId),
    // Company and other registrations.
    ("Registration Number", Registration),
    ("Registration ID", Registration),
    ("Business Registration Document #", Registration),
    ("Business Registration Number", Registration),
    ("Business Number", Registration),
    ("Company Number", Registration),
    ("UK Company Number", Registration),
    ("C.R. No.", Registration),
    ("Commercial Registry Number", Registration),
    ("Certificate of Incorporation Number", Registration),
    ("Registration Certificate Number (Dubai)", Registration),
    ("Matricula Mercantil No", Registration),
    ("Folio Mercantil No.", Registration),
    ("Romanian C.R.", Registration),
    ("Istanbul Chamber of Comm. No.", Registration),
    ("Chamber of Commerce Number", Registration),
    ("Dubai Chamber of Commerce Membership No.", Registration),
    ("Trade License No.", Registration),
    ("Tourism License No.", Registration),
    ("Public Registration Number", Registration),
    ("Government Gazette Number", Registration),
    ("Registered Charity No.", Registration),
    ("LE Number", Registration),
    ("Enterprise Number", Registration),
    ("Organization Code", Registration),
    ("Unified Social Credit Code (USCC)", Registration),
    (
        "United Social Credit Code Certificate (USCCC)",
        Registration,
    ),
    ("Central Registration System Number", Registration),
    ("MSB Registration Number", Registration),
    ("Branch Unit Number", Registration),
    ("Afghan Money Service Provider License Number", Registration),
    ("D-U-N-S Number", Registration),
    ("Economic Register Number (CBLS)", Registration),
    (
        "Russian State Individual Business Registration Number Pattern (OGRNIP)",
        Registration,
    ),
    ("File Number", Other),
    ("License", Other),
    ("Permit Number", Other),
    ("SRE Permit No.", Other),
    ("Trademark number", Other),
    ("Serial No.", Other),
    ("Chinese Commercial Code", Other),
    ("Legal Entity Number", Lei),
    ("LEI", Lei),
    ("SWIFT/BIC", SwiftBic),
    ("BIK (RU)", Other),
    // Vessels and aircraft.
    ("Vessel Registration Identification", Imo),
    ("IMO", Imo),
    ("MMSI", Mmsi),
    ("Call Sign", CallSign),
    ("Aircraft Tail Number", AircraftTail),
    ("Previous Aircraft Tail Number", AircraftTail),
    (
        "Aircraft Manufacturer's Serial Number (MSN)",
        AircraftSerial,
    ),
    ("Aircraft Serial Identification", AircraftSerial),
    (
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        Other,
    ),
    ("Aircraft Mode S Transponder Code", Other),
    // Contact details.
    ("Email Address", Email),
    ("Email", Email),
    ("Email:", Email),
    ("Website", Website),
    ("Website:", Website),
    ("Phone Number", Phone),
    ("Telephone", Phone),
    ("Telephone:", Phone),
    ("Telephone No.", Phone),
    ("Fax", Phone),
    ("Fax:", Phone),
    ("Fax No.", Phone),
    ("PHONE", Phone),
    ("FAX", Phone),
    ("TELEX", Phone),
];

/// Maps an OFAC ID-document type or feature label to an identifier kind.
///
/// Exact labels are matched case-insensitively (a trailing `:` is ignored);
/// other labels fall back on their wording (`… Passport`, `… Tax …`).
/// Returns `None` for labels that are facts rather than identifiers
/// (`Gender`, `DOB`, `Target Type`, `Secondary sanctions risk:`).
// Shared with the XML formats, which map `idType` labels with it.
#[allow(dead_code)]
pub(crate) fn identifier_kind(label: &str) -> Option<IdentifierKind> {
    let label = label.trim();
    if label.is_empty() {
        return None;
    }
    let bare = label.trim_end_matches(':').trim_end();
    if let Some((_, kind)) = ID_LABELS
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(label) || l.eq_ignore_ascii_case(bare))
    {
        return Some(*kind);
    }
    if starts_with_ignore_case(label, CRYPTO_PREFIX.trim_end())
        || starts_with_ignore_case(label, "Digital Currency Address")
    {
        return Some(CryptoAddress);
    }
    let l = label.to_ascii_lowercase();
    let has = |w: &str| l.contains(w);
    if has("passport") {
        Some(Passport)
    } else if has("tax") || has("fiscal") || has("v.a.t") || has("vat number") {
        Some(TaxId)
    } else if has("national id") || has("identity card") || has("id card") || has("identidad") {
        Some(NationalId)
    } else if has("registration number") || has("registry") || has("company number") {
        Some(Registration)
    } else if has("driver") {
        Some(DriversLicense)
    } else if has("e-mail") || has("email") {
        Some(Email)
    } else if has("telephone") || has("phone") || l.starts_with("fax") {
        Some(Phone)
    } else {
        None
    }
}

/// The longest [`ID_LABELS`] entry (or digital currency label) that starts
/// `item` and is followed by a space: `(label, kind, rest after the label)`.
/// `Registration Number HRA 738077` gives `("Registration Number", …, "HRA
/// 738077")`; `Digital Currency Address - XBT 1Ab…` gives the whole
/// `Digital Currency Address - XBT` as label.
pub(crate) fn match_id_label(item: &str) -> Option<(&str, IdentifierKind, &str)> {
    if let Some(rest) = item.strip_prefix(CRYPTO_PREFIX) {
        let cur_len = rest.find(' ')?;
        let label_len = CRYPTO_PREFIX.len() + cur_len;
        let value = item[label_len..].trim();
        if value.is_empty() {
            return None;
        }
        return Some((&item[..label_len], CryptoAddress, value));
    }
    let mut best: Option<(&str, IdentifierKind)> = None;
    for (label, kind) in ID_LABELS {
        if item.len() > label.len()
            && item.starts_with(label)
            && item.as_bytes()[label.len()] == b' '
            && best.is_none_or(|(b, _)| label.len() > b.len())
        {
            best = Some((label, *kind));
        }
    }
    let (label, kind) = best?;
    let value = item[label.len()..].trim();
    if value.is_empty() {
        return None;
    }
    Some((&item[..label.len()], kind, value))
}

/// The currency code of a digital currency label
/// (`Digital Currency Address - XBT` gives `XBT`).
pub(crate) fn crypto_currency(label: &str) -> Option<&str> {
    let cur = label.strip_prefix(CRYPTO_PREFIX)?.trim();
    (!cur.is_empty()).then_some(cur)
}

/// Maps an OFAC relationship type (advanced and enhanced XML) to a
/// [`RelationKind`]; unknown labels become [`RelationKind::Other`].
pub(crate) fn relation_kind(label: &str) -> RelationKind {
    let l = label.trim().trim_end_matches(':').trim();
    match l.to_ascii_lowercase().as_str() {
        "linked to" => RelationKind::LinkedTo,
        "owned or controlled by" => RelationKind::OwnedOrControlledBy,
        "owns, controls, or operates" | "owns, controls or operates" => RelationKind::Owns,
        "associate of" => RelationKind::AssociateOf,
        "leader or official of" => RelationKind::LeaderOf,
        "principal executive officer" => RelationKind::ExecutiveOf,
        "family member of" => RelationKind::FamilyMemberOf,
        "acting for or on behalf of" => RelationKind::ActingFor,
        "providing support to" => RelationKind::SupportOf,
        "playing a significant role in" => RelationKind::SignificantRoleIn,
        "property in the interest of" => RelationKind::PropertyOf,
        _ => RelationKind::Other(l.to_string()),
    }
}

/// Maps an OFAC entry type to a schema: `individual`, `entity` (or the CSV's
/// empty `-0- `), `vessel`, `aircraft`, case-insensitively.
pub(crate) fn schema(word: &str) -> Option<Schema> {
    let w = word.trim();
    if w.is_empty() || w == "-0-" {
        return Some(Schema::Organization);
    }
    match w.to_ascii_lowercase().as_str() {
        "individual" => Some(Schema::Person),
        "entity" => Some(Schema::Organization),
        "vessel" => Some(Schema::Vessel),
        "aircraft" => Some(Schema::Aircraft),
        _ => None,
    }
}

#[allow(dead_code)]
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_labels_map_to_kinds() {
        assert_eq!(identifier_kind("Passport"), Some(Passport));
        assert_eq!(identifier_kind("National ID No."), Some(NationalId));
        assert_eq!(identifier_kind("Tax ID No."), Some(TaxId));
        assert_eq!(identifier_kind("NIT #"), Some(TaxId));
        assert_eq!(identifier_kind("C.U.R.P."), Some(NationalId));
        assert_eq!(identifier_kind("MMSI"), Some(Mmsi));
        assert_eq!(
            identifier_kind("Vessel Registration Identification"),
            Some(Imo)
        );
        assert_eq!(
            identifier_kind("Aircraft Manufacturer's Serial Number (MSN)"),
            Some(AircraftSerial)
        );
        assert_eq!(identifier_kind("Aircraft Tail Number"), Some(AircraftTail));
        assert_eq!(identifier_kind("SWIFT/BIC"), Some(SwiftBic));
        assert_eq!(identifier_kind("Legal Entity Number"), Some(Lei));
        assert_eq!(
            identifier_kind("Digital Currency Address - XBT"),
            Some(CryptoAddress)
        );
        assert_eq!(identifier_kind("Telephone:"), Some(Phone));
        assert_eq!(identifier_kind("Fax:"), Some(Phone));
        assert_eq!(identifier_kind("Email Address"), Some(Email));
        assert_eq!(
            identifier_kind("Driver's License No."),
            Some(DriversLicense)
        );
        assert_eq!(identifier_kind("passport"), Some(Passport));
        assert_eq!(identifier_kind("Irish Passport"), Some(Passport));
    }

    #[test]
    fn fact_labels_are_not_identifiers() {
        for l in [
            "Gender",
            "DOB",
            "Target Type",
            "Secondary sanctions risk:",
            "Organization Established Date",
            "Additional Sanctions Information -",
            "",
        ] {
            assert_eq!(identifier_kind(l), None, "{l:?}");
        }
    }

    #[test]
    fn longest_label_wins() {
        let (l, k, v) = match_id_label("Registration Number HRA 738077 (Stuttgart)").unwrap();
        assert_eq!(
            (l, k, v),
            (
                "Registration Number",
                Registration,
                "HRA 738077 (Stuttgart)"
            )
        );
        let (l, k, _) = match_id_label("Business Registration Number 123").unwrap();
        assert_eq!((l, k), ("Business Registration Number", Registration));
        let (l, k, _) = match_id_label("Diplomatic Passport D123").unwrap();
        assert_eq!((l, k), ("Diplomatic Passport", Passport));
        let (l, _, v) = match_id_label("Fax: 123").unwrap();
        assert_eq!((l, v), ("Fax:", "123"));
        assert!(match_id_label("Passport").is_none());
        assert!(match_id_label("Passports are issued").is_none());
    }

    #[test]
    fn digital_currency_label_keeps_the_currency() {
        let (l, k, v) =
            match_id_label("Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h")
                .unwrap();
        assert_eq!(l, "Digital Currency Address - XBT");
        assert_eq!(k, CryptoAddress);
        assert_eq!(v, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h");
        assert_eq!(crypto_currency(l), Some("XBT"));
    }

    #[test]
    fn relation_and_schema_words() {
        assert_eq!(relation_kind("Linked To:"), RelationKind::LinkedTo);
        assert_eq!(
            relation_kind("Owned or Controlled By"),
            RelationKind::OwnedOrControlledBy
        );
        assert_eq!(
            relation_kind("Cousin of"),
            RelationKind::Other("Cousin of".into())
        );
        assert_eq!(schema("individual"), Some(Schema::Person));
        assert_eq!(schema("-0- "), Some(Schema::Organization));
        assert_eq!(schema("Entity"), Some(Schema::Organization));
        assert_eq!(schema("Vessel"), Some(Schema::Vessel));
        assert_eq!(schema("Aircraft"), Some(Schema::Aircraft));
        assert_eq!(schema("spaceship"), None);
    }
}
