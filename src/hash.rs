//! Content hashes: a 64-bit key of whatever a step reads, for the caches that must
//! never change what is built (`content::memo`, the theme's template key).

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::hash::Hasher;

/// A hash of whatever `f` feeds the hasher.
pub(crate) fn hash_of(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    f(&mut h);
    h.finish()
}

/// A hash of the `Debug` form of a value (every type it is used on keeps its maps in
/// `BTreeMap`s, so the form does not depend on hashing order).
pub(crate) fn debug_hash(h: &mut DefaultHasher, v: &dyn std::fmt::Debug) {
    struct W<'a>(&'a mut DefaultHasher);
    impl std::fmt::Write for W<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let _ = write!(W(h), "{v:?}");
}
