//! A fast non-cryptographic hasher for the maps the analysis consults per node or per name.
//!
//! The standard library's default (SipHash with a random key) resists hash flooding, which
//! costs several times more per lookup than the keys here need: node keys made of a few
//! integers and short names from the catalogue or the file. Lookups of that kind run for every
//! call in a file (tens of thousands in a large one), where SipHash showed up in profiles.
//! A file crafted to collide could slow its own analysis at worst, which the time budget
//! ([`super::budget`]) bounds anyway.
//!
//! This is the multiply-rotate hash rustc uses for its own tables ("Fx"), finished with a
//! rotation so that hashbrown, which takes the bucket from the low bits, sees the well-mixed
//! high ones. Unlike [`super::chunks::KeyHasher`], which keeps a pre-hashed `u64` as it is,
//! it mixes every field of a composite key.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Maps hashed with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Sets hashed with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// The Fx multiply-rotate hasher; see the module docs.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

/// An odd constant with well-spread bits (from rustc's `FxHasher`).
const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length tells `ab` from `ab\0`.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, Hash};

    use super::*;

    fn hash(value: impl Hash) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn every_field_of_a_tuple_counts() {
        assert_ne!(hash((1usize, 2usize, 3usize)), hash((9usize, 2usize, 3usize)));
        assert_ne!(hash((1usize, 2usize, 3usize)), hash((1usize, 9usize, 3usize)));
        assert_ne!(hash((1usize, 2usize, 3usize)), hash((1usize, 2usize, 9usize)));
    }

    #[test]
    fn strings_differ_by_content_and_length() {
        assert_ne!(hash("asyncio.gather"), hash("asyncio.gathe"));
        assert_ne!(hash("ab"), hash("ab\0"));
        assert_eq!(hash("asyncio.gather"), hash(String::from("asyncio.gather")));
    }

    #[test]
    fn maps_find_what_they_hold() {
        let mut map: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            map.insert(format!("name{i}"), i);
        }
        assert!((0..1000).all(|i| map.get(format!("name{i}").as_str()) == Some(&i)));
        assert_eq!(map.get("name1000"), None);
    }
}
