//! What `ddb import` keeps to when its input is not what a careful user
//! gives it: input that cannot be read twice (a pipe, a FIFO, a process
//! substitution), a file that changes between the check and the write, a
//! line longer than any item, bad lines under `--output json`, and a write
//! cap smaller than one call's worth.

use std::io::Write;
use std::path::{Path, PathBuf};

use aws_sdk_dynamodb::types::AttributeValue;

use crate::support::*;
use crate::terminal::AtTerminal;

/// `count` items `k0000`, `k0001`, ... one a line, each saying `from`.
fn item_lines(count: usize, from: &str) -> String {
    (0..count)
        .map(|i| format!("{{\"pk\":\"k{i:04}\",\"sk\":\"s\",\"from\":\"{from}\"}}\n"))
        .collect()
}

/// The `from` of every item in the table, with how many items say it.
fn froms(table: &str) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for item in all_items(table) {
        let AttributeValue::S(from) = &item["from"] else {
            panic!("{item:?}")
        };
        *counts.entry(from.clone()).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

/// The lines, items and written counts of an import's JSON summary.
fn counts(summary: &serde_json::Value) -> (Option<u64>, Option<u64>, Option<u64>) {
    (
        summary["lines"].as_u64(),
        summary["items"].as_u64(),
        summary["written"].as_u64(),
    )
}

/// `script` run by bash with cruddur's test environment; `$0` is cruddur.
fn in_bash(script: &str, args: &[&str]) -> assert_cmd::Command {
    let template = cruddur_process();
    let mut bash = std::process::Command::new("bash");
    for (key, value) in template.get_envs() {
        match value {
            Some(v) => bash.env(key, v),
            None => bash.env_remove(key),
        };
    }
    bash.arg("-c")
        .arg(script)
        .arg(template.get_program())
        .args(args);
    assert_cmd::Command::from_std(bash)
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Whether a process holds `fifo` open for reading: only then does opening
/// it for writing without waiting succeed.
fn fifo_has_a_reader(fifo: &Path) -> bool {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(fifo)
        .is_ok()
}

#[test]
fn a_pipe_a_fifo_and_a_process_substitution_are_read_once_and_written_as_checked() {
    let t = TestTable::loaded_without_stream("importonce");
    let dir = tempfile::tempdir().unwrap();

    // `ddb import <(zcat export.gz)`: bash hands over /dev/fd/N, a pipe.
    let gz = dir.path().join("export.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    encoder
        .write_all(item_lines(30, "zcat").as_bytes())
        .unwrap();
    encoder.finish().unwrap();
    let a = in_bash(
        r#"exec "$0" --table "$1" -o json ddb import <(zcat "$2")"#,
        &[&t.name, gz.to_str().unwrap()],
    )
    .assert()
    .success();
    assert_eq!(counts(&json_of(&a)), (Some(30), Some(30), Some(30)));
    assert_eq!(froms(&t.name), [("zcat".to_string(), 30)]);

    // A FIFO whose writer would send other lines to a second reader: only
    // what was checked is written.
    let fifo = dir.path().join("items.fifo");
    mkfifo(&fifo);
    let (between_rounds, waiting) = std::sync::mpsc::channel();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            for (round, text) in [item_lines(40, "checked"), item_lines(50, "unchecked")]
                .iter()
                .enumerate()
            {
                if round > 0 {
                    // This round is for the next reader: wait until the
                    // first one has closed the FIFO.
                    while fifo_has_a_reader(&fifo) {
                        std::thread::sleep(std::time::Duration::from_millis(10));
                    }
                    between_rounds.send(()).unwrap();
                }
                // Opening waits for a reader.
                let mut f = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
                let _ = f.write_all(text.as_bytes());
            }
        })
    };
    let a = t
        .cli(&["-o", "json", "ddb", "import"])
        .arg(&fifo)
        .assert()
        .success();
    // A reader for the writer's second round, which cruddur did not open.
    waiting.recv().unwrap();
    let second = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap()
    };
    writer.join().unwrap();
    drop(second);
    assert_eq!(counts(&json_of(&a)), (Some(40), Some(40), Some(40)));
    assert_eq!(froms(&t.name), [("checked".to_string(), 40)]);
}

/// `cruddur --prod ddb import FILE` at a terminal, held at its question:
/// the check is done, the write has not begun.
fn held_between_check_and_write(table: &str, file: &Path) -> AtTerminal {
    let mut cmd = cruddur_process();
    cmd.args(["--prod", "--table", table, "ddb", "import"])
        .args(["--max-wcu", "unlimited"])
        .arg(file);
    let mut t = AtTerminal::start(cmd, b"");
    t.wait_for("[y/N]");
    t
}

/// The error line at the end of a terminal's screen (after any progress bar).
fn last_error(screen: &str) -> String {
    let at = screen.rfind("error: ").expect("an error line");
    screen[at..].lines().next().unwrap().to_string()
}

/// Rewrites `line` (1-based) of `file` in place with text of the same
/// length, keeping its inode, size and modification time.
fn rewrite_in_place(file: &Path, line: usize, from: &str, to: &str) {
    use std::io::{Seek, SeekFrom};
    assert_eq!(from.len(), to.len());
    let text = std::fs::read_to_string(file).unwrap();
    let modified = std::fs::metadata(file).unwrap().modified().unwrap();
    let start: usize = text.lines().take(line - 1).map(|l| l.len() + 1).sum();
    let at = start + text[start..].find(from).unwrap();
    let mut f = std::fs::OpenOptions::new().write(true).open(file).unwrap();
    f.seek(SeekFrom::Start(at as u64)).unwrap();
    f.write_all(to.as_bytes()).unwrap();
    f.set_modified(modified).unwrap();
}

#[test]
fn a_file_changed_between_the_check_and_the_write_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let dir_name = dir.path().display().to_string();
    let file = |name: &str, lines: usize| -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, item_lines(lines, "first")).unwrap();
        path
    };
    type Change = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "a line appended",
            Box::new(|path| {
                let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
                f.write_all(b"{\"pk\":\"late\",\"sk\":\"s\",\"from\":\"first\"}\n")
                    .unwrap();
            }),
        ),
        (
            "cut at a line end",
            Box::new(|path| {
                let text = std::fs::read_to_string(path).unwrap();
                let half: String = text.lines().take(15).map(|l| format!("{l}\n")).collect();
                std::fs::write(path, half).unwrap();
            }),
        ),
        (
            "same size and time",
            Box::new(|path| rewrite_in_place(path, 3, "first", "other")),
        ),
    ];
    let mut lines = Vec::new();
    for (name, change) in &cases {
        let t = TestTable::loaded_without_stream("importchanged");
        let path = file("items.jsonl", 30);
        let held = held_between_check_and_write(&t.name, &path);
        change(&path);
        let (code, screen) = held.answer(b"y\n");
        assert_eq!(code, 1, "{name}:\n{screen}");
        assert!(t.items().is_empty(), "{name}: nothing written");
        lines.push(format!("{name}: {}", last_error(&screen)));
    }
    assert_eq!(lines.len(), 3);
    insta::assert_snapshot!(
        "import-changed-before-the-write",
        lines.join("\n").replace(&dir_name, "DIR")
    );

    // Changed in its second block: the first block, read as checked, may
    // be written; the error says how many items were, and they are there.
    let t = TestTable::loaded_without_stream("importchanged");
    let path = file("long.jsonl", 1000);
    let held = held_between_check_and_write(&t.name, &path);
    rewrite_in_place(&path, 700, "first", "other");
    let (code, screen) = held.answer(b"y\n");
    assert_eq!(code, 1, "{screen}");
    let error = last_error(&screen).replace(&dir_name, "DIR");
    let (message, written) = match error.split_once(" of 1,000 items written") {
        Some((before, _)) => {
            let (message, n) = before.rsplit_once("; ").unwrap();
            (message.to_string(), n.parse::<usize>().unwrap())
        }
        None => (error.split("; ").next().unwrap().to_string(), 0),
    };
    assert_eq!(
        message,
        "error: DIR/long.jsonl changed while it was imported: lines 501-1000 no longer read as they did when they were checked",
        "{error}"
    );
    assert!(written <= 500, "{error}");
    let stored = t.items();
    assert_eq!(stored.len(), written, "{error}");
    assert!(
        stored
            .iter()
            .all(|i| i["from"] == AttributeValue::S("first".into())),
        "a changed line was written"
    );
}

/// Waits for `child`; its exit code and its peak memory in KiB: its own
/// high-water mark (`VmHWM`), read from /proc until it exits. wait4's
/// `ru_maxrss` would not do: a child started as posix_spawn starts it (a
/// vfork) carries this test process's high-water mark across its exec,
/// and other tests in this process may have used more than the bound.
fn wait_with_peak_memory(child: &mut std::process::Child) -> (i32, i64) {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let mut reads = 0;
    // A process that has exited (a zombie until waited for) has no VmHWM.
    while let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|text| {
        let line = text.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
        line.trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<i64>()
            .ok()
    }) {
        peak = peak.max(kib);
        reads += 1;
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(reads > 0, "the import's memory was never read");
    let code = child
        .wait()
        .unwrap()
        .code()
        .expect("the import did not exit");
    (code, peak)
}

#[test]
fn a_line_longer_than_any_item_is_refused_as_it_streams_in_flat_memory() {
    use std::io::Read;
    let t = TestTable::loaded_without_stream("importlongline");

    // 512 MiB of one line on stdin, never ended: refused after 4 MiB.
    let mut cmd = cruddur_process();
    cmd.args(["--table", &t.name, "ddb", "import", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        let mut sent = 0usize;
        if stdin
            .write_all(b"{\"pk\":\"a\",\"sk\":\"b\",\"m\":\"")
            .is_ok()
        {
            // Until cruddur stops reading (a broken pipe).
            while sent < 512 && stdin.write_all(&chunk).is_ok() {
                sent += 1;
            }
        }
        sent
    });
    let (code, peak_kib) = wait_with_peak_memory(&mut child);
    let sent_mib = feeder.join().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: stdin:1: the line is longer than any item can be: 4,194,305 bytes read and no line end yet, over the limit of 4,194,304 bytes (4 MiB) for one item's line; nothing was written; DynamoDB takes items of at most 400 KB; import files written by `cruddur ddb export` or an export to S3, one item per line\n"
    );
    assert!(sent_mib < 512, "cruddur read the whole line");
    assert!(
        peak_kib < 100 * 1024,
        "peak memory {peak_kib} KiB for a line cut at 4 MiB"
    );

    // A gzip file of one 8 MiB line: named with its file and line.
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("one-line.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    encoder
        .write_all(&item_lines(2, "first").into_bytes())
        .unwrap();
    encoder
        .write_all(b"{\"pk\":\"a\",\"sk\":\"b\",\"m\":\"")
        .unwrap();
    encoder.write_all(&vec![b'a'; 8 << 20]).unwrap();
    encoder.write_all(b"\"}\n").unwrap();
    encoder.finish().unwrap();
    let a = t.cli(&["ddb", "import"]).arg(&gz).assert().code(2);
    let dir_name = dir.path().display().to_string();
    insta::assert_snapshot!(
        "import-line-too-long",
        transcript_with(
            &a,
            &[(dir_name.as_str(), "DIR"), (t.name.as_str(), "TABLE")]
        )
    );
    assert!(t.items().is_empty(), "nothing written");
}

#[test]
fn with_output_json_bad_lines_are_json_lines_on_stderr() {
    let t = TestTable::loaded_without_stream("importbadjson");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    // Two good lines, then 22 without a sort key: 20 listed, 2 counted.
    let mut text = item_lines(2, "good");
    for i in 0..22 {
        text.push_str(&format!("{{\"pk\":\"bad{i}\"}}\n"));
    }
    std::fs::write(&file, text).unwrap();
    let a = t
        .cli(&["-o", "json", "ddb", "import"])
        .arg(&file)
        .assert()
        .code(2);
    let stderr = stderr_of(&a);
    let parsed: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(
        parsed.len(),
        22,
        "20 bad lines, the rest counted, the error"
    );
    assert_eq!(parsed[0]["bad_line"]["line"], 3);
    let dir_name = dir.path().display().to_string();
    insta::assert_snapshot!(
        "import-bad-lines-json",
        transcript_with(
            &a,
            &[(dir_name.as_str(), "DIR"), (t.name.as_str(), "TABLE")]
        )
    );
    assert!(t.items().is_empty(), "nothing written");
}

#[test]
fn a_write_cap_smaller_than_a_call_splits_it_and_says_so_of_an_item_over_it() {
    let t = TestTable::loaded_without_stream("importcap");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.jsonl");
    // Six items of 3 write units (2.5 KB) and one of 7 (7 KB): at most 6
    // units a second, two small ones go to a call, the large one alone.
    let item = |i: usize, bytes: usize| {
        format!(
            "{{\"pk\":\"k{i}\",\"sk\":\"s\",\"p\":\"{}\"}}\n",
            "x".repeat(bytes)
        )
    };
    let mut text: String = (0..6).map(|i| item(i, 2_500)).collect();
    text.push_str(&item(6, 7_000));
    std::fs::write(&file, text).unwrap();
    let a = t
        .cli(&["-o", "json", "ddb", "import"])
        .args(["--max-wcu", "6"])
        .arg(&file)
        .assert()
        .success();
    let summary = json_of(&a);
    assert_eq!(summary["written"], 7, "{summary}");
    assert_eq!(summary["plan"]["write_units"], 25, "{summary}");
    let (requests, retries) = (
        summary["requests"].as_u64().unwrap(),
        summary["retries"].as_u64().unwrap(),
    );
    // Four calls (2 + 2 + 2 + 1 items), more only if one was sent again.
    assert!(requests == 4 || (retries > 0 && requests > 4), "{summary}");
    assert_eq!(
        stderr_of(&a),
        "{\"warning\":\"items of up to 7 write units need more than --max-wcu 6 allows in a second: each goes in a call of its own, and the writes after it wait until the cap has paid for it (1.2 s for the largest)\"}\n"
    );
    assert_eq!(t.items().len(), 7);
}
