//! Limits that keep one input from taking a run down: how many bytes an
//! input may yield after decompression, how large one document may be, how
//! deep an HTML page may nest, and the memory limit the process runs under.

use std::fmt;

/// Most bytes read from one input (a file, an archive, standard input) after
/// decompression, by default: 16 GiB, above the largest news archives
/// (a Common Crawl news WARC is about 5 GB decompressed).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 16 << 30;

/// Largest document by default: 16 MiB of page (a file holding one page, a
/// JSON Lines line, a WARC record or its decompressed HTTP payload). News
/// pages are well under 5 MB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 << 20;

/// Deepest element nesting of an HTML page that reaches the parser: deeper
/// start tags are dropped (their text stays in the element at this depth).
/// Real pages nest 20 to 60 deep.
pub const MAX_HTML_DEPTH: usize = 256;

/// What the readers refuse to go beyond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes one input may yield after decompression.
    pub max_input_bytes: u64,
    /// Largest document, in bytes as read.
    pub max_doc_bytes: u64,
    /// The memory limit that lowered `max_doc_bytes` below what was asked, if one did.
    pub memory: Option<Memory>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_input_bytes: DEFAULT_MAX_INPUT_BYTES, max_doc_bytes: DEFAULT_MAX_DOC_BYTES, memory: None }
    }
}

/// A memory limit the process runs under and what it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// The limit, in bytes.
    pub limit: u64,
    /// Where it comes from.
    pub kind: MemoryKind,
}

/// The kinds of memory limit a process can be under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryKind {
    /// `RLIMIT_AS` (`ulimit -v`): the address space.
    AddressSpace,
    /// The control group's `memory.max` (or `memory.limit_in_bytes`).
    Cgroup,
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            MemoryKind::AddressSpace => "address-space limit (ulimit -v)",
            MemoryKind::Cgroup => "control group's memory limit",
        };
        write!(f, "the {what} of {}", human(self.limit))
    }
}

/// Memory a document needs while it is extracted, annotated and written out,
/// per byte of the document (measured: about 41 bytes per byte of text for
/// annotation alone, plus the output).
pub const BYTES_PER_DOC_BYTE: u64 = 64;

/// Memory a worker thread costs besides its documents. Under an
/// address-space limit, the C allocator reserves 64 MiB of addresses per
/// thread arena and the stack its size.
const THREAD_OVERHEAD: [u64; 2] = [128 << 20, 16 << 20];

/// What a batch of documents held at once costs per byte of it: the
/// documents read, and their results waiting to be written.
const BATCH_FACTOR: u64 = 10;

impl Limits {
    /// These limits with the largest document lowered to what the memory
    /// limit the process runs under (if any) leaves for each of `threads`
    /// documents at once, besides a batch of `batch` bytes of documents.
    pub fn fit_memory(self, threads: usize, batch: u64) -> Limits {
        self.fit(memory_headroom(), threads, batch)
    }

    fn fit(self, headroom: Option<(Memory, u64)>, threads: usize, batch: u64) -> Limits {
        let Some((memory, left)) = headroom else { return self };
        let threads = threads.max(1) as u64;
        let overhead = match memory.kind {
            MemoryKind::AddressSpace => THREAD_OVERHEAD[0],
            MemoryKind::Cgroup => THREAD_OVERHEAD[1],
        };
        let batch = batch.min(left / (4 * BATCH_FACTOR));
        let per_doc = left.saturating_sub(threads * overhead + BATCH_FACTOR * batch) / threads / BYTES_PER_DOC_BYTE;
        if per_doc >= self.max_doc_bytes {
            return self;
        }
        Limits { max_doc_bytes: per_doc.max(1), memory: Some(memory), ..self }
    }
}

/// The memory limit this process runs under and how much of it is left,
/// when one is set (Linux: `RLIMIT_AS` from `/proc/self/limits`, cgroup v2
/// `memory.max` or v1 `memory.limit_in_bytes`). The tightest wins.
pub fn memory_headroom() -> Option<(Memory, u64)> {
    let address_space = rlimit_as().map(|limit| {
        let used = proc_status_kb("VmSize").unwrap_or(0) * 1024;
        (Memory { limit, kind: MemoryKind::AddressSpace }, limit.saturating_sub(used))
    });
    let cgroup = cgroup_memory().map(|(limit, used)| (Memory { limit, kind: MemoryKind::Cgroup }, limit.saturating_sub(used)));
    [address_space, cgroup].into_iter().flatten().min_by_key(|&(_, left)| left)
}

/// Values at or above this are "no limit" (cgroup v1 writes 2^63 rounded to a page).
const UNLIMITED: u64 = 1 << 62;

fn rlimit_as() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max address space"))?;
    let soft = line["Max address space".len()..].split_whitespace().next()?;
    soft.parse().ok().filter(|&v| v < UNLIMITED)
}

/// A field of this process's `/proc/self/status` counted in kB (`VmSize`,
/// `VmRSS`, `VmHWM`, ...); `None` where it cannot be read.
pub fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    line[field.len() + 1..].split_whitespace().next()?.parse().ok()
}

/// The limit and current usage of this process's memory control group.
fn cgroup_memory() -> Option<(u64, u64)> {
    let groups = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let read = |path: String| std::fs::read_to_string(path).ok().and_then(|s| s.trim().parse::<u64>().ok());
    for line in groups.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let (limit, usage) = if controllers.is_empty() {
            // cgroup v2: "max" means none.
            let dir = format!("/sys/fs/cgroup{path}");
            let dir = if std::path::Path::new(&dir).join("memory.max").exists() { dir } else { "/sys/fs/cgroup".to_string() };
            (read(format!("{dir}/memory.max")), read(format!("{dir}/memory.current")))
        } else if controllers.split(',').any(|c| c == "memory") {
            let dir = format!("/sys/fs/cgroup/memory{path}");
            let dir = if std::path::Path::new(&dir).exists() { dir } else { "/sys/fs/cgroup/memory".to_string() };
            (read(format!("{dir}/memory.limit_in_bytes")), read(format!("{dir}/memory.usage_in_bytes")))
        } else {
            continue;
        };
        if let Some(limit) = limit.filter(|&l| l < UNLIMITED) {
            return Some((limit, usage.unwrap_or(0)));
        }
    }
    None
}

/// A byte count as people read it: "512 B", "16.0 MiB", "2.5 GiB".
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// Parse a byte count: a number with an optional unit, `K`/`KB`/`KiB`,
/// `M`, `G` or `T` (powers of 1024, any case).
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("expected a size such as 512K, 16M or 2G, got {s:?}")),
    };
    let value: f64 = num.parse().map_err(|_| format!("expected a size such as 512K, 16M or 2G, got {s:?}"))?;
    let bytes = value * (1u64 << shift) as f64;
    if !(1.0..=u64::MAX as f64).contains(&bytes) {
        return Err(format!("a size must be at least one byte, got {s:?}"));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_bytes("512"), Ok(512));
        assert_eq!(parse_bytes("16M"), Ok(16 << 20));
        assert_eq!(parse_bytes("1.5 GiB"), Ok(3 << 29));
        assert_eq!(parse_bytes("2kb"), Ok(2048));
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("ten").is_err());
        assert!(parse_bytes("5 parsecs").is_err());
    }

    #[test]
    fn sizes_print_for_people() {
        assert_eq!(human(100), "100 B");
        assert_eq!(human(16 << 20), "16.0 MiB");
        assert_eq!(human(3 << 29), "1.5 GiB");
    }

    #[test]
    fn a_memory_limit_lowers_the_document_limit_only_when_it_must() {
        let asked = Limits::default();
        assert_eq!(asked.fit(None, 8, 32 << 20), asked);
        let roomy = Memory { limit: 64 << 30, kind: MemoryKind::Cgroup };
        assert_eq!(asked.fit(Some((roomy, 60 << 30)), 8, 32 << 20), asked);
        let tight = Memory { limit: 1 << 30, kind: MemoryKind::AddressSpace };
        let fitted = asked.fit(Some((tight, 1000 << 20)), 2, 32 << 20);
        assert_eq!(fitted.memory, Some(tight));
        assert!(fitted.max_doc_bytes < 8 << 20 && fitted.max_doc_bytes > 1 << 20, "{}", fitted.max_doc_bytes);
        let exhausted = asked.fit(Some((tight, 0)), 2, 32 << 20);
        assert_eq!(exhausted.max_doc_bytes, 1);
    }

    #[test]
    fn the_memory_limit_when_one_is_set_leaves_less_than_it() {
        if let Some((memory, left)) = memory_headroom() {
            assert!(left <= memory.limit);
        }
    }
}
