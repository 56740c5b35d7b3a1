//! Locking that survives a panicked holder.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks a mutex, carrying on with the data if another thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
