//! Sequence numbers (the store-wide creation order) and random ids.

/// Characters of the random part of ids.
const ID_ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// Length of the random part of ids.
const ID_LEN: usize = 16;

/// The source of sequence numbers and random ids.
#[derive(Debug)]
pub(crate) struct Ids {
    rng: fastrand::Rng,
    seq: u64,
}

impl Default for Ids {
    fn default() -> Self {
        Self {
            rng: fastrand::Rng::new(),
            seq: 0,
        }
    }
}

impl Ids {
    /// The next sequence number (store-wide, so creation order is total).
    pub(crate) fn next_seq(&mut self) -> u64 {
        // One number per stored object: 2^64 objects cannot fit in memory, so this never wraps.
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// `prefix` followed by 16 random lowercase alphanumerics, for which `taken` is false.
    pub(crate) fn fresh_id(&mut self, prefix: &str, mut taken: impl FnMut(&str) -> bool) -> String {
        loop {
            let id = self.random(prefix, ID_LEN);
            if !taken(&id) {
                return id;
            }
        }
    }

    /// `prefix` followed by `len` random lowercase alphanumerics.
    pub(crate) fn random(&mut self, prefix: &str, len: usize) -> String {
        let mut id = String::with_capacity(prefix.len().saturating_add(len));
        id.push_str(prefix);
        for _ in 0..len {
            let pick = ID_ALPHABET.get(self.rng.usize(..ID_ALPHABET.len()));
            id.extend(pick.map(|&byte| char::from(byte)));
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_sixteen_lowercase_alphanumerics() {
        let mut ids = Ids::default();
        let id = ids.fresh_id("task_", |_| false);
        let tail = id.strip_prefix("task_").unwrap();
        assert_eq!(tail.len(), 16);
        assert!(
            tail.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        let mut tries = 0;
        let again = ids.fresh_id("task_", |_| {
            tries += 1;
            tries < 3
        });
        assert_ne!(again, id);
    }
}
