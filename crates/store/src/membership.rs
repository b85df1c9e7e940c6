//! The membership blob: which entity revisions make up a list version.
//!
//! A version lists the row ids of its revisions, sorted ascending and
//! delta-encoded as LEB128 varints after a format byte ([`FORMAT`], then
//! `count`, then `id[0]`, `id[1] - id[0]`, ...), the whole zstd-compressed. Revisions imported together get
//! consecutive ids, so most deltas are 1 and a 15,000-entity version takes a
//! few kilobytes instead of 15,000 rows.

/// zstd level for membership blobs: they are tiny and written once.
const LEVEL: i32 = 9;

/// The first byte of a decoded blob: the layout described above.
const FORMAT: u8 = 1;

/// Encodes revision row ids (any order, no duplicates expected) into a blob.
pub(crate) fn encode(ids: &[i64]) -> Result<Vec<u8>, String> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut raw = Vec::with_capacity(sorted.len() + 8);
    raw.push(FORMAT);
    push_varint(&mut raw, sorted.len() as u64);
    let mut prev = 0i64;
    for id in sorted {
        if id < prev {
            return Err(format!("negative revision id {id}"));
        }
        push_varint(&mut raw, (id - prev) as u64);
        prev = id;
    }
    zstd::bulk::compress(&raw, LEVEL).map_err(|e| e.to_string())
}

/// Decodes a blob into sorted revision row ids.
pub(crate) fn decode(blob: &[u8]) -> Result<Vec<i64>, String> {
    let raw = zstd::stream::decode_all(blob).map_err(|e| format!("zstd: {e}"))?;
    match raw.first() {
        Some(&FORMAT) => {}
        Some(other) => return Err(format!("unknown membership format {other}")),
        None => return Err("empty membership blob".into()),
    }
    let mut pos = 1;
    let count = read_varint(&raw, &mut pos)?;
    // Each id takes at least one byte: a larger count is corrupt.
    if count > raw.len() as u64 {
        return Err(format!("count {count} exceeds blob length {}", raw.len()));
    }
    let mut ids = Vec::with_capacity(count as usize);
    let mut prev = 0i64;
    for _ in 0..count {
        let delta = read_varint(&raw, &mut pos)?;
        let delta = i64::try_from(delta).map_err(|_| format!("delta {delta} too large"))?;
        prev = prev
            .checked_add(delta)
            .ok_or_else(|| "revision id overflow".to_string())?;
        ids.push(prev);
    }
    if pos != raw.len() {
        return Err(format!("{} trailing bytes", raw.len() - pos));
    }
    Ok(ids)
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(buf: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut v = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *buf
            .get(*pos)
            .ok_or_else(|| format!("truncated varint at byte {pos}"))?;
        *pos += 1;
        if shift >= 64 || (shift == 63 && b > 1) {
            return Err(format!("varint overflow at byte {}", *pos - 1));
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trips_sorted() {
        let blob = encode(&[5, 1, 300, 2, 1_000_000_000_000]).unwrap();
        assert_eq!(
            decode(&blob).unwrap(),
            vec![1, 2, 5, 300, 1_000_000_000_000]
        );
        assert_eq!(decode(&encode(&[]).unwrap()).unwrap(), Vec::<i64>::new());
    }

    #[test]
    fn consecutive_ids_compress_well() {
        let ids: Vec<i64> = (1..=15_000).collect();
        let blob = encode(&ids).unwrap();
        assert!(blob.len() < 200, "{} bytes", blob.len());
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(decode(b"not zstd").is_err());
        let truncated = zstd::bulk::compress(&[FORMAT, 3, 1, 1], 1).unwrap();
        assert!(decode(&truncated).is_err());
        let future = zstd::bulk::compress(&[2, 0], 1).unwrap();
        assert!(decode(&future)
            .unwrap_err()
            .contains("unknown membership format 2"));
    }

    proptest! {
        #[test]
        fn any_id_set_round_trips(mut ids in proptest::collection::vec(1i64..i64::MAX / 4, 0..200)) {
            let blob = encode(&ids).unwrap();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(decode(&blob).unwrap(), ids);
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(&bytes);
            if let Ok(blob) = zstd::bulk::compress(&bytes, 1) {
                let _ = decode(&blob);
            }
        }
    }
}
