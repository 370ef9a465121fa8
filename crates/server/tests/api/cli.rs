//! The real binary: `migrate`, `seed-demo`, and `serve` stopping cleanly on SIGTERM.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

use tempfile::TempDir;

use crate::helpers::sqlite_url;

const BIN: &str = env!("CARGO_BIN_EXE_jishi-server");

fn run(args: &[&str], db: &str) -> (bool, String) {
    let out = Command::new(BIN)
        .args(args)
        .args(["--db", db])
        .env("RUST_LOG", "info")
        .output()
        .expect("the binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn migrate_then_seed_demo_twice_loads_once() {
    let dir = TempDir::new().unwrap();
    let db = sqlite_url(dir.path());

    let (migrated, _) = run(&["migrate"], &db);
    let (seeded, first_log) = run(&["seed-demo"], &db);
    let (seeded_again, second_log) = run(&["seed-demo"], &db);

    assert!(migrated && seeded && seeded_again);
    assert!(first_log.contains("demo data loaded"), "{first_log}");
    assert!(
        second_log.contains("already has the demo data"),
        "{second_log}"
    );
}

#[test]
fn a_bad_database_url_fails_with_a_clear_message() {
    let (ok, log) = run(&["migrate"], "postgres-please://nowhere");

    assert!(!ok);
    assert!(log.contains("unsupported database URL"), "{log}");
}

#[test]
#[cfg(unix)]
fn serve_stops_cleanly_on_sigterm() {
    let dir = TempDir::new().unwrap();
    let mut server = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--demo"])
        .args(["--db", &sqlite_url(dir.path())])
        .args(["--dist", dir.path().join("no-dist").to_str().unwrap()])
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("listening on") {
        line.clear();
        assert_ne!(
            log.read_line(&mut line).unwrap(),
            0,
            "the server exited before listening"
        );
    }

    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let status = server.wait().unwrap();

    assert!(killed.success());
    assert!(status.success(), "{status}");
    let rest: String = log
        .lines()
        .map_while(Result::ok)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(rest.contains("shutting down"), "{rest}");
}
