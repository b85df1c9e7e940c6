//! Candidate retrieval: postings keyed on exact tokens, plus tables mapping
//! transliteration keys, Double Metaphone codes, consonant skeletons,
//! nickname groups and a deletion neighbourhood of the token vocabulary to
//! vocabulary tokens, and adjacent-token concatenations to names (join and
//! split). A query accumulates rarity-weighted evidence per name, rarest
//! tokens first (frequent tokens only boost names already found), and the
//! best few names go on to precise rescoring.

mod deletes;
pub(crate) mod hash;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::name::{NameForm, TokenInfo};
use crate::score::class_weight;
use crate::score::token::{edit_budget, edit_sim, letter_gap};
use crate::text::{self, TokenClass};
use deletes::{delete_depth, for_each_delete};
use hash::{key_hash, FxBuild};
use rapidfuzz::distance::osa;

const TAG_KEY: u8 = 1;
const TAG_PHON: u8 = 2;
const TAG_SKEL: u8 = 3;
const TAG_NICK: u8 = 4;
const TAG_DEL: u8 = 5;
const TAG_PAIR: u8 = 6;
const TAG_PAIR_SKEL: u8 = 7;

/// Postings longer than this only boost names found through rarer tokens.
const DF_CAP: usize = 2000;

/// One list name in the index.
#[derive(Debug, Clone)]
pub(crate) struct IndexedName {
    /// Position of the entity in the matcher.
    pub entity: u32,
    /// Position of the name in the entity's `names`.
    pub name_idx: u32,
    /// A weak alias: exact matches only.
    pub weak: bool,
    /// Vocabulary ids.
    pub tokens: Vec<u32>,
    /// Bit i set: token i is part of the family name.
    pub family_mask: u64,
    /// Normalised rendering.
    pub normalized: Box<str>,
    /// Sum of token weights.
    pub weight: f32,
}

/// A name to index: its entity, its position and its prepared form.
pub(crate) struct NameInput {
    pub entity: u32,
    pub name_idx: u32,
    pub weak: bool,
    pub form: NameForm,
}

/// A query token's keys: the vocabulary's, or computed for a token the
/// lists do not have (shared through a per-thread cache).
#[derive(Debug, Clone)]
pub(crate) enum TokRef<'a> {
    Vocab(&'a TokenInfo),
    Own(Arc<TokenInfo>),
}

impl std::ops::Deref for TokRef<'_> {
    type Target = TokenInfo;

    fn deref(&self) -> &TokenInfo {
        match self {
            TokRef::Vocab(t) => t,
            TokRef::Own(t) => t,
        }
    }
}

/// A query token with its weight and vocabulary id when known.
#[derive(Debug, Clone)]
pub(crate) struct QueryTok<'a> {
    pub info: TokRef<'a>,
    pub weight: f64,
    pub vid: Option<u32>,
}

/// A prepared query rendering.
#[derive(Debug, Clone)]
pub(crate) struct QueryForm<'a> {
    pub toks: Vec<QueryTok<'a>>,
    pub normalized: String,
    pub abjad: bool,
}

/// The candidate index.
#[derive(Debug)]
pub(crate) struct Index {
    /// Unique per built index (keys the per-thread hit cache).
    id: u64,
    pub vocab: Vec<TokenInfo>,
    pub weights: Vec<f32>,
    vocab_map: HashMap<Box<str>, u32, FxBuild>,
    pub names: Vec<IndexedName>,
    post_off: Vec<u32>,
    post: Vec<u32>,
    token_keys: KeyTable,
    name_keys: KeyTable,
    unknown_idf: f32,
}

fn intern_key(text: &str, class: TokenClass) -> String {
    if class == TokenClass::LegalForm {
        format!("\u{1}{text}")
    } else {
        text.to_string()
    }
}

fn idf(n: usize, df: usize) -> f32 {
    (((n + 1) as f32) / ((df + 1) as f32)).ln().max(0.5)
}

/// Family-name tokens weigh a little more.
pub(crate) const FAMILY_BOOST: f32 = 1.2;

#[derive(Default)]
struct Scratch {
    acc: Vec<f32>,
    stamp: Vec<u32>,
    stamp_val: Vec<f32>,
    touched: Vec<u32>,
    counter: u32,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    static HITS: RefCell<HitCache> = RefCell::new(HitCache::default());
}

/// Distinct query tokens whose vocabulary hits a thread remembers.
const HIT_CACHE_CAP: usize = 1 << 16;

/// Ids telling indexes apart in the per-thread hit cache.
static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(1);

/// The vocabulary hits of recent query tokens, per thread: customer files
/// repeat the same given names and surnames, and a token's hits depend only
/// on its text, class and the abjad flag. Cleared when full and when the
/// thread moves to another index.
#[derive(Default)]
struct HitCache {
    index: u64,
    map: HashMap<u64, CachedHits, FxBuild>,
}

struct CachedHits {
    text: Box<str>,
    class: TokenClass,
    abjad: bool,
    hits: Box<[(u32, f32)]>,
}

thread_local! {
    static UNKNOWN: RefCell<HashMap<u64, Arc<TokenInfo>, FxBuild>> =
        RefCell::new(HashMap::default());
}

/// Keys of a query token absent from the vocabulary (they depend on the
/// token alone), through a per-thread cache cleared when full.
fn unknown_token(text: &str, class: TokenClass, legal: Option<&'static str>) -> Arc<TokenInfo> {
    let h = key_hash(class as u8, text.as_bytes());
    UNKNOWN.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(t) = cache.get(&h) {
            if t.text == text && t.class == class && t.legal_class == legal {
                return Arc::clone(t);
            }
        }
        if cache.len() >= HIT_CACHE_CAP {
            cache.clear();
        }
        let t = Arc::new(TokenInfo::with_legal(text, class, legal));
        cache.insert(h, Arc::clone(&t));
        t
    })
}

/// Sorts hits by vocabulary id and keeps the best estimate of each.
fn best_per_token(hits: &mut Vec<(u32, f32)>) {
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    hits.dedup_by_key(|h| h.0);
}

/// A sorted (hash, value) table with a bucket directory on the top hash
/// bits: one directory read and a short scan per lookup.
#[derive(Debug, Default)]
struct KeyTable {
    entries: Vec<(u64, u32)>,
    offs: Vec<u32>,
    shift: u32,
}

impl KeyTable {
    fn new(mut entries: Vec<(u64, u32)>) -> Self {
        entries.sort_unstable();
        entries.dedup();
        let bits = (entries.len().max(2).next_power_of_two().trailing_zeros()).clamp(1, 24);
        let shift = 64 - bits;
        let nb = 1usize << bits;
        let mut offs = vec![0u32; nb + 1];
        let mut i = 0usize;
        for (b, off) in offs.iter_mut().enumerate() {
            while i < entries.len() && ((entries[i].0 >> shift) as usize) < b {
                i += 1;
            }
            *off = i as u32;
        }
        KeyTable {
            entries,
            offs,
            shift,
        }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&self, h: u64) -> &[(u64, u32)] {
        let b = (h >> self.shift) as usize;
        let (lo, hi) = (self.offs[b] as usize, self.offs[b + 1] as usize);
        let bucket = &self.entries[lo..hi];
        let a = bucket.partition_point(|e| e.0 < h);
        let z = a + bucket[a..].partition_point(|e| e.0 == h);
        &bucket[a..z]
    }
}

impl Index {
    /// Builds the index over prepared names.
    pub(crate) fn build(inputs: Vec<NameInput>) -> Index {
        let mut vocab_map: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        let mut names: Vec<IndexedName> = Vec::with_capacity(inputs.len());
        let mut pending: Vec<(String, TokenClass, Option<&'static str>)> = Vec::new();
        for inp in &inputs {
            let mut ids = Vec::with_capacity(inp.form.tokens.len());
            let mut mask = 0u64;
            for (i, t) in inp.form.tokens.iter().enumerate() {
                let key = intern_key(&t.text, t.class);
                let next = (vocab_map.len()) as u32;
                let id = *vocab_map.entry(key.into_boxed_str()).or_insert_with(|| {
                    pending.push((t.text.clone(), t.class, t.legal_class));
                    next
                });
                ids.push(id);
                if t.family && i < 64 {
                    mask |= 1 << i;
                }
            }
            names.push(IndexedName {
                entity: inp.entity,
                name_idx: inp.name_idx,
                weak: inp.weak,
                tokens: ids,
                family_mask: mask,
                normalized: inp.form.normalized.clone().into_boxed_str(),
                weight: 0.0,
            });
        }
        // Token keys are the costly part: compute them in parallel.
        let vocab: Vec<TokenInfo> = {
            use rayon::prelude::*;
            pending
                .par_iter()
                .map(|(t, c, l)| TokenInfo::with_legal(t, *c, *l))
                .collect()
        };
        let nv = vocab.len();
        let mut df = vec![0u32; nv];
        let mut last = vec![u32::MAX; nv];
        for (ni, n) in names.iter().enumerate() {
            for &t in &n.tokens {
                if last[t as usize] != ni as u32 {
                    last[t as usize] = ni as u32;
                    df[t as usize] += 1;
                }
            }
        }
        let nn = names.len();
        let weights: Vec<f32> = vocab
            .iter()
            .zip(&df)
            .map(|(v, &d)| class_weight(v.class) as f32 * idf(nn, d as usize))
            .collect();
        for n in &mut names {
            n.weight = n.tokens.iter().map(|&t| weights[t as usize]).sum();
        }
        // Postings (CSR).
        let mut post_off = vec![0u32; nv + 1];
        for (t, &d) in df.iter().enumerate() {
            post_off[t + 1] = post_off[t] + d;
        }
        let mut fill = post_off.clone();
        let mut post = vec![0u32; post_off[nv] as usize];
        last.iter_mut().for_each(|l| *l = u32::MAX);
        for (ni, n) in names.iter().enumerate() {
            for &t in &n.tokens {
                if last[t as usize] != ni as u32 {
                    last[t as usize] = ni as u32;
                    post[fill[t as usize] as usize] = ni as u32;
                    fill[t as usize] += 1;
                }
            }
        }
        // Token key table.
        let token_keys = {
            use rayon::prelude::*;
            let mut tk: Vec<(u64, u32)> = vocab
                .par_iter()
                .enumerate()
                .flat_map_iter(|(vid, v)| {
                    let vid = vid as u32;
                    let mut out: Vec<(u64, u32)> = Vec::new();
                    if !matches!(
                        v.class,
                        TokenClass::LegalForm | TokenClass::Number | TokenClass::Initial
                    ) {
                        out.push((key_hash(TAG_KEY, v.key.as_bytes()), vid));
                        if v.phon.len() >= 2 {
                            out.push((key_hash(TAG_PHON, v.phon.as_bytes()), vid));
                        }
                        if let Some(a) = v.phon_alt.as_ref().filter(|a| a.len() >= 2) {
                            out.push((key_hash(TAG_PHON, a.as_bytes()), vid));
                        }
                        if v.skel.len() >= 2 {
                            out.push((key_hash(TAG_SKEL, v.skel.as_bytes()), vid));
                        }
                        for g in v.nicks {
                            out.push((key_hash(TAG_NICK, &g.to_le_bytes()), vid));
                        }
                        let d = delete_depth(v.len());
                        if d > 0 && v.len() <= 24 {
                            for_each_delete(&v.text, d, |s| out.push((key_hash(TAG_DEL, s), vid)));
                        }
                    }
                    out.into_iter()
                })
                .collect();
            tk.par_sort_unstable();
            KeyTable::new(tk)
        };
        // Name key table: adjacent token pairs written together.
        let mut name_keys: Vec<(u64, u32)> = Vec::new();
        let mut buf = String::new();
        for (ni, n) in names.iter().enumerate() {
            for w in n.tokens.windows(2) {
                let (a, b) = (&vocab[w[0] as usize], &vocab[w[1] as usize]);
                if matches!(a.class, TokenClass::LegalForm | TokenClass::Number)
                    || matches!(b.class, TokenClass::LegalForm | TokenClass::Number)
                {
                    continue;
                }
                buf.clear();
                buf.push_str(&a.text);
                buf.push_str(&b.text);
                name_keys.push((key_hash(TAG_PAIR, buf.as_bytes()), ni as u32));
                let sk = text::skeleton(&buf);
                if sk.len() >= 3 {
                    name_keys.push((key_hash(TAG_PAIR_SKEL, sk.as_bytes()), ni as u32));
                }
            }
        }
        let name_keys = KeyTable::new(name_keys);
        tracing::debug!(
            names = names.len(),
            vocab = vocab.len(),
            token_keys = token_keys.len(),
            name_keys = name_keys.len(),
            "matching index built"
        );
        Index {
            id: NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed),
            vocab,
            weights,
            vocab_map,
            names,
            post_off,
            post,
            token_keys,
            name_keys,
            unknown_idf: idf(nn, 0),
        }
    }

    fn postings(&self, vid: u32) -> &[u32] {
        let v = vid as usize;
        &self.post[self.post_off[v] as usize..self.post_off[v + 1] as usize]
    }

    /// Vocabulary id of a token.
    pub(crate) fn vid(&self, text: &str, class: TokenClass) -> Option<u32> {
        if class == TokenClass::LegalForm {
            self.vocab_map
                .get(intern_key(text, class).as_str())
                .copied()
        } else {
            self.vocab_map.get(text).copied()
        }
    }

    /// Weight of a known or unknown token of a class.
    pub(crate) fn token_weight(&self, vid: Option<u32>, class: TokenClass) -> f64 {
        match vid {
            Some(v) => f64::from(self.weights[v as usize]),
            None => class_weight(class) * f64::from(self.unknown_idf),
        }
    }

    /// Prepares a query form: token keys, weights and vocabulary ids.
    pub(crate) fn query_form(&self, f: &NameForm) -> QueryForm<'_> {
        let toks = f
            .tokens
            .iter()
            .map(|t| {
                let vid = self.vid(&t.text, t.class);
                let info = match vid {
                    Some(v) => TokRef::Vocab(&self.vocab[v as usize]),
                    None => TokRef::Own(unknown_token(&t.text, t.class, t.legal_class)),
                };
                let mut weight = self.token_weight(vid, t.class);
                if t.family {
                    weight *= f64::from(FAMILY_BOOST);
                }
                QueryTok { info, weight, vid }
            })
            .collect();
        QueryForm {
            toks,
            normalized: f.normalized.clone(),
            abjad: f.abjad,
        }
    }

    /// [`Index::token_hits`], best estimate per vocabulary token sorted by
    /// id, through the per-thread cache.
    fn cached_token_hits(
        &self,
        t: &TokenInfo,
        vid: Option<u32>,
        abjad: bool,
        out: &mut Vec<(u32, f32)>,
    ) {
        let h = key_hash(u8::from(abjad) << 4 | t.class as u8, t.text.as_bytes());
        HITS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.index != self.id || cache.map.len() >= HIT_CACHE_CAP {
                cache.map.clear();
                cache.index = self.id;
            }
            if let Some(c) = cache.map.get(&h) {
                if *c.text == *t.text && c.class == t.class && c.abjad == abjad {
                    out.extend_from_slice(&c.hits);
                    return;
                }
            }
            let start = out.len();
            self.token_hits(t, vid, abjad, out);
            let mut mine = out.split_off(start);
            best_per_token(&mut mine);
            out.extend_from_slice(&mine);
            cache.map.insert(
                h,
                CachedHits {
                    text: t.text.as_str().into(),
                    class: t.class,
                    abjad,
                    hits: mine.into_boxed_slice(),
                },
            );
        });
    }

    /// Vocabulary tokens a query token may stand for, with a similarity
    /// estimate.
    fn token_hits(&self, t: &TokenInfo, vid: Option<u32>, abjad: bool, out: &mut Vec<(u32, f32)>) {
        let mut push = |v: u32, s: f32| out.push((v, s));
        if let Some(v) = vid {
            push(v, 1.0);
        }
        if matches!(
            t.class,
            TokenClass::Initial | TokenClass::Number | TokenClass::LegalForm
        ) {
            return;
        }
        for &(_, v) in self.token_keys.get(key_hash(TAG_KEY, t.key.as_bytes())) {
            push(v, 0.95);
        }
        for g in t.nicks {
            for &(_, v) in self.token_keys.get(key_hash(TAG_NICK, &g.to_le_bytes())) {
                push(v, 0.9);
            }
        }
        // The query token's bit pattern is built once for all verifications.
        let cmp = osa::BatchComparator::new(t.text.bytes());
        let within = |other: &TokenInfo, budget: usize| -> Option<usize> {
            if other.len().abs_diff(t.len()) > budget || letter_gap(t, other) > budget {
                return None;
            }
            cmp.distance_with_args(
                other.text.bytes(),
                &osa::Args::default().score_cutoff(budget),
            )
        };
        let d = delete_depth(t.len());
        if t.len() >= 3 && t.len() <= 24 {
            let budget_q = edit_budget(t.len());
            let mut seen: Vec<u32> = Vec::new();
            for_each_delete(&t.text, d.max(1), |s| {
                seen.extend(
                    self.token_keys
                        .get(key_hash(TAG_DEL, s))
                        .iter()
                        .map(|e| e.1),
                );
            });
            seen.sort_unstable();
            seen.dedup();
            for v in seen {
                let vt = &self.vocab[v as usize];
                let short = vt.len().min(t.len());
                let budget = edit_budget(short).min(budget_q);
                if let Some(e) = within(vt, budget) {
                    push(v, edit_sim(e, short) as f32);
                }
            }
        }
        for code in std::iter::once(&t.phon).chain(t.phon_alt.as_ref()) {
            if code.len() < 2 {
                continue;
            }
            let hits = self.token_keys.get(key_hash(TAG_PHON, code.as_bytes()));
            if hits.len() > 300 {
                continue;
            }
            for &(_, v) in hits {
                let vt = &self.vocab[v as usize];
                let budget = (vt.len().min(t.len()) / 3).max(2);
                if within(vt, budget).is_some() {
                    push(v, 0.75);
                }
            }
        }
        if abjad && t.skel.len() >= 2 {
            let hits = self.token_keys.get(key_hash(TAG_SKEL, t.skel.as_bytes()));
            if hits.len() <= 400 {
                for &(_, v) in hits {
                    push(v, 0.8);
                }
            }
        }
    }

    /// The ids of the `k` most promising names for the query forms.
    pub(crate) fn candidates(&self, forms: &[QueryForm<'_>], k: usize) -> Vec<u32> {
        // Per query token ("slot"): vocabulary hits and direct name hits.
        struct Slot {
            hits: Vec<(u32, f32)>,
            name_hits: Vec<(u32, f32)>,
            weight: f32,
            rarity: usize,
        }
        let mut slots: Vec<Slot> = Vec::new();
        let mut qweight = 0f32;
        let mut buf = String::new();
        for f in forms {
            let mut fw = 0f32;
            for (i, qt) in f.toks.iter().enumerate() {
                let mut hits = Vec::new();
                self.cached_token_hits(&qt.info, qt.vid, f.abjad, &mut hits);
                let mut name_hits = Vec::new();
                // Split: this token and the next written as one list token.
                if let Some(next) = f.toks.get(i + 1) {
                    if qt.info.class == TokenClass::Word && next.info.class == TokenClass::Word {
                        buf.clear();
                        buf.push_str(&qt.info.text);
                        buf.push_str(&next.info.text);
                        if let Some(v) = self.vocab_map.get(buf.as_str()) {
                            hits.push((*v, 0.9));
                        }
                        if f.abjad {
                            let sk = text::skeleton(&buf);
                            if sk.len() >= 3 {
                                for &(_, v) in
                                    self.token_keys.get(key_hash(TAG_SKEL, sk.as_bytes()))
                                {
                                    hits.push((v, 0.8));
                                }
                            }
                        }
                    }
                }
                // Join: this token is two adjacent list tokens.
                if qt.info.class == TokenClass::Word && qt.info.len() >= 5 {
                    for &(_, n) in self
                        .name_keys
                        .get(key_hash(TAG_PAIR, qt.info.text.as_bytes()))
                    {
                        name_hits.push((n, 0.9));
                    }
                    if f.abjad && qt.info.skel.len() >= 3 {
                        let h = self
                            .name_keys
                            .get(key_hash(TAG_PAIR_SKEL, qt.info.skel.as_bytes()));
                        if h.len() <= 400 {
                            for &(_, n) in h {
                                name_hits.push((n, 0.8));
                            }
                        }
                    }
                }
                // Keep the best estimate per vocabulary token.
                best_per_token(&mut hits);
                let rarity = hits
                    .iter()
                    .map(|&(v, _)| self.postings(v).len())
                    .min()
                    .unwrap_or(usize::MAX);
                let weight = qt.weight as f32;
                fw += weight;
                slots.push(Slot {
                    hits,
                    name_hits,
                    weight,
                    rarity,
                });
            }
            qweight = qweight.max(fw);
        }
        slots.sort_by_key(|s| s.rarity);
        SCRATCH.with(|cell| {
            let mut sc = cell.borrow_mut();
            let nn = self.names.len();
            if sc.acc.len() < nn {
                sc.acc = vec![0.0; nn];
                sc.stamp = vec![0; nn];
                sc.stamp_val = vec![0.0; nn];
            }
            let Scratch {
                acc,
                stamp,
                stamp_val,
                touched,
                counter,
            } = &mut *sc;
            touched.clear();
            for slot in &slots {
                *counter = counter.wrapping_add(1);
                if *counter == 0 {
                    stamp.iter_mut().for_each(|s| *s = 0);
                    *counter = 1;
                }
                let cur = *counter;
                let have = !touched.is_empty();
                let mut add = |touched: &mut Vec<u32>, n: u32, val: f32| {
                    let n = n as usize;
                    if stamp[n] == cur {
                        if val > stamp_val[n] {
                            acc[n] += val - stamp_val[n];
                            stamp_val[n] = val;
                        }
                    } else {
                        if acc[n] == 0.0 {
                            touched.push(n as u32);
                        }
                        stamp[n] = cur;
                        stamp_val[n] = val;
                        acc[n] += val;
                    }
                };
                for &(v, s) in &slot.hits {
                    let p = self.postings(v);
                    let w = self.weights[v as usize]
                        .min(slot.weight.max(self.weights[v as usize] * 0.5));
                    if p.len() > DF_CAP && have {
                        // Frequent token: only boost names already found,
                        // looking them up rather than walking the postings.
                        if touched.len() * 4 > p.len() {
                            continue;
                        }
                        for i in 0..touched.len() {
                            let n = touched[i];
                            if self.names[n as usize].tokens.contains(&v) {
                                add(touched, n, s * w);
                            }
                        }
                    } else {
                        for &n in p {
                            add(touched, n, s * w);
                        }
                    }
                }
                for &(n, s) in &slot.name_hits {
                    add(touched, n, s * slot.weight);
                }
            }
            let mut scored: Vec<(f32, u32)> = touched
                .iter()
                .map(|&n| {
                    let name = &self.names[n as usize];
                    (acc[n as usize] / (qweight + 0.3 * name.weight).max(1e-6), n)
                })
                .collect();
            for &n in touched.iter() {
                acc[n as usize] = 0.0;
            }
            if scored.len() > k {
                scored.select_nth_unstable_by(k, |a, b| b.0.total_cmp(&a.0));
                scored.truncate(k);
            }
            scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
            scored.into_iter().map(|(_, n)| n).collect()
        })
    }
}
