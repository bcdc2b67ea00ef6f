//! A large output written straight to its file (Linux's `O_DIRECT`), past
//! the page cache.
//!
//! `report --story S --format json` writes hundreds of megabytes. Written
//! the usual way, the kernel copies them into newly allocated page-cache
//! pages, and on the 2-core virtual machine that copy cost more than
//! everything else the command does: 1,177 MB of zeros took `dd` 1.6 to
//! 2.5 s of system time and 7 to 30 s of wall time at a load of 8 to a
//! fresh or existing file, and 0.12 s of system time and 1.5 s of wall
//! time with `oflag=direct`. A direct write needs its memory, file offset
//! and length aligned to the device's blocks: [`Direct`] gathers the
//! output in an aligned buffer and writes whole 4 MB blocks, and the last
//! partial block the usual way. When the output is not a regular file at
//! an aligned offset (a pipe, a terminal, a file opened to append), or
//! the file system refuses direct writes (tmpfs), it writes the usual way.

use std::fs::File;
use std::io::{Seek, Write};
use std::os::fd::AsRawFd;

/// Bytes written at a time: a multiple of every block size.
const BLOCK: usize = 4 << 20;
/// The alignment of a direct write's memory, offset and length: a page,
/// a multiple of any logical block size.
const ALIGN: usize = 4096;

/// A file written with `O_DIRECT` a block at a time while it can be, else
/// the usual way through a buffer of the same size.
pub struct Direct {
    file: File,
    /// The file's status flags before `O_DIRECT` was set (restored when
    /// done), `None` when writing the usual way.
    flags: Option<libc::c_int>,
    /// `BLOCK` bytes of it, from `start`, aligned to `ALIGN`.
    buf: Vec<u8>,
    start: usize,
    /// Bytes gathered.
    len: usize,
}

impl Direct {
    /// `file`, written directly when it can be.
    pub fn new(file: File) -> Direct {
        let buf = vec![0; BLOCK + ALIGN];
        let start = buf.as_ptr().align_offset(ALIGN).min(ALIGN);
        let flags = direct(&file);
        Direct { file, flags, buf, start, len: 0 }
    }

    /// Write the gathered bytes out: whole aligned blocks directly, then
    /// (`all`) the rest the usual way, `O_DIRECT` cleared first.
    fn write_out(&mut self, all: bool) -> std::io::Result<()> {
        let whole = if self.flags.is_some() { self.len / ALIGN * ALIGN } else { self.len };
        if whole > 0 {
            let block = self.start..self.start + whole;
            if let Err(e) = self.file.write_all(&self.buf[block.clone()]) {
                // A file system that took the flag but refuses the write:
                // the usual way (nothing of the block was written).
                if self.flags.is_none() || e.raw_os_error() != Some(libc::EINVAL) {
                    return Err(e);
                }
                self.restore()?;
                self.file.write_all(&self.buf[block])?;
            }
            self.buf.copy_within(self.start + whole..self.start + self.len, self.start);
            self.len -= whole;
        }
        if all && self.len > 0 {
            self.restore()?;
            self.file.write_all(&self.buf[self.start..self.start + self.len])?;
            self.len = 0;
        }
        Ok(())
    }

    /// Clear `O_DIRECT`: the file is written the usual way from here.
    fn restore(&mut self) -> std::io::Result<()> {
        let Some(flags) = self.flags.take() else { return Ok(()) };
        // SAFETY: fcntl with F_SETFL reads its integer arguments only, on
        // a descriptor this owns.
        if unsafe { libc::fcntl(self.file.as_raw_fd(), libc::F_SETFL, flags) } < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
}

/// Set `O_DIRECT` on `file` when it is a regular file at an aligned offset
/// and not opened to append; its flags before, or `None`.
fn direct(file: &File) -> Option<libc::c_int> {
    let fd = file.as_raw_fd();
    // SAFETY: fcntl with F_GETFL reads nothing but its integer arguments.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || flags & libc::O_APPEND != 0 || !file.metadata().is_ok_and(|m| m.is_file()) {
        return None;
    }
    // The offset is shared with every descriptor of the file: read, not moved.
    let mut at = file;
    let at = at.stream_position().ok()?;
    if at % ALIGN as u64 != 0 {
        return None;
    }
    // SAFETY: as above; F_SETFL only changes the file's status flags.
    (unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_DIRECT) } == 0).then_some(flags)
}

impl Write for Direct {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.len == BLOCK {
            self.write_out(false)?;
        }
        let n = bytes.len().min(BLOCK - self.len);
        let at = self.start + self.len;
        self.buf[at..at + n].copy_from_slice(&bytes[..n]);
        self.len += n;
        Ok(n)
    }

    /// Write everything gathered out; what comes after is written the
    /// usual way.
    fn flush(&mut self) -> std::io::Result<()> {
        self.write_out(true)?;
        self.file.flush()
    }
}

impl Drop for Direct {
    /// The file's flags as they were, whatever happened: a descriptor
    /// shared with the shell (`{ sitrep …; echo; } > file`) must not stay
    /// direct.
    fn drop(&mut self) {
        let _ = self.restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn what_is_written_directly_is_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut rng = fastrand::Rng::with_seed(3);
        for size in [0, 1, ALIGN - 1, ALIGN, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 12_345] {
            let bytes: Vec<u8> = (0..size).map(|_| rng.u8(..)).collect();
            let path = dir.path().join(format!("out-{size}"));
            let mut out = Direct::new(File::create(&path).unwrap());
            // Pieces of every size, as a writer of JSON gives them.
            let mut rest = &bytes[..];
            while !rest.is_empty() {
                let n = rng.usize(1..=rest.len().min(3 * ALIGN + 7));
                out.write_all(&rest[..n]).unwrap();
                rest = &rest[n..];
            }
            out.flush().unwrap();
            // Written the usual way after a flush, at any offset.
            out.write_all(b"tail").unwrap();
            out.flush().unwrap();
            drop(out);
            let mut back = Vec::new();
            File::open(&path).unwrap().read_to_end(&mut back).unwrap();
            assert!(back[..size] == bytes[..] && &back[size..] == b"tail", "{size} bytes");
        }
    }

    #[test]
    fn a_file_opened_to_append_or_not_a_file_is_written_the_usual_way() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        std::fs::write(&path, b"abc").unwrap();
        let file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        assert!(direct(&file).is_none());
        let mut out = Direct::new(file);
        out.write_all(b"def").unwrap();
        out.flush().unwrap();
        drop(out);
        assert_eq!(std::fs::read(&path).unwrap(), b"abcdef");
        assert!(direct(&File::open(dir.path()).unwrap()).is_none(), "a directory");
        // The flags are as they were once it is done.
        let file = File::create(dir.path().join("x")).unwrap();
        // SAFETY: F_GETFL reads the flags of a descriptor the test owns.
        let flags = || unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) };
        let before = flags();
        let out = Direct::new(file.try_clone().unwrap());
        drop(out);
        assert_eq!(flags(), before);
    }
}
