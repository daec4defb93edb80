//! [`Objects`]: a schema's tables (views, functions …) by name, each behind an `Arc`.
//!
//! The replay takes snapshots of the catalog: a `DO` block of several statements is one
//! transaction, undone when one of its statements fails. With the objects shared, a
//! snapshot copies one pointer per object instead of every column, constraint, policy and
//! reference; an object is copied only when it is changed while a snapshot holds it.
//!
//! It reads like a `BTreeMap<String, T>`: `get` gives `&T`, `get_mut` gives `&mut T` (a copy
//! of a shared object, made then), `insert` and `remove` take and give `T`.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::collections::btree_map;
use std::ops::RangeBounds;
use std::sync::Arc;

#[derive(Debug)]
pub struct Objects<T>(BTreeMap<String, Arc<T>>);

impl<T> Default for Objects<T> {
    fn default() -> Self {
        Objects(BTreeMap::new())
    }
}

impl<T> Clone for Objects<T> {
    /// Cheap: the objects are shared, not copied.
    fn clone(&self) -> Self {
        Objects(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for Objects<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: Serialize> Serialize for Objects<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, &**v)))
    }
}

impl<T> Objects<T> {
    pub fn new() -> Self {
        Objects(BTreeMap::new())
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.get(name).map(|v| &**v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn keys(&self) -> btree_map::Keys<'_, String, Arc<T>> {
        self.0.keys()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.0.values().map(|v| &**v)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &T)> + Clone {
        self.0.iter().map(|(k, v)| (k, &**v))
    }

    pub fn range<R: RangeBounds<String>>(
        &self,
        range: R,
    ) -> impl DoubleEndedIterator<Item = (&String, &T)> {
        self.0.range(range).map(|(k, v)| (k, &**v))
    }

    pub fn insert(&mut self, name: String, value: T) -> Option<Arc<T>> {
        self.0.insert(name, Arc::new(value))
    }
}

impl<T: Clone> Objects<T> {
    /// The object to change (copied first if a snapshot shares it).
    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.0.get_mut(name).map(Arc::make_mut)
    }

    pub fn remove(&mut self, name: &str) -> Option<T> {
        self.0.remove(name).map(Arc::unwrap_or_clone)
    }

    /// Every object, to change: each shared one is copied. Where only some objects change,
    /// [`Objects::changing`] copies only those.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.values_mut().map(Arc::make_mut)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut T)> {
        self.0.iter_mut().map(|(k, v)| (k, Arc::make_mut(v)))
    }

    /// The objects `test` selects, to change.
    pub fn changing(&mut self, test: impl Fn(&T) -> bool) -> impl Iterator<Item = &mut T> {
        self.0
            .values_mut()
            .filter(move |v| test(v))
            .map(Arc::make_mut)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&String, &T) -> bool) {
        self.0.retain(|k, v| keep(k, v))
    }

    /// The object named `name`, made with `make` when there is none.
    pub fn get_or_insert_with(&mut self, name: String, make: impl FnOnce() -> T) -> &mut T {
        Arc::make_mut(self.0.entry(name).or_insert_with(|| Arc::new(make())))
    }
}

type Entry<'a, T> = (&'a String, &'a T);

impl<'a, T> IntoIterator for &'a Objects<T> {
    type Item = Entry<'a, T>;
    type IntoIter = std::iter::Map<
        btree_map::Iter<'a, String, Arc<T>>,
        fn((&'a String, &'a Arc<T>)) -> Entry<'a, T>,
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, &**v))
    }
}

impl<T> FromIterator<(String, T)> for Objects<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        Objects(iter.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

impl<T> Extend<(String, T)> for Objects<T> {
    fn extend<I: IntoIterator<Item = (String, T)>>(&mut self, iter: I) {
        self.0
            .extend(iter.into_iter().map(|(k, v)| (k, Arc::new(v))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_keeps_the_old_object_and_shares_the_rest() {
        let mut live: Objects<Vec<u32>> = [("a".to_string(), vec![1]), ("b".into(), vec![2])]
            .into_iter()
            .collect();
        let snapshot = live.clone();
        live.get_mut("a").unwrap().push(10);
        live.insert("c".into(), vec![3]);
        assert_eq!(snapshot.get("a"), Some(&vec![1]));
        assert_eq!(live.get("a"), Some(&vec![1, 10]));
        assert!(!snapshot.contains_key("c"));
        assert!(std::ptr::eq(
            snapshot.get("b").unwrap(),
            live.get("b").unwrap()
        ));
        assert_eq!(live.changing(|v| v[0] == 3).count(), 1);
        assert!(std::ptr::eq(
            snapshot.get("b").unwrap(),
            live.get("b").unwrap()
        ));
        assert_eq!(live.remove("a"), Some(vec![1, 10]));
        assert_eq!(live.keys().collect::<Vec<_>>(), vec!["b", "c"]);
    }
}
