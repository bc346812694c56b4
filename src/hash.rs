//! Content hashes: a 64-bit key of whatever a step reads, for the caches that must
//! never change what is built (`content::memo`, the theme's template key).

use std::fmt::Write as _;
use std::hash::Hasher;

/// The hasher of every content key: XXH3 (64 bits), made for hashing data, several
/// times faster than the standard library's SipHash on the JSON of views and the
/// text of pages, which a build after an edit hashes by the megabyte. Keys are only
/// compared with keys this same program made (each store and record holds the
/// program's identity), so the algorithm may change between versions.
pub(crate) type DefaultHasher = xxhash_rust::xxh3::Xxh3Default;

/// A hash of whatever `f` feeds the hasher.
pub(crate) fn hash_of(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::default();
    f(&mut h);
    h.finish()
}

/// Feed this program's identity to `h` (its version and its executable's size and
/// time): what it renders may differ from what another build of it rendered. An
/// unknown executable feeds the time, which no later hash repeats.
pub(crate) fn program(h: &mut DefaultHasher) {
    use std::hash::Hash;
    env!("CARGO_PKG_VERSION").hash(h);
    match std::env::current_exe().and_then(std::fs::metadata) {
        Ok(m) => (m.len(), m.modified().ok()).hash(h),
        Err(_) => std::time::SystemTime::now().hash(h),
    }
}

/// A hash of the JSON form of a value (as templates see it; maps in it are ordered).
pub(crate) fn json_hash<T: serde::Serialize + ?Sized>(h: &mut DefaultHasher, v: &T) {
    struct W<'a>(&'a mut DefaultHasher);
    impl std::io::Write for W<'_> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.write(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    if serde_json::to_writer(W(h), v).is_err() {
        // Not expressible as JSON (a map with non-text keys): never equal again.
        h.write_u128(std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()));
    }
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
