//! Commands at a real terminal: the command runs on a pseudo-terminal and
//! the test types at it like a person. The confirmation prompt (the
//! database shows whether the answer was taken as yes) and what a wait shows.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::*;

/// A command whose stdin, stdout and stderr are one pseudo-terminal.
pub(crate) struct AtTerminal {
    keyboard: File,
    screen: mpsc::Receiver<Vec<u8>>,
    shown: Vec<u8>,
    child: Child,
}

impl AtTerminal {
    /// Starts `db drop` on `db` with `typed_before` already in the terminal's
    /// input, as keys pressed before the prompt appears are.
    fn db_drop(db: &TestDb, typed_before: &[u8]) -> Self {
        let mut cmd = cruddur_process();
        cmd.env("CONNECTION_URL", &db.url).args(["db", "drop"]);
        AtTerminal::start(cmd, typed_before)
    }

    /// Starts `cmd` at a new terminal with `typed_before` in its input.
    pub(crate) fn start(mut cmd: std::process::Command, typed_before: &[u8]) -> Self {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty writes two new descriptors into the two integers.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors are new and owned here alone.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let mut keyboard = master.try_clone().unwrap();
        keyboard.write_all(typed_before).unwrap();

        cmd.env("NO_COLOR", "1")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        let child = cmd.spawn().unwrap();

        let (tx, screen) = mpsc::channel();
        let mut reader = master;
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Reading fails (EIO) once the command has exited and closed the terminal.
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        AtTerminal {
            keyboard,
            screen,
            shown: Vec::new(),
            child,
        }
    }

    /// What the terminal has shown so far, waiting until it shows `text`.
    pub(crate) fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !String::from_utf8_lossy(&self.shown).contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.screen.recv_timeout(left) {
                Ok(chunk) => self.shown.extend(chunk),
                Err(_) => panic!(
                    "the terminal never showed {text:?}; it showed:\n{}",
                    String::from_utf8_lossy(&self.shown)
                ),
            }
        }
        String::from_utf8_lossy(&self.shown).into_owned()
    }

    /// Types `keys`, then waits for the command to end: its exit code and the whole screen.
    pub(crate) fn answer(mut self, keys: &[u8]) -> (i32, String) {
        self.keyboard.write_all(keys).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the command did not end after the answer"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(chunk) = self.screen.recv_timeout(Duration::from_millis(500)) {
            self.shown.extend(chunk);
        }
        let screen = String::from_utf8_lossy(&self.shown).replace("\r\n", "\n");
        (status.code().expect("exited, not killed"), screen)
    }
}

/// The last line on the screen that starts with `error:`, or the whole screen.
pub(crate) fn error_line(screen: &str) -> String {
    screen
        .lines()
        .rfind(|l| l.starts_with("error:"))
        .unwrap_or(screen)
        .to_string()
}

#[test]
fn an_answer_that_is_not_y_or_yes_drops_nothing() {
    let answers = ["maybe\n", "okay\n", "\n", "yeah\n", "n\n"];
    let mut refused = 0;
    for answer in answers {
        let db = TestDb::empty("prompt_no");
        let mut t = AtTerminal::db_drop(&db, b"");
        let shown = t.wait_for("[y/N]");
        assert!(
            shown.contains(&db.name),
            "the target is shown first:\n{shown}"
        );
        let (code, screen) = t.answer(answer.as_bytes());
        assert_eq!(code, 3, "{answer:?}:\n{screen}");
        assert!(
            error_line(&screen).starts_with("error: aborted: nothing was changed"),
            "{answer:?}:\n{screen}"
        );
        assert!(db.exists(), "answering {answer:?} dropped the database");
        refused += 1;
    }
    assert_eq!(refused, answers.len());
}

#[test]
fn y_or_yes_in_any_case_drops_the_database() {
    let answers = ["y\n", "YES\n", "Yes\n"];
    let mut dropped = 0;
    for answer in answers {
        let db = TestDb::empty("prompt_yes");
        let mut t = AtTerminal::db_drop(&db, b"");
        t.wait_for("[y/N]");
        let (code, screen) = t.answer(answer.as_bytes());
        assert_eq!(code, 0, "{answer:?}:\n{screen}");
        assert!(!db.exists(), "answering {answer:?} left the database");
        dropped += 1;
    }
    assert_eq!(dropped, answers.len());
}

#[test]
fn keys_typed_before_the_prompt_appears_are_not_an_answer() {
    let db = TestDb::empty("prompt_typeahead");
    let mut t = AtTerminal::db_drop(&db, b"y\n");
    t.wait_for("[y/N]");
    let (code, screen) = t.answer(b"no\n");
    assert_eq!(code, 3, "{screen}");
    assert!(
        db.exists(),
        "a y typed before the prompt dropped the database:\n{screen}"
    );
}

#[test]
fn a_wait_shows_what_it_waits_for() {
    let endpoint = silent_endpoint();
    let db = TestDb::named("terminal_wait");
    let mut cmd = cruddur_process();
    cmd.env("CONNECTION_URL", &db.url).args([
        "--endpoint-url",
        &endpoint,
        "setup",
        "--timeout",
        "3",
    ]);
    let mut t = AtTerminal::start(cmd, b"");
    t.wait_for(&format!("waiting for DynamoDB at {endpoint} (up to 3s)"));
    let (code, screen) = t.answer(b"");
    assert_eq!(code, 1, "{screen}");
}
