//! Locks shared by the parallel stages: a poisoned lock only means another thread
//! panicked while holding it; every value kept behind these locks is replaced whole
//! (one assignment or insert), so it stays usable.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Lock `m`, also when another thread panicked while holding it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
