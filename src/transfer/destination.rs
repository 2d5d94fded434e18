//! Where the bytes of `ddb export` go, decided from what the path is before
//! anything is written: stdout; a regular file (or a new name), written
//! beside it under a temporary name and renamed over it when complete; or a
//! device, a FIFO or one of the process's own descriptors (`/dev/stdout`,
//! `/dev/fd/N`), written straight into and never replaced. A symbolic link
//! is followed: what it points to is written, and the link stays.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::app::error::CliError;

/// How an export reaches its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-`: the process's stdout.
    Stdout,
    /// A regular file or a name not taken yet: a temporary file beside it,
    /// renamed over it once complete, so a failed export leaves it as it was.
    /// `via` is the symbolic link the path was reached through.
    Replace { path: PathBuf, via: Option<PathBuf> },
    /// Not a regular file: opened and written into as it is.
    WriteThrough { path: PathBuf, what: &'static str },
}

/// What `path` names, and so how an export writes to it.
pub fn resolve(path: &Path) -> Result<Destination, CliError> {
    if path == Path::new("-") {
        return Ok(Destination::Stdout);
    }
    let shown = path.display();
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            new_file_in_a_directory(path)?;
            return Ok(Destination::Replace {
                path: path.to_path_buf(),
                via: None,
            });
        }
        Err(e) => return Err(CliError::usage(format!("cannot look at {shown}: {e}"))),
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if link && e.kind() == io::ErrorKind::NotFound => {
            let to = fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Err(CliError::usage(format!(
                "{shown} is a symbolic link to {to}, which does not exist"
            ))
            .hint("export to the link's target itself, or remove the link"));
        }
        Err(e) => return Err(CliError::usage(format!("cannot look at {shown}: {e}"))),
    };
    if meta.is_dir() {
        return Err(CliError::usage(format!("{shown} is a directory"))
            .hint("name a file in it, e.g. --file DIR/table.jsonl"));
    }
    if let Some(what) = special_kind(path, &meta) {
        return Ok(Destination::WriteThrough {
            path: path.to_path_buf(),
            what,
        });
    }
    if link {
        let target = fs::canonicalize(path)
            .map_err(|e| CliError::usage(format!("cannot follow the link {shown}: {e}")))?;
        return Ok(Destination::Replace {
            path: target,
            via: Some(path.to_path_buf()),
        });
    }
    Ok(Destination::Replace {
        path: path.to_path_buf(),
        via: None,
    })
}

/// Refuses a new path that cannot become a file: one that ends in `/` (a
/// directory's name), or one in a directory that does not exist. Said
/// before anything is read, not after a whole scan.
fn new_file_in_a_directory(path: &Path) -> Result<(), CliError> {
    let shown = path.display();
    if path.as_os_str().as_encoded_bytes().ends_with(b"/") {
        return Err(CliError::usage(format!(
            "directory {shown} does not exist, and --file names the file to write, not a directory"
        ))
        .hint(format!(
            "name a file in a directory that exists, e.g. --file table.jsonl, or create the directory first (mkdir -p {shown}) and name a file in it"
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir_shown = dir.display();
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(CliError::usage(format!(
            "cannot export to {shown}: {dir_shown} is not a directory"
        ))
        .hint("choose a --file in a directory that exists")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(CliError::usage(format!(
            "cannot export to {shown}: directory {dir_shown} does not exist"
        ))
        .hint(format!(
            "create it first (mkdir -p {dir_shown}) or choose a --file in a directory that exists"
        ))),
        Err(e) => Err(CliError::usage(format!("cannot look at {dir_shown}: {e}"))),
    }
}

/// What a path that is not a regular file is, for messages; `None` for a regular file.
fn special_kind(path: &Path, meta: &fs::Metadata) -> Option<&'static str> {
    // The process's own descriptors: replacing the file behind /dev/stdout
    // would cut it off from whoever holds it open.
    if path.starts_with("/dev/fd")
        || path.starts_with("/proc/self/fd")
        || path == Path::new("/dev/stdout")
        || path == Path::new("/dev/stderr")
    {
        return Some("an open file descriptor");
    }
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    if meta.is_file() {
        None
    } else {
        Some("not a regular file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_path_gets_its_way_of_writing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.jsonl");
        fs::write(&file, "old").unwrap();
        let new = dir.path().join("new.jsonl");
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let dangling = dir.path().join("dangling.jsonl");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();

        assert_eq!(resolve(Path::new("-")).unwrap(), Destination::Stdout);
        assert_eq!(
            resolve(&file).unwrap(),
            Destination::Replace {
                path: file.clone(),
                via: None
            }
        );
        assert_eq!(
            resolve(&new).unwrap(),
            Destination::Replace {
                path: new.clone(),
                via: None
            }
        );
        assert_eq!(
            resolve(&link).unwrap(),
            Destination::Replace {
                path: fs::canonicalize(&file).unwrap(),
                via: Some(link.clone())
            }
        );
        assert_eq!(
            resolve(Path::new("/dev/null")).unwrap(),
            Destination::WriteThrough {
                path: "/dev/null".into(),
                what: "a character device"
            }
        );
        assert!(matches!(
            resolve(Path::new("/dev/stdout")).unwrap(),
            Destination::WriteThrough { .. }
        ));
        let err = resolve(&dangling).unwrap_err().to_string();
        assert!(
            err.contains("is a symbolic link to") && err.contains("does not exist"),
            "{err}"
        );
        let err = resolve(dir.path()).unwrap_err().to_string();
        assert!(err.contains("is a directory"), "{err}");
        let missing = dir.path().join("missing");
        let err = resolve(&missing.join("t.jsonl")).unwrap_err().message;
        assert!(
            err.ends_with(&format!("directory {} does not exist", missing.display())),
            "{err}"
        );
        let err = resolve(Path::new(&format!("{}/", missing.display())))
            .unwrap_err()
            .to_string();
        assert!(err.contains("--file names the file to write"), "{err}");
        let err = resolve(&file.join("t.jsonl")).unwrap_err().to_string();
        assert!(err.contains("Not a directory"), "{err}");
    }
}
