//! `cargo xtask bench-checkins`: a burst of 5,000 visitor check-ins against the release server on a
//! fresh SQLite file (demo data, so today's market is open), beside the same number of requests to
//! the health check as the reference, in one run. Prints a markdown table for BENCHMARKS.md.
//!
//! The load comes from plain threads on kept-alive HTTP/1.1 connections (see `load.rs`): on two
//! cores, a heavier client (Node's fetch was tried) measures itself more than the server.

use std::{
    net::TcpStream,
    process::{Child, Stdio},
    thread,
    time::Duration,
};

use anyhow::{bail, Context};

use crate::{build, paths, sh};

mod load;

const ADDR: &str = "127.0.0.1:18282";
const ORGANISER: &str = "13900139999";
/// The demo's market on the day it is loaded (see the server's seed).
const TODAYS_MARKET: &str = "m-jinliang-farmers";
const BURST: usize = 5_000;
const IN_FLIGHT: usize = 64;

/// Kills the server when the bench ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Builds the server and runs the burst.
pub fn bench() -> anyhow::Result<()> {
    build::build_server()?;
    let dir = tempfile_dir()?;
    let db = format!("sqlite://{}", dir.join("bench.db").display());
    let server_cli = |args: &[&str]| {
        let mut command = sh::cmd(paths::server_bin());
        command.args(args).args(["--db", &db]);
        command
    };
    sh::run(&mut server_cli(&["seed-demo"]))?;
    sh::run(&mut server_cli(&[
        "user",
        "add",
        "--phone",
        ORGANISER,
        "--role",
        "organiser",
        "--unit",
        "hu-jinliang",
    ]))?;
    let token = sh::output(&mut server_cli(&["token", "--phone", ORGANISER]))
        .and_then(|out| out.lines().last().map(str::to_owned))
        .context("the server CLI printed no token")?;
    let _server = Server(
        server_cli(&["serve", "--addr", ADDR])
            .arg("--dist")
            .arg(paths::dist())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the server")?,
    );
    wait_for(ADDR)?;
    println!("\nCommand: cargo xtask bench-checkins\n");
    let client = load::Client::new(ADDR, &token);
    let poster = client.json(
        "GET",
        &format!("/api/v1/markets/{TODAYS_MARKET}/poster"),
        "",
    )?;
    let poster_token = poster["token"]
        .as_str()
        .context("no poster token")?
        .to_owned();
    let visitors = |client: &load::Client| -> anyhow::Result<i64> {
        let stats = client.json("GET", &format!("/api/v1/markets/{TODAYS_MARKET}/stats"), "")?;
        stats["visitors"].as_i64().context("no visitor count")
    };
    let before = visitors(&client)?;
    let reference = load::burst(ADDR, BURST, IN_FLIGHT, |_| {
        ("GET", "/api/v1/health".to_owned(), String::new())
    });
    let checkins = load::burst(ADDR, BURST, IN_FLIGHT, |i| {
        let body = serde_json::json!({
            "token": poster_token,
            "device_id": format!("bench-device-{i:08}"),
            "nonce": format!("bench-nonce-{i:08}"),
        });
        ("POST", "/api/v1/checkins".to_owned(), body.to_string())
    });
    let recorded = visitors(&client)? - before;
    println!("{BURST} requests each, {IN_FLIGHT} connections at once.\n");
    println!("| what | seconds | per second | answers |");
    println!("|---|---:|---:|---|");
    println!(
        "| reference: `GET /api/v1/health` (routing, JSON, a database ping) | {} |",
        reference.row()
    );
    println!(
        "| `POST /api/v1/checkins` (visitors, one phone each) | {} |",
        checkins.row()
    );
    println!("\nrecorded: {recorded} of {BURST}");
    if recorded != BURST as i64 {
        bail!("{} check-ins were lost", BURST as i64 - recorded);
    }
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = paths::cache().join("bench-checkins");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn wait_for(addr: &str) -> anyhow::Result<()> {
    for _ in 0..100 {
        if TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        thread::sleep(Duration::from_millis(100));
    }
    bail!("the server did not start listening on {addr}")
}
