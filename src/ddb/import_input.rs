//! What `ddb import` reads: files, directories of an export, stdin, and
//! temporary copies on disk of stdin or of S3 objects, each read twice (to
//! check, then to write), gunzipped when they start with gzip's magic bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use crate::error::CliError;
use crate::output;

/// One input: a file, stdin, or a temporary copy on disk (of stdin, or of
/// an S3 object), read once to check and once more to write.
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

    /// The input's bytes as they are (stdin: what has not been read yet).
    pub(super) fn raw(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(match self {
            Input::Path(p) => Box::new(File::open(p)?),
            Input::Stdin => Box::new(io::stdin().lock()),
            Input::Spooled { file, .. } => Box::new(File::open(file.path())?),
        })
    }
}

/// The lines of `raw`, gunzipped when it starts with gzip's magic bytes.
pub(super) fn lines_of<'a>(raw: Box<dyn Read + 'a>) -> io::Result<Box<dyn BufRead + 'a>> {
    let mut buffered = BufReader::with_capacity(256 * 1024, raw);
    if buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(buffered),
        )))
    } else {
        Ok(Box::new(buffered))
    }
}

/// A reader that copies everything it reads into a file: stdin, read once
/// to check, is kept for the second pass.
pub(super) struct Tee<'a, W: io::Write> {
    pub(super) inner: Box<dyn Read + 'a>,
    pub(super) copy: W,
}

impl<W: io::Write> Read for Tee<'_, W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.copy.write_all(&buf[..n])?;
        Ok(n)
    }
}

pub(super) const INPUT_HINT: &str =
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

/// The inputs named on the command line, directories expanded.
pub(super) fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, CliError> {
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
            output::note(format!(
                "skipping {}: an export's manifest, not data",
                path.display()
            ));
        } else {
            out.push(Input::Path(path.clone()));
        }
    }
    Ok(out)
}
