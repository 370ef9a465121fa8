//! `cargo xtask bench-checkins`: a burst of 5,000 visitor check-ins against the release server on a
//! fresh SQLite file (demo data, so today's market is open), beside the same number of requests to
//! the health check as the reference, in one run. Prints a markdown table for BENCHMARKS.md.
//!
//! The load comes from plain threads on kept-alive HTTP/1.1 connections (see `load.rs`): on two
//! cores, a heavier client (Node's fetch was tried) measures itself more than the server.

use anyhow::{bail, Context};

use crate::{build, load, release_server::ReleaseServer};

const ADDR: &str = "127.0.0.1:18282";
const ORGANISER: &str = "13900139999";
/// The demo's market on the day it is loaded (see the server's seed).
const TODAYS_MARKET: &str = "m-jinliang-farmers";
const BURST: usize = 5_000;
const IN_FLIGHT: usize = 64;

/// The burst and its reference, against a fresh release server.
pub fn bench() -> anyhow::Result<()> {
    build::build_server()?;
    let server = ReleaseServer::start("bench-checkins", ADDR, &[])?;
    let token = server.token_for(ORGANISER, "organiser", Some("hu-jinliang"))?;
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
        load::Request::new("GET", "/api/v1/health", "")
    });
    let checkins = load::burst(ADDR, BURST, IN_FLIGHT, |i| {
        let body = serde_json::json!({
            "token": poster_token,
            "device_id": format!("bench-device-{i:08}"),
            "nonce": format!("bench-nonce-{i:08}"),
        });
        load::Request::new("POST", "/api/v1/checkins", body.to_string())
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
