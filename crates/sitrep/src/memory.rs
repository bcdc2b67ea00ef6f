//! The allocators' upkeep: mimalloc, which Rust and SQLite allocate from,
//! and glibc's malloc, which serves both under an address-space limit
//! (see `alloc`).
//!
//! Both keep what is freed for later requests of the thread (mimalloc's
//! heaps) or arena (glibc's) that freed it. A large story's reading and
//! fusion free hundreds of megabytes on every core, and SQLite frees the
//! pages it read a story from and those it copied its report into:
//! [`release`] hands them back before the next large story is read.

/// Return what every thread freed to the system: mimalloc's free pages in
/// this thread's heap and in those of rayon's pool (`alloc::collect_everywhere`:
/// after the million profiles of a refresh were clustered, 0.94 GB of the
/// 1.24 GB resident was memory mimalloc kept for later requests), then
/// glibc's free memory in every arena (`malloc_trim`, which also releases
/// the free pages inside a heap, not only at its top); whether glibc
/// returned any. Called where the pool is idle.
pub fn release() -> bool {
    crate::alloc::collect_everywhere();
    trim()
}

/// [`release`] of what this thread freed alone (and the C library's free
/// pages): for a thread that runs beside rayon's busy pool.
pub fn release_here() -> bool {
    crate::alloc::collect();
    trim()
}

/// glibc's `malloc_trim`: whether any memory was returned.
fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim walks the allocator's own free lists under its locks.
    unsafe {
        libc::malloc_trim(0) == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    false
}

/// What the tests that measure the process's resident memory share: each
/// measures in a process of its own (the other tests of the binary
/// allocate and free meanwhile, and a process's resident memory counts
/// theirs: a trim measured beside them once saw 20 MB go back of 128 MB).
#[cfg(all(test, target_os = "linux"))]
pub(crate) mod resident {
    /// Set in the process a test measures alone in.
    const ALONE: &str = "SITREP_TEST_MEASURED_ALONE";

    /// Whether the test `name` (its path in the binary) is to measure in
    /// this process: in the process made for it, yes; otherwise it is run
    /// alone in a new process of this test binary, which must pass, and
    /// no.
    pub fn alone(name: &str) -> bool {
        if std::env::var_os(ALONE).is_some() {
            return true;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new(exe).args([name, "--exact", "--test-threads=1"]).env(ALONE, "1").output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && stdout.contains("1 passed"), "{name}, alone: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        false
    }

    /// The process's resident memory, in kB (`VmRSS` of `/proc/self/status`).
    pub fn now() -> usize {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::resident::{alone, now as resident};
    use super::*;

    #[test]
    fn freed_memory_inside_a_heap_goes_back_to_the_system() {
        if !alone("memory::tests::freed_memory_inside_a_heap_goes_back_to_the_system") {
            return;
        }
        // 256 MB from the C allocator (as SQLite asks for it) in blocks of
        // 16 kB (below mmap's threshold, so inside a heap), every other one
        // freed: glibc keeps the holes, which a trim at the top of the heap
        // cannot return.
        const BLOCK: usize = 16 * 1024;
        // SAFETY: each block is BLOCK bytes from malloc, written within
        // them, read and freed once.
        let blocks: Vec<*mut u8> = (0..16 * 1024)
            .map(|i| unsafe {
                let b = libc::malloc(BLOCK).cast::<u8>();
                assert!(!b.is_null());
                std::ptr::write_bytes(b, 1 + (i % 200) as u8, BLOCK);
                b
            })
            .collect();
        let (freed, kept): (Vec<(usize, *mut u8)>, Vec<(usize, *mut u8)>) = blocks.into_iter().enumerate().partition(|(i, _)| i % 2 == 1);
        for (_, b) in freed {
            unsafe { libc::free(b.cast()) };
        }
        let before = resident();
        assert!(release(), "free pages were returned");
        let after = resident();
        assert!(after + 64 * 1024 < before, "resident {before} kB -> {after} kB");
        // What is still held is intact.
        assert!(kept.iter().all(|&(i, b)| unsafe { *b == 1 + (i % 200) as u8 && *b.add(BLOCK - 1) == 1 + (i % 200) as u8 }));
        for (_, b) in kept {
            unsafe { libc::free(b.cast()) };
        }
    }
}
