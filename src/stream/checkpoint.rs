//! Where stream-sync stopped: the last sequence number applied per shard,
//! and the shards read to their end. Kept in a JSON file, one per stream,
//! written atomically after every batch (temporary file, fsync, rename,
//! fsync of the directory), and held by one follower at a time (a lock file
//! beside it, released by the system when the process ends, however it ends).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::error::{CliError, ErrorKind};

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub stream_arn: String,
    /// Last sequence number applied, per shard id.
    #[serde(default)]
    pub sequence: BTreeMap<String, String>,
    /// Shards read to their end (closed and drained).
    #[serde(default)]
    pub finished: Vec<String>,
}

impl Checkpoint {
    pub fn new(stream_arn: &str) -> Self {
        Checkpoint {
            stream_arn: stream_arn.to_string(),
            ..Default::default()
        }
    }

    pub fn is_finished(&self, shard: &str) -> bool {
        self.finished.iter().any(|s| s == shard)
    }

    pub fn finish(&mut self, shard: &str) {
        if !self.is_finished(shard) {
            self.finished.push(shard.to_string());
        }
    }

    /// Loads the checkpoint of `stream_arn` from `path`; a missing file, or
    /// one for another stream (the table was recreated), starts afresh.
    pub fn load(path: &Path, stream_arn: &str) -> Result<(Self, bool), CliError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Checkpoint::new(stream_arn), false))
            }
            Err(e) => {
                return Err(CliError::new(format!(
                    "cannot read checkpoint {}: {e}",
                    path.display()
                )))
            }
        };
        let cp: Checkpoint = serde_json::from_str(&text).map_err(|e| {
            CliError::new(format!("checkpoint {} is not valid: {e}", path.display()))
                .hint("delete it to start from the beginning of the stream")
        })?;
        if cp.stream_arn != stream_arn {
            return Ok((Checkpoint::new(stream_arn), false));
        }
        Ok((cp, true))
    }

    pub fn save(&self, path: &Path) -> Result<(), CliError> {
        let fail = |e: std::io::Error| {
            CliError::new(format!("cannot write checkpoint {}: {e}", path.display()))
        };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let tmp = sibling(path, ".tmp");
        let text = serde_json::to_string_pretty(self).expect("a checkpoint serializes");
        let mut file = File::create(&tmp).map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(fail)?;
        // The rename itself is durable once the directory is synced.
        if let Ok(d) = File::open(dir.unwrap_or(Path::new("."))) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// The exclusive hold of one follower on a checkpoint, for as long as it lives.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Locks `<checkpoint>.lock` (the file name with `.lock` added, beside
    /// the real file when the checkpoint is reached through a symbolic
    /// link), or fails saying another follower holds it.
    pub fn acquire(checkpoint: &Path) -> Result<Lock, CliError> {
        let path = sibling(checkpoint, ".lock");
        let fail = |e: std::io::Error| {
            CliError::new(format!("cannot lock checkpoint {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(fail)?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(CliError::new(format!(
                "another stream-sync is following checkpoint {}",
                checkpoint.display()
            ))
            .kind(ErrorKind::Conflict)
            .hint("stop it first, or give this one its own --checkpoint")),
            Err(TryLockError::Error(e)) => Err(fail(e)),
        }
    }
}

/// The real path of a checkpoint: a symbolic link (or a directory reached
/// through one) resolved, so that every name of one file shares one lock.
/// A checkpoint not written yet resolves through its directory.
pub fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// `path` with `suffix` added to its whole file name (`cp.yaml` gives
/// `cp.yaml.lock`), so that checkpoints of different extensions never share one.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The default checkpoint file of a table's stream-sync, under the user's
/// cache directory.
pub fn default_path(endpoint: &str, table: &str) -> PathBuf {
    let base = dirs::cache_dir().unwrap_or_else(std::env::temp_dir);
    let name: String = format!("{endpoint}-{table}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    base.join("cruddur")
        .join("stream-sync")
        .join(format!("{name}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_ignores_another_streams_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/cp.json");
        let (mut cp, resumed) = Checkpoint::load(&path, "arn:1").unwrap();
        assert!(!resumed);
        cp.sequence.insert("shard-1".into(), "000042".into());
        cp.finish("shard-0");
        cp.finish("shard-0");
        cp.save(&path).unwrap();
        let (back, resumed) = Checkpoint::load(&path, "arn:1").unwrap();
        assert!(resumed);
        assert_eq!(back, cp);
        assert_eq!(back.finished, ["shard-0"]);
        let (fresh, resumed) = Checkpoint::load(&path, "arn:2").unwrap();
        assert!(!resumed && fresh.sequence.is_empty());
        std::fs::write(&path, "{not json").unwrap();
        assert!(Checkpoint::load(&path, "arn:1").is_err());
    }

    #[test]
    fn a_second_follower_of_a_checkpoint_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cp.json");
        let held = Lock::acquire(&path).unwrap();
        let err = Lock::acquire(&path).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict);
        assert!(
            err.message.contains("another stream-sync"),
            "{}",
            err.message
        );
        drop(held);
        Lock::acquire(&path).unwrap();
    }

    #[test]
    fn checkpoints_of_other_names_have_their_own_locks_and_links_share_one() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("cp.json");
        let yaml = dir.path().join("cp.yaml");
        let _a = Lock::acquire(&real_path(&json)).unwrap();
        let _b = Lock::acquire(&real_path(&yaml)).expect("cp.yaml has a lock of its own");
        std::fs::write(&json, "{}").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&json, &link).unwrap();
        let err = Lock::acquire(&real_path(&link)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Conflict, "{}", err.message);
    }

    #[test]
    fn default_path_is_a_safe_file_name() {
        let p = default_path("http://localhost:8000", "cruddur-messages");
        let name = p.file_name().unwrap().to_str().unwrap();
        assert_eq!(name, "http___localhost_8000-cruddur-messages.json");
    }
}
