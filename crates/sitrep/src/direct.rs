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
//! partial block the usual way. A direct write waits for the disk, so the
//! blocks are written by a thread of their own while the next is gathered
//! (the largest story's report, 580 MB, took 1.82 to 1.93 s to a file
//! written on the thread that makes it, 0.8 s to `/dev/null`). When the
//! output is not a regular file at an aligned offset (a pipe, a terminal,
//! a file opened to append), or the file system refuses direct writes
//! (tmpfs), it writes the usual way.

use std::fs::File;
use std::io::{Seek, Write};
use std::os::fd::AsRawFd;
use std::sync::mpsc::{Receiver, SyncSender};

/// Bytes written at a time: a multiple of every block size.
const BLOCK: usize = 4 << 20;
/// The alignment of a direct write's memory, offset and length: a page,
/// a multiple of any logical block size.
const ALIGN: usize = 4096;

/// A buffer of [`BLOCK`] bytes whose start is aligned to [`ALIGN`].
struct Aligned {
    bytes: Vec<u8>,
    start: usize,
    /// Bytes gathered.
    len: usize,
}

impl Aligned {
    fn new() -> Aligned {
        let bytes = vec![0; BLOCK + ALIGN];
        let start = bytes.as_ptr().align_offset(ALIGN).min(ALIGN);
        Aligned { bytes, start, len: 0 }
    }

    fn gathered(&self) -> &[u8] {
        &self.bytes[self.start..self.start + self.len]
    }
}

/// A thread writing whole blocks while the next is gathered: a direct
/// write waits for the disk, and the output is made meanwhile.
struct Writer {
    blocks: SyncSender<Aligned>,
    /// Each block sent back once written (emptied), or why it was not.
    written: Receiver<std::io::Result<Aligned>>,
    thread: std::thread::JoinHandle<()>,
    /// Whether a block is being written.
    busy: bool,
}

impl Writer {
    fn start(file: File, flags: libc::c_int) -> Writer {
        let (blocks, todo) = std::sync::mpsc::sync_channel::<Aligned>(1);
        let (done, written) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::spawn(move || {
            let mut file = file;
            for mut block in todo {
                let result = write_block(&mut file, flags, block.gathered()).map(|()| {
                    block.len = 0;
                    block
                });
                let failed = result.is_err();
                if done.send(result).is_err() || failed {
                    return;
                }
            }
        });
        Writer { blocks, written, thread, busy: false }
    }

    /// Wait for the block being written; it is given back, emptied.
    fn wait(&mut self) -> std::io::Result<Option<Aligned>> {
        if !std::mem::take(&mut self.busy) {
            return Ok(None);
        }
        match self.written.recv() {
            Ok(result) => result.map(Some),
            Err(_) => Err(std::io::Error::other("the thread writing the output stopped")),
        }
    }

    /// Wait for the block being written, and for the thread to end.
    fn finish(mut self) -> std::io::Result<()> {
        let waited = self.wait();
        drop(self.blocks);
        let joined = self.thread.join();
        waited?;
        joined.map_err(|_| std::io::Error::other("the thread writing the output stopped"))
    }
}

/// Write one whole block to a file set to `O_DIRECT`; a file system that
/// took the flag but refuses the write (nothing of the block is written)
/// gets it the usual way, the flag cleared (`flags`, as they were).
fn write_block(file: &mut File, flags: libc::c_int, block: &[u8]) -> std::io::Result<()> {
    match file.write_all(block) {
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
            set_flags(file, flags)?;
            file.write_all(block)
        }
        written => written,
    }
}

/// Set a file's status flags.
fn set_flags(file: &File, flags: libc::c_int) -> std::io::Result<()> {
    // SAFETY: fcntl with F_SETFL reads its integer arguments only, on a
    // descriptor the caller holds.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// A file written with `O_DIRECT` a block at a time while it can be (by
/// a thread of its own, while the next block is gathered), else the
/// usual way through a buffer of the same size.
pub struct Direct {
    file: File,
    /// The file's status flags before `O_DIRECT` was set (restored when
    /// done), `None` when writing the usual way.
    flags: Option<libc::c_int>,
    /// The block being gathered.
    buf: Aligned,
    /// The thread writing whole blocks directly, started at the first.
    writer: Option<Writer>,
}

impl Direct {
    /// `file`, written directly when it can be.
    pub fn new(file: File) -> Direct {
        let flags = direct(&file);
        Direct { file, flags, buf: Aligned::new(), writer: None }
    }

    /// Hand the full block to the writing thread (started at the first,
    /// on a duplicate of the descriptor: the same offset and flags) and
    /// go on with the one it wrote before, or a new one.
    fn hand_over(&mut self, flags: libc::c_int) -> std::io::Result<()> {
        if self.writer.is_none() {
            self.writer = Some(Writer::start(self.file.try_clone()?, flags));
        }
        let writer = self.writer.as_mut().expect("started above");
        let next = writer.wait()?.unwrap_or_else(Aligned::new);
        let full = std::mem::replace(&mut self.buf, next);
        if writer.blocks.send(full).is_err() {
            return Err(std::io::Error::other("the thread writing the output stopped"));
        }
        writer.busy = true;
        Ok(())
    }

    /// Write everything gathered out, after the blocks handed over: whole
    /// aligned blocks directly, then the rest the usual way, `O_DIRECT`
    /// cleared first.
    fn write_out(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.take() {
            writer.finish()?;
        }
        let whole = if self.flags.is_some() { self.buf.len / ALIGN * ALIGN } else { 0 };
        if let Some(flags) = self.flags.filter(|_| whole > 0) {
            let block = self.buf.start..self.buf.start + whole;
            write_block(&mut self.file, flags, &self.buf.bytes[block])?;
        }
        self.restore()?;
        self.file.write_all(&self.buf.gathered()[whole..])?;
        self.buf.len = 0;
        Ok(())
    }

    /// Clear `O_DIRECT`: the file is written the usual way from here.
    fn restore(&mut self) -> std::io::Result<()> {
        match self.flags.take() {
            Some(flags) => set_flags(&self.file, flags),
            None => Ok(()),
        }
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
        if self.buf.len == BLOCK {
            match self.flags {
                Some(flags) => self.hand_over(flags)?,
                None => self.write_out()?,
            }
        }
        let n = bytes.len().min(BLOCK - self.buf.len);
        let at = self.buf.start + self.buf.len;
        self.buf.bytes[at..at + n].copy_from_slice(&bytes[..n]);
        self.buf.len += n;
        Ok(n)
    }

    /// Write everything gathered out; what comes after is written the
    /// usual way.
    fn flush(&mut self) -> std::io::Result<()> {
        self.write_out()?;
        self.file.flush()
    }
}

impl Drop for Direct {
    /// The file's flags as they were, whatever happened (once the writing
    /// thread is done): a descriptor shared with the shell (`{ sitrep …;
    /// echo; } > file`) must not stay direct.
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            let _ = writer.finish();
        }
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
