//! prepare() and the token keys on a mix of list-like names in several scripts.
//! Run: `cargo bench -p denylist-matching --bench normalize`.

// criterion's macros generate undocumented items.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use denylist_matching::text::{legal_forms, phonetic_keys, prepare, skeleton, translit_key};

const NAMES: &[&str] = &[
    "PUTIN, Vladimir Vladimirovich",
    "Владимир Владимирович Путин",
    "Олександр Зінченко",
    "AL-ZAWAHIRI, Ayman Muhammad Rabi",
    "محمد علي",
    "علی خامنه‌ای",
    "金正恩",
    "김정은",
    "プーチン",
    "Αλέξης Τσίπρας",
    "BANK MELLI IRAN",
    "Limited Liability Company Romashka",
    "ООО \"Ромашка\"",
    "M/V SEA STAR",
    "José Müller-Øystein O'Brien",
    "Ig0r Sech1n",
    "INTELLEXA S.A.",
    "Siemens Aktiengesellschaft",
    "משה כהן",
    "HAMAS",
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Elements(NAMES.len() as u64));
    g.bench_function("prepare_mix_20_names", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(prepare(black_box(n)));
            }
        })
    });
    let prepared: Vec<String> = NAMES.iter().map(|n| prepare(n).normalized).collect();
    g.bench_function("token_keys_mix_20_names", |b| {
        b.iter(|| {
            for p in &prepared {
                for t in p.split(' ') {
                    black_box((translit_key(t), skeleton(t), phonetic_keys(t)));
                }
            }
        })
    });
    g.bench_function("legal_forms_mix_20_names", |b| {
        b.iter(|| {
            for p in &prepared {
                let toks: Vec<&str> = p.split(' ').collect();
                black_box(legal_forms(&toks));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
