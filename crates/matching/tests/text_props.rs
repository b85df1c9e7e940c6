//! Property tests for `text::prepare` and the token keys: never panic, output shape, idempotence.

use denylist_matching::text::{
    classify, legal_forms, nickname_groups, number_word, phonetic_keys, prepare, skeleton,
    translit_key, vessel_prefix_len, MAX_OUTPUT_BYTES,
};
use proptest::prelude::*;

fn well_formed(s: &str) -> bool {
    !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        && s.len() <= MAX_OUTPUT_BYTES
}

/// Strings mixing scripts, marks, invisible characters, punctuation and digits.
fn name_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Vladimir",
        "Путин",
        "Зеленський",
        "محمد",
        "خامنه\u{200c}ای",
        "عبدالرحمن",
        "משה",
        "金正恩",
        "김정은",
        "プーチン",
        "ｶﾞ",
        "Αλέξης",
        "სააკაშვილი",
        "Հայաստան",
        "สมชาย",
        "नरेन्द्र",
        "O'Brien",
        "al-Zawahiri",
        "J.R.R.",
        "M/V",
        "Ig0r",
        "Sech1n",
        "Müller",
        "Straße",
        "İlham",
        "Əliyev",
        "\u{200b}",
        "\u{feff}",
        "\u{00ad}",
        "\u{202e}",
        "\u{0301}",
        "\u{0308}",
        "\u{3099}",
        "\u{a0}",
        "\t",
        "\n",
        " ",
        "-",
        ".",
        ",",
        "'",
        "@",
        "$",
        "1st",
        "737",
        "ООО",
        "S.A.",
        "Co.",
        "\u{0}",
        "\u{7f}",
        "😀",
        "ﬁ",
        "Ⅻ",
        "①",
        "Ｃｏ",
        "ŉ",
        "ǅ",
        "ﷺ",
        "ـ",
        "ّ",
        "َ",
        "ー",
        "っ",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn prepare_never_panics_and_is_well_formed(s in any::<String>()) {
        let p = prepare(&s);
        prop_assert!(well_formed(&p.normalized), "{:?}", p.normalized);
        for v in &p.variants {
            prop_assert!(well_formed(v), "{:?}", v);
            prop_assert!(v != &p.normalized);
        }
    }

    #[test]
    fn prepare_is_idempotent(s in any::<String>()) {
        let once = prepare(&s).normalized;
        let twice = prepare(&once);
        prop_assert_eq!(&twice.normalized, &once);
        prop_assert!(twice.variants.is_empty() || twice.variants.iter().all(|v| v != &once));
    }

    #[test]
    fn prepare_name_like_mixtures(s in name_like()) {
        let p = prepare(&s);
        prop_assert!(well_formed(&p.normalized), "{:?}", p.normalized);
        prop_assert_eq!(prepare(&p.normalized).normalized, p.normalized.clone());
        for v in &p.variants {
            prop_assert!(well_formed(v));
        }
        let toks: Vec<&str> = p.tokens().collect();
        let _ = legal_forms(&toks);
        let _ = vessel_prefix_len(&toks);
        for t in toks {
            let _ = (classify(t), number_word(t), nickname_groups(t), phonetic_keys(t));
            let k = translit_key(t);
            prop_assert!(k.bytes().all(|b| b.is_ascii_alphanumeric()));
            let sk = skeleton(t);
            prop_assert!(sk.len() <= t.len() + 1);
        }
    }

    #[test]
    fn keys_never_panic_on_any_token(s in any::<String>()) {
        let _ = (translit_key(&s), skeleton(&s), phonetic_keys(&s), classify(&s), number_word(&s), nickname_groups(&s));
        let toks: Vec<&str> = s.split(' ').collect();
        let _ = legal_forms(&toks);
        let _ = vessel_prefix_len(&toks);
    }
}

#[test]
fn huge_and_hostile_inputs_are_bounded() {
    for s in [
        "a".repeat(10_000),
        "ab ".repeat(4_000),
        "\u{200b}".repeat(10_000),
        "\u{0301}".repeat(10_000),
        "金".repeat(10_000),
        "محمد ".repeat(2_000),
        "Ⅻ".repeat(10_000),
        (0u32..10_000)
            .filter_map(char::from_u32)
            .collect::<String>(),
        "\u{0}\u{1}\u{2}\u{1b}[31m".repeat(1_000),
    ] {
        let p = prepare(&s);
        assert!(well_formed(&p.normalized));
        assert_eq!(prepare(&p.normalized).normalized, p.normalized);
    }
    assert!(prepare(&"a".repeat(10_000)).truncated);
}
