//! The [`Matcher`]: entities in, ranked explained matches out.

use std::collections::HashMap;

use denylist_model::{Entity, EntityId, NameKind, NameStrength};
use rayon::prelude::*;

use crate::explain::{Explanation, Feature, FeatureKind};
use crate::index::{Index, IndexedName, NameInput, QueryForm, FAMILY_BOOST};
use crate::name::prepare_forms;
use crate::ofac::ofac_score;
use crate::query::{Algorithm, Match, Query, ScreenOptions};
use crate::score::evidence::{self, normalize_id};
use crate::score::{score_name, Context, NameScore, SimCache, Tok};

/// Names rescored precisely per query.
const CANDIDATES: usize = 32;
/// Names rescored for a query written in an abjad (Arabic, Hebrew).
const CANDIDATES_ABJAD: usize = 96;
/// Names rescored in OFAC mode (its scores are looser).
const CANDIDATES_OFAC: usize = 200;
/// The most dates and countries can add to a name score.
const MAX_BOOST: f64 = 0.08;
/// Highest score a weak alias can give (exact match only).
const WEAK_CAP: f64 = 0.85;
/// Names are cut off below their alert floor less this (rounding slack).
const FLOOR_MARGIN: f64 = 1e-6;

/// Screens names against a fixed set of listed entities. Built once per set
/// of list versions; `Send + Sync`, so one matcher serves many threads.
#[derive(Debug)]
pub struct Matcher {
    entities: Vec<Entity>,
    by_id: HashMap<EntityId, u32>,
    index: Index,
    /// (normalised identifier value, entity) sorted by value.
    ids: Vec<(String, u32)>,
}

/// The best name of one entity for a query.
struct Best {
    entity: u32,
    name: u32,
    form: usize,
    score: f64,
}

fn kind_label(kind: NameKind, strength: NameStrength) -> String {
    let k = match kind {
        NameKind::Primary => "primary name",
        NameKind::Variation => "name variation",
        NameKind::Aka => "aka",
        NameKind::Fka => "fka",
        NameKind::Nka => "nka",
        NameKind::OriginalScript => "original-script name",
    };
    if strength == NameStrength::Weak {
        format!("weak {k}")
    } else {
        k.to_string()
    }
}

impl Matcher {
    /// Indexes the entities' names (every alias and rendering).
    pub fn build(entities: Vec<Entity>) -> Matcher {
        let inputs: Vec<NameInput> = entities
            .par_iter()
            .enumerate()
            .flat_map_iter(|(ei, e)| {
                let mut out = Vec::new();
                for (ni, n) in e.names.iter().enumerate() {
                    for form in prepare_forms(&n.full, Some(e.schema)) {
                        out.push(NameInput {
                            entity: ei as u32,
                            name_idx: ni as u32,
                            weak: n.is_weak(),
                            form,
                        });
                    }
                }
                out.into_iter()
            })
            .collect();
        let index = Index::build(inputs);
        let mut by_id = HashMap::with_capacity(entities.len());
        let mut ids = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            by_id.insert(e.id.clone(), i as u32);
            for id in &e.identifiers {
                let v = normalize_id(&id.value);
                if v.len() >= 4 {
                    ids.push((v, i as u32));
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        tracing::info!(
            entities = entities.len(),
            names = index.names.len(),
            "matcher built"
        );
        Matcher {
            entities,
            by_id,
            index,
            ids,
        }
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when no entity was given.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Number of indexed names (aliases and renderings included).
    pub fn name_count(&self) -> usize {
        self.index.names.len()
    }

    /// The entity with this id.
    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i as usize])
    }

    /// Screens many queries in parallel (rayon); results in query order.
    pub fn screen_many(&self, queries: &[Query], opts: &ScreenOptions) -> Vec<Vec<Match>> {
        queries.par_iter().map(|q| self.screen(q, opts)).collect()
    }

    /// The tokens of a list name, into `out` (cleared first).
    fn list_toks<'a>(&'a self, n: &IndexedName, out: &mut Vec<Tok<'a>>) {
        out.clear();
        out.extend(n.tokens.iter().enumerate().map(|(i, &v)| {
            let mut weight = self.index.weights[v as usize];
            if i < 64 && n.family_mask & (1 << i) != 0 {
                weight *= FAMILY_BOOST;
            }
            Tok {
                info: &self.index.vocab[v as usize],
                weight: f64::from(weight),
                vid: Some(v),
            }
        }));
    }

    /// The scoring view of a query rendering's tokens.
    fn query_toks<'q>(qf: &'q QueryForm<'_>) -> Vec<Tok<'q>> {
        qf.toks
            .iter()
            .map(|t| Tok {
                info: &t.info,
                weight: t.weight,
                vid: t.vid,
            })
            .collect()
    }

    /// Scores query rendering `qf` (its tokens `q`) against list name `n`.
    /// With `floor` > 0 a name that cannot reach `floor` scores 0 without
    /// its full alignment (see [`score_name`]).
    #[allow(clippy::too_many_arguments)]
    fn name_score<'a>(
        &'a self,
        qf: &QueryForm<'_>,
        q: &[Tok<'_>],
        n: &'a IndexedName,
        lbuf: &mut Vec<Tok<'a>>,
        explain: bool,
        floor: f64,
        cache: Option<&mut SimCache>,
    ) -> NameScore {
        let identical = *qf.normalized == *n.normalized;
        if n.weak && !identical {
            return NameScore::default();
        }
        self.list_toks(n, lbuf);
        let person = self.entities[n.entity as usize].schema == denylist_model::Schema::Person;
        let mut ns = score_name(
            q,
            lbuf,
            Context {
                abjad: qf.abjad,
                person,
            },
            identical,
            explain,
            floor,
            cache,
        );
        if n.weak {
            ns.score = ns.score.min(WEAK_CAP);
        }
        ns
    }

    /// Entities whose identifiers equal a query identifier.
    fn id_candidates(&self, q: &Query) -> Vec<u32> {
        let mut out = Vec::new();
        for v in &q.identifiers {
            let v = normalize_id(v);
            // IMO/MMSI numbers are written with and without their prefix.
            let bare = ["IMO", "MMSI"]
                .iter()
                .find_map(|p| v.strip_prefix(p))
                .unwrap_or(&v)
                .to_string();
            let mut keys = vec![v.clone(), bare.clone()];
            keys.extend(["IMO", "MMSI"].iter().map(|p| format!("{p}{bare}")));
            for k in keys {
                let lo = self.ids.partition_point(|e| e.0 < k);
                out.extend(self.ids[lo..].iter().take_while(|e| e.0 == k).map(|e| e.1));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Screens one query: matches at or above the threshold, best first, at
    /// most `limit`.
    pub fn screen(&self, q: &Query, opts: &ScreenOptions) -> Vec<Match> {
        let forms = prepare_forms(&q.name, q.schema);
        let qforms: Vec<QueryForm<'_>> = forms.iter().map(|f| self.index.query_form(f)).collect();
        let k = match opts.algorithm {
            // Vowel-less renderings match loosely: look further.
            Algorithm::Denylist if qforms.iter().any(|f| f.abjad) => CANDIDATES_ABJAD,
            Algorithm::Denylist => CANDIDATES,
            Algorithm::Ofac => CANDIDATES_OFAC,
        };
        let cands = if qforms.is_empty() {
            Vec::new()
        } else {
            self.index.candidates(&qforms, k)
        };
        let mut caches: Vec<SimCache> = qforms.iter().map(|_| SimCache::default()).collect();
        let qtoks: Vec<Vec<Tok<'_>>> = qforms.iter().map(Self::query_toks).collect();
        let mut lbuf: Vec<Tok<'_>> = Vec::with_capacity(16);
        let mut best: Vec<Best> = Vec::with_capacity(cands.len());
        let mut slot: HashMap<u32, usize> = HashMap::with_capacity(cands.len());
        for nid in cands {
            let n = &self.index.names[nid as usize];
            let e = &self.entities[n.entity as usize];
            let Some(factor) = evidence::schema_factor(q.schema, e.schema) else {
                continue;
            };
            // A name below this cannot alert, whatever its dates and
            // countries add (identifiers can: then score everything).
            let floor = if q.identifiers.is_empty() && opts.algorithm == Algorithm::Denylist {
                (opts.threshold - MAX_BOOST) / factor - FLOOR_MARGIN
            } else {
                0.0
            };
            let (form, score) = qforms
                .iter()
                .enumerate()
                .map(|(fi, qf)| {
                    let s = match opts.algorithm {
                        Algorithm::Denylist => {
                            self.name_score(
                                qf,
                                &qtoks[fi],
                                n,
                                &mut lbuf,
                                false,
                                floor,
                                caches.get_mut(fi),
                            )
                            .score
                        }
                        Algorithm::Ofac => ofac_score(&qf.normalized, &n.normalized),
                    };
                    (fi, s)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or((0, 0.0));
            match slot.get(&n.entity) {
                Some(&i) if best[i].score >= score => {}
                Some(&i) => {
                    best[i] = Best {
                        entity: n.entity,
                        name: nid,
                        form,
                        score,
                    }
                }
                None => {
                    slot.insert(n.entity, best.len());
                    best.push(Best {
                        entity: n.entity,
                        name: nid,
                        form,
                        score,
                    });
                }
            }
        }
        let id_hits = self.id_candidates(q);
        for ei in &id_hits {
            if !slot.contains_key(ei) {
                // Found by identifier only: explain against the primary name.
                if let Some(nid) = self.index.names.iter().position(|n| n.entity == *ei) {
                    slot.insert(*ei, best.len());
                    best.push(Best {
                        entity: *ei,
                        name: nid as u32,
                        form: 0,
                        score: 0.0,
                    });
                }
            }
        }
        let mut out: Vec<Match> = Vec::new();
        for b in &best {
            let e = &self.entities[b.entity as usize];
            let Some(factor) = evidence::schema_factor(q.schema, e.schema) else {
                continue;
            };
            // Dates, countries and non-decisive identifiers add at most
            // MAX_BOOST: skip the evidence of hopeless candidates.
            if q.identifiers.is_empty() && b.score * factor + MAX_BOOST < opts.threshold {
                continue;
            }
            let mut features: Vec<Feature> = Vec::new();
            let mut score = b.score * factor;
            if factor < 1.0 {
                features.push(Feature {
                    kind: FeatureKind::Schema,
                    query: q.schema.map(|s| s.to_string()).unwrap_or_default(),
                    list: e.schema.to_string(),
                    effect: score - b.score,
                    note: "related schemas".into(),
                });
            }
            let mut decisive = false;
            if opts.algorithm == Algorithm::Denylist {
                let countries = e.all_countries();
                let feats = [
                    evidence::birth_date(q.birth_date.as_ref(), &e.birth_dates),
                    evidence::country(&q.countries, &countries),
                ];
                for f in feats.into_iter().flatten() {
                    score += f.effect;
                    features.push(f);
                }
                if let Some(idv) = evidence::identifiers(&q.identifiers, &q.countries, e) {
                    score += idv.feature.effect;
                    decisive = idv.decisive;
                    features.push(idv.feature);
                }
            }
            let identical_name = b.score >= 1.0;
            score = score.clamp(0.0, if identical_name { 1.0 } else { 0.999 });
            if decisive {
                score = score.max(0.99);
            }
            if score < opts.threshold {
                continue;
            }
            let n = &self.index.names[b.name as usize];
            let name = &e.names[n.name_idx as usize];
            let ns = match (opts.algorithm, qforms.get(b.form)) {
                (Algorithm::Denylist, Some(qf)) => self.name_score(
                    qf,
                    &qtoks[b.form],
                    n,
                    &mut lbuf,
                    true,
                    0.0,
                    caches.get_mut(b.form),
                ),
                _ => NameScore {
                    score: b.score,
                    ..NameScore::default()
                },
            };
            if name.is_weak() {
                features.push(Feature {
                    kind: FeatureKind::WeakAlias,
                    query: String::new(),
                    list: name.full.clone(),
                    effect: 0.0,
                    note: format!("weak alias: exact match only, capped at {WEAK_CAP}"),
                });
            }
            if ns.number_conflict {
                features.push(Feature {
                    kind: FeatureKind::Number,
                    query: String::new(),
                    list: String::new(),
                    effect: 0.0,
                    note: "numbers in the names differ (name score x0.7)".into(),
                });
            }
            let explanation = Explanation {
                query_name: q.name.clone(),
                matched_name: name.full.clone(),
                name_kind: kind_label(name.kind, name.strength),
                algorithm: match opts.algorithm {
                    Algorithm::Denylist => "denylist".into(),
                    Algorithm::Ofac => "ofac-sls".into(),
                },
                name_score: b.score,
                tokens: ns.tokens,
                unmatched_query: ns.unmatched_query,
                unmatched_list: ns.unmatched_list,
                features,
                score,
            };
            out.push(Match {
                entity_id: e.id.clone(),
                score,
                name: e.primary_name().unwrap_or_default().to_string(),
                matched_name: name.full.clone(),
                source: e.id.source(),
                schema: e.schema,
                explanation,
            });
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        out.truncate(opts.limit);
        out
    }
}
