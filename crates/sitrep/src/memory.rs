//! The C allocator's upkeep (glibc's malloc, which Rust's default global
//! allocator calls on Linux, as SQLite does).
//!
//! glibc gives each thread that allocates an arena of its own (up to eight
//! per core) and keeps what is freed inside an arena for later requests of
//! that arena, returning to the system only the free memory at the top of
//! a heap. Fusing a large story frees most of what it loaded, in small
//! pieces, and SQLite then copies the story's report (hundreds of
//! megabytes) into new mappings: [`release`] hands the free pages inside
//! every arena back first. (Fewer arenas, `mallopt(M_ARENA_MAX, 2)`, held
//! 330 MB less at the peak of a 150,000-document story but cost 30% more
//! CPU time in its fusion, the threads waiting for each other's arena.)

/// Return the free memory of every arena to the system (glibc's
/// `malloc_trim`, which also releases the free pages inside a heap, not
/// only at its top); whether any was returned.
pub fn release() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim walks the allocator's own free lists under its locks.
    unsafe {
        libc::malloc_trim(0) == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    false
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// The process's resident memory, in kB (`VmRSS` of `/proc/self/status`).
    fn resident() -> usize {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn freed_memory_inside_a_heap_goes_back_to_the_system() {
        // 256 MB in blocks of 16 kB (below mmap's threshold, so inside a
        // heap), every other one freed: glibc keeps the holes, which a
        // trim at the top of the heap cannot return.
        let blocks: Vec<Vec<u8>> = (0..16 * 1024).map(|i| vec![1 + (i % 200) as u8; 16 * 1024]).collect();
        let kept: Vec<Vec<u8>> = blocks.into_iter().step_by(2).collect();
        let before = resident();
        assert!(release(), "free pages were returned");
        let after = resident();
        assert!(after + 64 * 1024 < before, "resident {before} kB -> {after} kB");
        // What is still held is intact.
        assert!(kept.iter().enumerate().all(|(i, b)| b.len() == 16 * 1024 && b[16 * 1024 - 1] == 1 + (2 * i % 200) as u8));
    }
}
