//! Pairing old items with new ones, stage by stage: by what identifies them
//! on one axis first, then by what identifies them on the other, among the
//! items still unpaired. Linear in the number of items (an API may have
//! tens of thousands of endpoints, an enum thousands of values).

use std::collections::HashMap;

/// The keys of the old and of the new items at one stage.
pub(super) type Stage = (Vec<String>, Vec<String>);

/// Which old and new items pair up, which old ones are gone and which new
/// ones came.
pub(super) struct Paired {
    /// `(old, new)` indices, in the old items' order.
    pub(super) pairs: Vec<(usize, usize)>,
    /// Old items paired with none, in their order.
    pub(super) removed: Vec<usize>,
    /// New items paired with none, in their order.
    pub(super) added: Vec<usize>,
}

/// Pairs `stages[0]`'s keys first, then the next stage's among the items
/// left, and so on; a key pairs an old item with the first unpaired new
/// item of the same key.
pub(super) fn pair(old_len: usize, new_len: usize, stages: &[Stage]) -> Paired {
    let mut partner: Vec<Option<usize>> = vec![None; old_len];
    let mut taken = vec![false; new_len];
    for (old_keys, new_keys) in stages {
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for j in (0..new_len).rev().filter(|&j| !taken[j]) {
            index.entry(new_keys[j].as_str()).or_default().push(j);
        }
        for (i, slot) in partner.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            if let Some(j) = index.get_mut(old_keys[i].as_str()).and_then(Vec::pop) {
                *slot = Some(j);
                taken[j] = true;
            }
        }
    }
    Paired {
        pairs: partner
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|j| (i, j)))
            .collect(),
        removed: partner
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| i)
            .collect(),
        added: (0..new_len).filter(|&j| !taken[j]).collect(),
    }
}

/// One stage's keys: `key` of every old item and of every new item.
pub(super) fn keyed<T>(old: &[T], new: &[T], key: impl Fn(&T) -> String) -> Stage {
    (
        old.iter().map(&key).collect(),
        new.iter().map(&key).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_stages_pair_only_what_earlier_ones_left() {
        let old = ["a", "b", "c"];
        let new = ["b", "x", "c2"];
        let first = keyed(&old, &new, |s| s.to_string());
        let second = keyed(&old, &new, |s| s[..1].to_owned());
        let p = pair(3, 3, &[first, second]);
        assert_eq!(p.pairs, vec![(1, 0), (2, 2)]);
        assert_eq!(p.removed, vec![0]);
        assert_eq!(p.added, vec![1]);
    }

    #[test]
    fn equal_keys_pair_in_order() {
        let p = pair(2, 2, &[keyed(&["k", "k"], &["k", "k"], |s| s.to_string())]);
        assert_eq!(p.pairs, vec![(0, 0), (1, 1)]);
    }
}
