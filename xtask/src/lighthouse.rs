//! `cargo xtask bench-lighthouse`: Lighthouse 12 (npm, in `bench/lighthouse`) on the pages a
//! villager opens from a WeChat link, `/`, a market's `/m/{id}` and `/products`, beside a bare Leptos
//! counter served the same way, in one run: mobile at Lighthouse's default (simulated Slow 4G, 4×
//! CPU) and at 3G with 8× CPU; the median of three runs by score. Prints a markdown table of score,
//! FCP, LCP, TBT, CLS, accessibility and the bytes of the page itself (its HTML with the inline CSS
//! and scripts: everything before the first paint).

use std::{fs, path::Path};

use anyhow::Context;

use crate::{build, paths, release_server::ReleaseServer, sh, size};

const APP: &str = "127.0.0.1:18585";
const COUNTER: &str = "127.0.0.1:18586";
/// A market of the demo data whatever the day it is loaded: its first-Saturday series, next month.
const SHARED_MARKET: &str = "/m/m-jinliang-farmers";
const RUNS: usize = 3;
const THREE_G: [&str; 3] = [
    "--throttling.rttMs=300",
    "--throttling.throughputKbps=700",
    "--throttling.cpuSlowdownMultiplier=8",
];

/// Builds everything, serves the app and the counter, and measures both.
pub fn bench() -> anyhow::Result<()> {
    build::build_all()?;
    let counter_dist = size::build_counter()?;
    ensure_lighthouse()?;
    let _app = ReleaseServer::start("bench-lighthouse", APP, &[])?;
    let counter_dist = counter_dist.display().to_string();
    let _counter = ReleaseServer::start(
        "bench-lighthouse-counter",
        COUNTER,
        &["--dist", &counter_dist],
    )?;
    let pages = [
        ("`/`", format!("http://{APP}/")),
        ("`/m/{id}`", format!("http://{APP}{SHARED_MARKET}")),
        ("`/products`", format!("http://{APP}/products")),
        (
            "bare Leptos counter (reference)",
            format!("http://{COUNTER}/"),
        ),
    ];
    let mut rows = Vec::new();
    for (network, flags) in [("Slow 4G", &[][..]), ("3G + 8× CPU", &THREE_G[..])] {
        for (page, url) in &pages {
            let mut runs = (0..RUNS)
                .map(|n| run(url, flags, n))
                .collect::<anyhow::Result<Vec<_>>>()?;
            runs.sort_by(|a, b| a.score.total_cmp(&b.score));
            rows.push((network, *page, runs.swap_remove(RUNS / 2)));
        }
    }
    println!(
        "\nCommand: cargo xtask bench-lighthouse (Lighthouse 12.8.2, mobile, median of {RUNS})\n"
    );
    println!("| network | page | performance | FCP | LCP | TBT | CLS | accessibility | page bytes (as sent) |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (network, page, m) in rows {
        println!(
            "| {network} | {page} | {:.0} | {:.1} s | {:.1} s | {:.0} ms | {:.3} | {:.0} | {:.1} KB |",
            m.score * 100.0,
            m.fcp_ms / 1000.0,
            m.lcp_ms / 1000.0,
            m.tbt_ms,
            m.cls,
            m.accessibility * 100.0,
            m.document_bytes / 1024.0
        );
    }
    Ok(())
}

/// What one Lighthouse run measured.
struct Measured {
    score: f64,
    accessibility: f64,
    fcp_ms: f64,
    lcp_ms: f64,
    tbt_ms: f64,
    cls: f64,
    document_bytes: f64,
}

fn run(url: &str, flags: &[&str], n: usize) -> anyhow::Result<Measured> {
    let report = paths::cache().join(format!("lighthouse-{n}.json"));
    sh::run(
        sh::cmd(lighthouse_bin())
            .arg(url)
            .args([
                "--quiet",
                "--output=json",
                "--only-categories=performance,accessibility",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run",
            ])
            .arg(format!("--output-path={}", report.display()))
            .args(flags)
            .env("CHROME_PATH", "/usr/bin/chromium"),
    )
    .with_context(|| format!("lighthouse {url}"))?;
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report)?)?;
    let audit = |name: &str| {
        json["audits"][name]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let document_bytes = json["audits"]["network-requests"]["details"]["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["resourceType"] == "Document"))
        .and_then(|doc| doc["transferSize"].as_f64())
        .unwrap_or(f64::NAN);
    Ok(Measured {
        score: json["categories"]["performance"]["score"]
            .as_f64()
            .unwrap_or(0.0),
        accessibility: json["categories"]["accessibility"]["score"]
            .as_f64()
            .unwrap_or(0.0),
        fcp_ms: audit("first-contentful-paint"),
        lcp_ms: audit("largest-contentful-paint"),
        tbt_ms: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        document_bytes,
    })
}

fn lighthouse_bin() -> std::path::PathBuf {
    bench_dir()
        .join("node_modules")
        .join(".bin")
        .join("lighthouse")
}

fn bench_dir() -> std::path::PathBuf {
    paths::root().join("bench").join("lighthouse")
}

/// Lighthouse from npm, exactly as locked.
fn ensure_lighthouse() -> anyhow::Result<()> {
    if Path::new(&lighthouse_bin()).exists() {
        return Ok(());
    }
    sh::step(
        "Installing Lighthouse 12 (npm ci)",
        "under a minute",
        || {
            sh::run(
                sh::cmd("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(bench_dir()),
            )
        },
    )
}
