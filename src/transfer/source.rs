//! What `ddb import` reads: files, directories of an export, stdin, and
//! temporary copies on disk of stdin or of S3 objects, each read twice (to
//! check, then to write), gunzipped when they start with gzip's magic bytes.
//!
//! The second read must be the first one again. What cannot be read twice
//! (stdin, a FIFO, a process substitution's `/dev/fd/N`, a device) is copied
//! to a temporary file while it is checked, and the write reads the copy. A
//! regular file is read where it is: the check notes its identity, size and
//! modification time and a SHA-256 digest of each block of its lines, and
//! the write refuses a file whose identity, size or time changed, and sends
//! a block's items only once its lines read as they did when checked.
//!
//! Lines are read up to [`MAX_LINE_BYTES`]: a longer one is refused while
//! it streams, so memory never follows the longest line.

use std::fs::{File, Metadata};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

use crate::app::error::CliError;
use crate::app::output;
use crate::model::item_rules::MAX_ITEM_BYTES;

/// The longest line an item can take, its line end not counted: 4 MiB.
///
/// DynamoDB's limit is on the item (400 KB, [`MAX_ITEM_BYTES`]), and a
/// line's text can be longer than the item it holds: the densest text that
/// `ddb export` or AWS's export writes is a map entry with an empty name
/// holding a null, `"":{"NULL":true},` in DynamoDB JSON, 17 bytes of text
/// for the 2 bytes DynamoDB counts (8.5 times; a string of control
/// characters, each written as `\u0001`, is 6 times). 8.5 times 400 KB is
/// 3.4 MB, under this bound, which is about ten times the item limit.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

const _: () = assert!(MAX_LINE_BYTES > MAX_ITEM_BYTES * 17 / 2);

/// A block of lines ends once it holds this many lines ...
const BLOCK_LINES: usize = 500;
/// ... or this many bytes: what the write holds until it has compared the
/// block's digest with the check's.
const BLOCK_BYTES: usize = 1024 * 1024;

/// One input: a file, stdin, or a temporary copy on disk (of stdin, a FIFO
/// or a device, or of an S3 object), read once to check and once more to write.
pub enum Input {
    Path(PathBuf),
    Stdin,
    Spooled {
        name: String,
        file: tempfile::NamedTempFile,
    },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "stdin".to_string(),
            Input::Spooled { name, .. } => name.clone(),
        }
    }

    /// Opens the input for the check. What cannot be read twice is copied,
    /// as it is read, into a temporary file that the write reads instead.
    pub fn first_read(self) -> Result<FirstRead, CliError> {
        let name = self.name();
        let read_error =
            |e: io::Error| CliError::usage(format!("reading {name}: {e}")).hint(INPUT_HINT);
        let opened = match &self {
            Input::Stdin => None,
            Input::Path(p) => Some(File::open(p).map_err(read_error)?),
            Input::Spooled { file, .. } => Some(file.reopen().map_err(read_error)?),
        };
        let source: Box<dyn Read> = match opened {
            Some(file) if file.metadata().map_err(read_error)?.is_file() => {
                return Ok(FirstRead {
                    input: self,
                    watch: file.try_clone().map_err(read_error)?,
                    reader: Box::new(file),
                })
            }
            // A FIFO or a device: read from the descriptor opened (opening
            // a FIFO again would wait for another writer).
            Some(file) => Box::new(file),
            None => Box::new(io::stdin()),
        };
        let spool = tempfile::NamedTempFile::new().map_err(|e| {
            CliError::new(format!("cannot create a temporary file for {name}: {e}"))
                .hint("set TMPDIR to a writable directory with room for the input")
        })?;
        let copy =
            |e: io::Error| CliError::new(format!("cannot open the temporary file for {name}: {e}"));
        Ok(FirstRead {
            reader: Box::new(Tee {
                inner: source,
                copy: spool.reopen().map_err(copy)?,
            }),
            watch: spool.reopen().map_err(copy)?,
            input: Input::Spooled { name, file: spool },
        })
    }

    /// Opens the input again for the write, refusing it when it is no
    /// longer the file the check read (another file, another size or time).
    pub fn second_read(&self, checked: &FileState) -> Result<Box<dyn Read>, Changed> {
        let file = File::open(self.path()?)
            .map_err(|e| Changed(format!("it cannot be opened again ({e})")))?;
        checked.compare(file.metadata())?;
        Ok(Box::new(file))
    }

    /// Whether the file the write reads still looks as the check left it.
    pub fn unchanged(&self, checked: &FileState) -> Result<(), Changed> {
        checked.compare(std::fs::metadata(self.path()?))
    }

    /// The file the second read opens (none for stdin, which is never read twice).
    fn path(&self) -> Result<&Path, Changed> {
        match self {
            Input::Path(p) => Ok(p),
            Input::Stdin => Err(Changed("stdin cannot be read again".into())),
            Input::Spooled { file, .. } => Ok(file.path()),
        }
    }
}

/// An input opened for the check: its bytes, the input the write reads,
/// and a handle on the file the write reads (the input itself or its copy).
pub struct FirstRead {
    pub(super) input: Input,
    pub(super) reader: Box<dyn Read>,
    watch: File,
}

impl FirstRead {
    /// The input, and the state of the file the write reads, once the
    /// check has read it to its end (`reader` is spent).
    pub fn done(self) -> io::Result<(Input, FileState)> {
        let state = FileState::of(&self.watch.metadata()?);
        Ok((self.input, state))
    }
}

/// How an input differs from what the check read.
#[derive(Debug)]
pub struct Changed(pub(super) String);

/// What identifies a file's content without reading it: device and inode,
/// size and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
}

impl FileState {
    fn of(meta: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        FileState {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
        }
    }

    /// Fails, saying what changed, unless `now` is the same state.
    fn compare(&self, now: io::Result<Metadata>) -> Result<(), Changed> {
        let now = now.map_err(|e| Changed(format!("it cannot be looked at again ({e})")))?;
        match self.difference(&FileState::of(&now)) {
            Some(what) => Err(Changed(what)),
            None => Ok(()),
        }
    }

    /// What changed from `self` to `now`, in words.
    fn difference(&self, now: &FileState) -> Option<String> {
        if (self.device, self.inode) != (now.device, now.inode) {
            Some("another file has taken its name (its device and inode differ)".into())
        } else if self.size != now.size {
            Some(format!(
                "its size went from {} to {} bytes",
                output::thousands(self.size),
                output::thousands(now.size)
            ))
        } else if self.modified != now.modified {
            Some("its modification time changed".into())
        } else {
            None
        }
    }
}

/// The lines of `raw`, gunzipped when it starts with gzip's magic bytes.
pub fn lines_of<'a>(raw: Box<dyn Read + 'a>) -> io::Result<LineReader<'a>> {
    let mut buffered = BufReader::with_capacity(256 * 1024, raw);
    let inner: Box<dyn BufRead + 'a> = if buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    Ok(LineReader {
        inner,
        buf: Vec::new(),
    })
}

/// Reads lines of at most [`MAX_LINE_BYTES`], never holding more.
pub struct LineReader<'a> {
    inner: Box<dyn BufRead + 'a>,
    buf: Vec<u8>,
}

/// Why the next line could not be had.
#[derive(Debug)]
pub enum LineError {
    Io(io::Error),
    /// No line end within [`MAX_LINE_BYTES`]: `bytes` were read of it.
    TooLong {
        bytes: usize,
    },
}

impl LineReader<'_> {
    /// The next line as read, its newline included; `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<&[u8]>, LineError> {
        self.buf.clear();
        let limit = MAX_LINE_BYTES as u64 + 1;
        let n = (&mut self.inner)
            .take(limit)
            .read_until(b'\n', &mut self.buf)
            .map_err(LineError::Io)?;
        if n == 0 {
            return Ok(None);
        }
        if self.buf.len() > MAX_LINE_BYTES && !self.buf.ends_with(b"\n") {
            return Err(LineError::TooLong {
                bytes: self.buf.len(),
            });
        }
        Ok(Some(&self.buf))
    }
}

/// A line's text: without its line end (and, on the first line, without
/// a byte-order mark, which editors on Windows write), or why it is not text.
pub fn line_text(raw: &[u8], first: bool) -> Result<&str, String> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let text = std::str::from_utf8(raw).map_err(|e| {
        format!(
            "not UTF-8 text (an invalid byte at column {})",
            e.valid_up_to() + 1
        )
    })?;
    Ok(if first {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    })
}

/// A run of lines of one input and the SHA-256 digest of their bytes.
#[derive(Debug, Clone)]
pub struct Block {
    /// The number of lines up to the block's end, counted from the input's start.
    end: usize,
    digest: [u8; 32],
}

/// The digests of an input's lines, block by block, as the check reads them.
#[derive(Default)]
pub struct Digests {
    blocks: Vec<Block>,
    hasher: Sha256,
    lines: usize,
    block_lines: usize,
    block_bytes: usize,
}

impl Digests {
    /// Adds the next line, as read.
    pub fn add(&mut self, raw: &[u8]) {
        self.hasher.update(raw);
        self.lines += 1;
        self.block_lines += 1;
        self.block_bytes += raw.len();
        if self.block_lines >= BLOCK_LINES || self.block_bytes >= BLOCK_BYTES {
            self.close();
        }
    }

    fn close(&mut self) {
        if self.block_lines > 0 {
            self.blocks.push(Block {
                end: self.lines,
                digest: self.hasher.finalize_reset().into(),
            });
            self.block_lines = 0;
            self.block_bytes = 0;
        }
    }

    /// What the check read of one input, to compare the write's reading with.
    pub fn finish(mut self, state: FileState) -> Fingerprint {
        self.close();
        Fingerprint {
            state,
            lines: self.lines,
            blocks: self.blocks,
        }
    }
}

/// What the check read of one input.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    pub(super) state: FileState,
    /// Lines read, blank ones included.
    pub(super) lines: usize,
    blocks: Vec<Block>,
}

/// The second read of one input, compared with what the check read: lines
/// are held until their block's digest matches, then handed on.
pub struct Verifier<'a> {
    checked: &'a Fingerprint,
    next: usize,
    hasher: Sha256,
    lines: usize,
    held: Vec<(usize, Vec<u8>)>,
}

impl<'a> Verifier<'a> {
    pub fn new(checked: &'a Fingerprint) -> Self {
        Verifier {
            checked,
            next: 0,
            hasher: Sha256::new(),
            lines: 0,
            held: Vec::new(),
        }
    }

    /// Adds the next line as read; once it ends a block that reads as it
    /// did, returns the block's lines with their index (0 for the first).
    pub fn add(&mut self, raw: &[u8]) -> Result<Vec<(usize, Vec<u8>)>, Changed> {
        let Some(block) = self.checked.blocks.get(self.next) else {
            return Err(Changed(format!(
                "it has more lines than were checked (line {} is new)",
                self.lines + 1
            )));
        };
        self.hasher.update(raw);
        self.held.push((self.lines, raw.to_vec()));
        self.lines += 1;
        if self.lines < block.end {
            return Ok(Vec::new());
        }
        let start = self.held.first().map_or(0, |(n, _)| *n) + 1;
        if <[u8; 32]>::from(self.hasher.finalize_reset()) != block.digest {
            return Err(Changed(format!(
                "lines {start}-{} no longer read as they did when they were checked",
                block.end
            )));
        }
        self.next += 1;
        Ok(std::mem::take(&mut self.held))
    }

    /// The input's end: every line the check read must have come again.
    pub fn end(&self) -> Result<(), Changed> {
        if self.next == self.checked.blocks.len() {
            Ok(())
        } else {
            Err(Changed(format!(
                "it now ends after line {}, and the check read {} lines",
                self.lines, self.checked.lines
            )))
        }
    }
}

/// A reader that copies everything it reads into a file: an input that
/// cannot be read twice, read once to check, is kept for the write.
struct Tee {
    inner: Box<dyn Read>,
    copy: File,
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::io::Write;
        let n = self.inner.read(buf)?;
        // Written unbuffered (the reads come in 256 KiB blocks), so a full
        // disk is an error here, not a silently short copy.
        self.copy.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// Says something on stderr: `text`, or with `--output json` one JSON
/// object a line, `{"<key>": value}`, so that every line on stderr is JSON.
pub fn tell(key: &str, value: impl serde::Serialize, text: impl std::fmt::Display) {
    if output::json_stderr() {
        output::json_note(key, serde_json::to_value(value).unwrap_or_default());
    } else {
        output::note(text.to_string());
    }
}

pub const INPUT_HINT: &str =
    "name files or directories written by `cruddur ddb export` or an export to S3";
/// AWS's export writes `manifest-*.json` files beside the data: not items.
pub fn is_manifest(name: &str) -> bool {
    name.starts_with("manifest-") && name.ends_with(".json")
}

/// Data files in a directory tree: `.json`, `.jsonl`, `.ndjson`, each
/// possibly `.gz`, other than manifests, in name order.
fn data_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            data_files(&path, out)?;
        } else {
            let base = name.strip_suffix(".gz").unwrap_or(&name);
            let data = [".json", ".jsonl", ".ndjson"]
                .iter()
                .any(|ext| base.ends_with(ext));
            if data && !is_manifest(&name) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// The inputs named on the command line, directories expanded; a skipped
/// file is said on stderr (as JSON with `json`).
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, CliError> {
    let mut out = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            out.push(Input::Stdin);
            continue;
        }
        let meta = std::fs::metadata(path)
            .map_err(|e| CliError::usage(format!("{}: {e}", path.display())).hint(INPUT_HINT))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            data_files(path, &mut files).map_err(|e| {
                CliError::usage(format!("reading directory {}: {e}", path.display()))
            })?;
            if files.is_empty() {
                return Err(CliError::usage(format!(
                    "{}: no data files (.json, .jsonl, .ndjson, each possibly .gz) in this directory",
                    path.display()
                ))
                .hint(INPUT_HINT));
            }
            out.extend(files.into_iter().map(Input::Path));
        } else if is_manifest(&path.file_name().unwrap_or_default().to_string_lossy()) {
            let file = path.display().to_string();
            let reason = "an export's manifest, not data";
            tell(
                "skipped",
                serde_json::json!({ "file": file, "reason": reason }),
                format!("skipping {file}: {reason}"),
            );
        } else {
            out.push(Input::Path(path.clone()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(bytes: Vec<u8>) -> LineReader<'static> {
        lines_of(Box::new(io::Cursor::new(bytes))).unwrap()
    }

    fn all_lines(mut lines: LineReader) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(raw) = lines.next_line().unwrap() {
            out.push(String::from_utf8(raw.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn lines_keep_their_ends_and_the_last_may_have_none() {
        let lines = all_lines(reader(b"a\r\nb\n\nc".to_vec()));
        assert_eq!(lines, ["a\r\n", "b\n", "\n", "c"]);
        assert_eq!(line_text(b"a\r\n", false), Ok("a"));
        assert_eq!(line_text("\u{feff}{}\n".as_bytes(), true), Ok("{}"));
        assert_eq!(
            line_text(b"ab\xff\n", false),
            Err("not UTF-8 text (an invalid byte at column 3)".to_string())
        );
    }

    #[test]
    fn a_line_longer_than_the_limit_is_refused_after_the_limit_and_one_byte() {
        let mut text = b"{}\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 1));
        text.push(b'\n');
        let mut lines = reader(text.clone());
        assert_eq!(lines.next_line().unwrap(), Some(&b"{}\n"[..]));
        match lines.next_line() {
            Err(LineError::TooLong { bytes }) => assert_eq!(bytes, MAX_LINE_BYTES + 1),
            Err(e) => panic!("{e:?}"),
            Ok(line) => panic!("a line of {:?} bytes", line.map(<[u8]>::len)),
        }
        // The limit itself fits.
        text.truncate(text.len() - 2);
        text.push(b'\n');
        let lines = all_lines(reader(text));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].len(), MAX_LINE_BYTES + 1);
    }

    fn state() -> FileState {
        FileState {
            device: 1,
            inode: 2,
            size: 3,
            modified: (4, 5),
        }
    }

    /// The digests of `lines`, and what a second read of `again` hands on
    /// (the lines released) and how it ends.
    fn reread(lines: &[String], again: &[String]) -> (usize, Result<(), String>) {
        let mut digests = Digests::default();
        for line in lines {
            digests.add(line.as_bytes());
        }
        let checked = digests.finish(state());
        let mut verifier = Verifier::new(&checked);
        let mut released = 0;
        for line in again {
            match verifier.add(line.as_bytes()) {
                Ok(block) => released += block.len(),
                Err(Changed(what)) => return (released, Err(what)),
            }
        }
        (released, verifier.end().map_err(|Changed(what)| what))
    }

    #[test]
    fn a_second_read_hands_on_only_blocks_that_read_as_checked() {
        let lines: Vec<String> = (0..1200).map(|i| format!("line {i}\n")).collect();
        assert_eq!(reread(&lines, &lines), (1200, Ok(())));

        let mut changed = lines.clone();
        changed[700] = "line 7oo\n".to_string();
        assert_eq!(
            reread(&lines, &changed),
            (
                500,
                Err("lines 501-1000 no longer read as they did when they were checked".into())
            )
        );

        let mut longer = lines.clone();
        longer.push("late\n".to_string());
        assert_eq!(
            reread(&lines, &longer),
            (
                1200,
                Err("it has more lines than were checked (line 1201 is new)".into())
            )
        );

        assert_eq!(
            reread(&lines, &lines[..1100]),
            (
                1000,
                Err("it now ends after line 1100, and the check read 1200 lines".into())
            )
        );
    }

    #[test]
    fn a_block_ends_at_a_megabyte_as_well() {
        let lines: Vec<String> = (0..3)
            .map(|i| format!("{i}{}\n", "x".repeat(600_000)))
            .collect();
        let mut digests = Digests::default();
        for line in &lines {
            digests.add(line.as_bytes());
        }
        let ends: Vec<usize> = digests
            .finish(state())
            .blocks
            .iter()
            .map(|b| b.end)
            .collect();
        assert_eq!(ends, [2, 3]);
    }

    #[test]
    fn a_file_state_names_what_changed() {
        let (size, inode, touched) = (
            FileState {
                size: 30,
                ..state()
            },
            FileState {
                inode: 9,
                ..state()
            },
            FileState {
                modified: (4, 6),
                ..state()
            },
        );
        let said: Vec<Option<String>> = [size, inode, touched, state()]
            .iter()
            .map(|now| state().difference(now))
            .collect();
        assert_eq!(
            said,
            [
                Some("its size went from 3 to 30 bytes".to_string()),
                Some("another file has taken its name (its device and inode differ)".to_string()),
                Some("its modification time changed".to_string()),
                None,
            ]
        );
    }
}
