//! Rust's allocator for the `sitrep` binary: mimalloc, unless the process
//! runs under an address-space limit (`ulimit -v`), where the C library's
//! malloc is kept.
//!
//! Fusing a large story makes and frees millions of small values on both
//! cores, which glibc's malloc served with more CPU time and kept more of
//! (a 60,000-article store fused from scratch: 15.9 s and 941 MB resident
//! with glibc, 12.9 s and 680 MB with mimalloc; a +1,000 into a million
//! articles: 312 s and 3.17 GB, 240 s and 2.47 GB). But mimalloc reserves
//! address space ahead of its use (a gigabyte at a time), which under an
//! address-space limit would count as used and leave a document almost
//! none of the limit (`sitrep_ingest::limits::memory_headroom` reads the
//! address space in use). The choice is made once, at the first
//! allocation, from the limit then (sitrep never changes it), so every
//! block is freed by the allocator that made it. SQLite allocates from the
//! same allocator ([`sqlite_alike`]).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

/// The binary's global allocator.
pub struct Allocator;

/// 0 before the first allocation, then [`MIMALLOC`] or [`SYSTEM`].
static CHOSEN: AtomicU8 = AtomicU8::new(0);
const MIMALLOC: u8 = 1;
const SYSTEM: u8 = 2;

/// Whether mimalloc serves this process (the same answer on every call).
fn mimalloc() -> bool {
    match CHOSEN.load(Relaxed) {
        0 => {
            // Threads racing here read the same process-wide limit.
            let chosen = if address_space_limited() { SYSTEM } else { MIMALLOC };
            if chosen == MIMALLOC {
                give_back_promptly();
            }
            CHOSEN.store(chosen, Relaxed);
            chosen == MIMALLOC
        }
        chosen => chosen == MIMALLOC,
    }
}

/// mimalloc's option numbers (`mi_option_e` in the `mimalloc.h` that
/// libmimalloc-sys 0.1.49 builds, mimalloc 3.3; the crate names only some).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// How long freed memory waits before it goes back to the system, in ms.
const PURGE_AFTER_MS: std::ffi::c_long = 10;

/// Set mimalloc to give freed memory back to the system within
/// [`PURGE_AFTER_MS`]: by default it waits a second (`purge_delay`), and
/// on a system that overcommits it commits its arenas at once
/// (`arena_eager_commit`), purging them by resetting pages, which stay
/// resident until the system runs short. A large story's fusion frees
/// hundreds of megabytes in one step and allocates as much in the next:
/// memory kept for a second was counted twice. Re-fusing every story of
/// 100,000 generated articles peaked at 420 to 437 MB resident with the
/// defaults, 299 to 302 MB with these, in about the same time (see
/// docs/database.md for a million). Called before mimalloc serves the
/// first block; a `MIMALLOC_PURGE_DELAY` or `MIMALLOC_ARENA_EAGER_COMMIT`
/// in the environment is left to decide.
fn give_back_promptly() {
    // SAFETY: getenv reads the environment without allocating (so it is
    // safe inside the allocator), and mi_option_set writes one of
    // mimalloc's option slots.
    unsafe {
        if libc::getenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr()).is_null() {
            libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        }
        if libc::getenv(c"MIMALLOC_PURGE_DELAY".as_ptr()).is_null() {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_AFTER_MS);
        }
    }
}

/// Whether an address-space limit (`RLIMIT_AS`) is set; off Linux (where
/// `sitrep_ingest::limits` reads no limit either), none is.
fn address_space_limited() -> bool {
    #[cfg(target_os = "linux")]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes the limit into the struct it is given and allocates nothing.
        unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) == 0 && limit.rlim_cur != libc::RLIM_INFINITY }
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// Give back to the system what mimalloc holds of the memory freed in
/// this thread's heap (`mi_collect(true)`); nothing when the C library's
/// malloc serves Rust (`memory::release` trims that one).
pub fn collect() {
    if mimalloc() {
        // SAFETY: mi_collect only walks mimalloc's own heaps and segments.
        unsafe { libmimalloc_sys::mi_collect(true) }
    }
}

/// [`collect`] in this thread and in every thread of rayon's pool: each
/// thread allocates from a heap of its own, whose freed pages wait there
/// for the thread's next requests. Called where the pool is idle (it
/// waits for each thread to finish the work it is doing). The largest
/// story of 100,000 generated articles was fused from 77 MB resident,
/// against 95 MB when only the calling thread collected.
pub fn collect_everywhere() {
    if mimalloc() {
        rayon::broadcast(|_| collect());
        collect();
    }
}

/// Have SQLite allocate from mimalloc too when mimalloc serves Rust
/// (`SQLITE_CONFIG_MALLOC`); under an address-space limit SQLite keeps the
/// C library's malloc, as Rust does. Called before SQLite is first used
/// (it takes an allocator only before it starts): `false` when it had
/// started, or refused.
///
/// glibc's malloc keeps what SQLite frees in its arenas: SQLite's pages
/// are a little over 4 KB each, and a freed one between live ones holds
/// at most one whole page of memory that `malloc_trim` can return. At a
/// million articles, after the page cache was emptied, the arenas kept
/// about 30 MB resident with 84 MB of them free, at every peak of the
/// refresh. mimalloc keeps blocks of a size together and returns a page
/// of them once they are all free ([`give_back_promptly`]).
pub fn sqlite_alike() -> bool {
    if !mimalloc() {
        return true;
    }
    let methods = rusqlite::ffi::sqlite3_mem_methods {
        xMalloc: Some(sqlite::malloc),
        xFree: Some(sqlite::free),
        xRealloc: Some(sqlite::realloc),
        xSize: Some(sqlite::size),
        xRoundup: Some(sqlite::roundup),
        xInit: Some(sqlite::init),
        xShutdown: Some(sqlite::shutdown),
        pAppData: std::ptr::null_mut(),
    };
    // SAFETY: SQLITE_CONFIG_MALLOC takes a pointer to the methods, which
    // SQLite copies; it refuses (SQLITE_MISUSE) once it has started.
    unsafe { rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MALLOC, &methods as *const rusqlite::ffi::sqlite3_mem_methods) == rusqlite::ffi::SQLITE_OK }
}

/// SQLite's allocation methods over mimalloc (`sqlite3_mem_methods`).
mod sqlite {
    use std::ffi::{c_int, c_void};

    /// A block of `n` bytes (SQLite asks for at least one), aligned to 16.
    pub unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
        // SAFETY: mi_malloc takes any size and returns null when it has no memory, as SQLite expects.
        unsafe { libmimalloc_sys::mi_malloc(usize::try_from(n).unwrap_or(0)) }
    }

    pub unsafe extern "C" fn free(p: *mut c_void) {
        // SAFETY: SQLite frees only blocks `malloc` or `realloc` gave it.
        unsafe { libmimalloc_sys::mi_free(p) }
    }

    pub unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
        // SAFETY: as `free`; on failure the old block is left as it was.
        unsafe { libmimalloc_sys::mi_realloc(p, usize::try_from(n).unwrap_or(0)) }
    }

    /// The bytes a block can hold (SQLite's own methods answer with
    /// `malloc_usable_size` likewise), 0 for null.
    pub unsafe extern "C" fn size(p: *mut c_void) -> c_int {
        // SAFETY: `p` is null or a block of mimalloc's.
        c_int::try_from(unsafe { libmimalloc_sys::mi_usable_size(p) }).unwrap_or(c_int::MAX)
    }

    /// What a request of `n` bytes is rounded up to: a multiple of 8, as
    /// SQLite's own methods round.
    pub unsafe extern "C" fn roundup(n: c_int) -> c_int {
        n.saturating_add(7) & !7
    }

    pub unsafe extern "C" fn init(_: *mut c_void) -> c_int {
        rusqlite::ffi::SQLITE_OK
    }

    pub unsafe extern "C" fn shutdown(_: *mut c_void) {}
}

// SAFETY: every call goes to the allocator chosen once for the process,
// so each block is freed or resized by the allocator that made it.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if mimalloc() { unsafe { mimalloc::MiMalloc.alloc(layout) } } else { unsafe { System.alloc(layout) } }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if mimalloc() { unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) } } else { unsafe { System.alloc_zeroed(layout) } }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if mimalloc() { unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) } } else { unsafe { System.dealloc(ptr, layout) } }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if mimalloc() { unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) } } else { unsafe { System.realloc(ptr, layout, new_size) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_follows_the_address_space_limit_and_holds() {
        // The test harness allocates before any test runs: the choice is
        // made, from the limit it runs under.
        let _ = vec![0u8; 64];
        assert_eq!(mimalloc(), !address_space_limited());
        assert_ne!(CHOSEN.load(Relaxed), 0);
        if mimalloc() && std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: mi_option_get reads one of mimalloc's option slots.
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, PURGE_AFTER_MS);
        }
        // Blocks of every size class go and come back through it.
        let blocks: Vec<Vec<u8>> = (0..24).map(|p| vec![p as u8; 1 << p]).collect();
        assert!(blocks.iter().enumerate().all(|(p, b)| b.len() == 1 << p && b.iter().all(|&x| x == p as u8)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn sqlite_allocates_from_the_allocator_rust_does() {
        if !crate::memory::resident::alone("alloc::tests::sqlite_allocates_from_the_allocator_rust_does") {
            return;
        }
        assert!(sqlite_alike());
        let store = rusqlite::Connection::open_in_memory().unwrap();
        store.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (zeroblob(100000));").unwrap();
        let n: i64 = store.query_row("SELECT length(x) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 100_000);
        // SAFETY: a block from SQLite's allocator, asked for its size and freed once.
        unsafe {
            let block = rusqlite::ffi::sqlite3_malloc(1000);
            assert!(!block.is_null());
            assert!(rusqlite::ffi::sqlite3_msize(block) >= 1000);
            assert_eq!(libmimalloc_sys::mi_is_in_heap_region(block), mimalloc(), "mimalloc made SQLite's block: {}", mimalloc());
            rusqlite::ffi::sqlite3_free(block);
        }
        // Once SQLite has started, it keeps the allocator it has.
        assert_eq!(sqlite_alike(), !mimalloc());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn memory_freed_on_the_pools_threads_is_not_held_once_collected_everywhere() {
        use crate::memory::resident::{alone, now as resident};
        if !mimalloc() || !alone("alloc::tests::memory_freed_on_the_pools_threads_is_not_held_once_collected_everywhere") {
            return;
        }
        let start = resident();
        // 96 MB in blocks of 96 bytes made and freed on each thread of
        // rayon's pool, as a story's values are.
        let made: Vec<usize> = rayon::broadcast(|_| {
            let blocks: Vec<Box<[u8; 96]>> = (0..1024 * 1024).map(|i| Box::new([(i % 251) as u8; 96])).collect();
            blocks.iter().filter(|b| b[0] == b[95]).count()
        });
        assert!(made.iter().all(|&n| n == 1024 * 1024));
        collect_everywhere();
        let after = resident();
        assert!(after < start + 32 * 1024, "resident {start} kB -> {after} kB");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn small_blocks_freed_on_other_threads_go_back_to_the_system() {
        use crate::memory::resident::{alone, now as resident};
        if !mimalloc() || !alone("alloc::tests::small_blocks_freed_on_other_threads_go_back_to_the_system") {
            return;
        }
        // 384 MB in blocks of 96 bytes, made on two threads (as rayon's
        // workers make a story's values) and freed here: mimalloc keeps
        // their pages for later requests until it is told to collect.
        let blocks: Vec<Vec<Box<[u8; 96]>>> = std::thread::scope(|scope| {
            let made: Vec<_> = (0..2u8).map(|t| scope.spawn(move || (0..2 * 1024 * 1024).map(|_| Box::new([t + 1; 96])).collect::<Vec<_>>())).collect();
            made.into_iter().map(|m| m.join().unwrap()).collect()
        });
        assert!(blocks.iter().enumerate().all(|(t, b)| b.iter().all(|x| x[0] == t as u8 + 1 && x[95] == t as u8 + 1)));
        drop(blocks);
        let before = resident();
        collect();
        let after = resident();
        assert!(after + 128 * 1024 < before, "resident {before} kB -> {after} kB");
    }
}
