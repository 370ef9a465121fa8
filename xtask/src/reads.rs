//! `cargo xtask bench-reads`: the public reads beside Debian's nginx serving the very same bytes
//! as files, in one run. The server and nginx each get core 0 (`taskset`), wrk (one thread, 64
//! connections) core 1; each path is measured from nginx, then from the server. Bodies go
//! uncompressed both ways (nginx-light has no brotli; wrk asks for no encoding).

use std::fs;

use anyhow::{bail, Context};

use crate::{
    build,
    nginx::Nginx,
    release_server::{self, ReleaseServer},
    sh, tools,
};

const SERVER: &str = "127.0.0.1:18401";
const NGINX: &str = "127.0.0.1:18402";
const CONNECTIONS: &str = "64";
const SECONDS: &str = "10s";
/// The demo market whose page is read.
const MARKET: &str = "m-xiaotong-loquat";

/// One wrk run.
struct Measured {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// The benchmark: prints a markdown table for BENCHMARKS.md.
pub fn bench() -> anyhow::Result<()> {
    build::build_all()?;
    if !std::path::Path::new("/usr/bin/wrk").exists() {
        tools::apt_install(&["wrk"])?;
    }
    let dir = release_server::fresh_dir("bench-reads")?;
    let db = format!("sqlite://{}", dir.join("jishi.db").display());
    release_server::seed(&db)?;
    let _server = ReleaseServer::serve_on(&db, &dir, SERVER, &[], Some(0))?;
    let paths = [
        ("/api/v1/markets", "markets.json", "application/json"),
        ("/", "index.html", "text/html"),
        (&format!("/m/{MARKET}") as &str, "market.html", "text/html"),
    ];
    // The files nginx serves are the server's own answers.
    let files = dir.join("files");
    fs::create_dir_all(&files)?;
    let mut locations = String::new();
    for (path, file, kind) in &paths {
        let body = sh::output(sh::cmd("curl").args(["-sf", &format!("http://{SERVER}{path}")]))
            .with_context(|| format!("reading {path} from the server"))?;
        fs::write(files.join(file), body)?;
        locations.push_str(&format!(
            "    location = {path} {{ default_type {kind}; try_files /{file} =404; }}\n"
        ));
    }
    let site = format!(
        "server {{\n    listen {NGINX};\n    root {};\n{locations}}}\n",
        files.display()
    );
    let _nginx = Nginx::start_on("bench-reads-nginx", &site, NGINX, Some(0))?;
    println!("\nCommand: cargo xtask bench-reads\n");
    println!(
        "wrk -t1 -c{CONNECTIONS} -d{SECONDS} on core 1; nginx and the server each on core 0, one \
         after the other; the same bytes, uncompressed.\n"
    );
    println!("| path | nginx req/s | nginx p50 | nginx p99 | server req/s | server p50 | server p99 | server ÷ nginx |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (path, ..) in &paths {
        let reference = wrk(NGINX, path)?;
        let ours = wrk(SERVER, path)?;
        println!(
            "| `{path}` | {:.0} | {:.2} ms | {:.2} ms | {:.0} | {:.2} ms | {:.2} ms | {:.2} |",
            reference.per_second,
            reference.p50_ms,
            reference.p99_ms,
            ours.per_second,
            ours.p50_ms,
            ours.p99_ms,
            ours.per_second / reference.per_second
        );
    }
    Ok(())
}

/// wrk on core 1 against `addr` + `path`.
fn wrk(addr: &str, path: &str) -> anyhow::Result<Measured> {
    let out = sh::output(sh::cmd("taskset").args([
        "-c",
        "1",
        "wrk",
        "-t1",
        &format!("-c{CONNECTIONS}"),
        &format!("-d{SECONDS}"),
        "--latency",
        &format!("http://{addr}{path}"),
    ]))
    .context("wrk")?;
    let number_after = |label: &str| -> Option<f64> {
        out.lines()
            .find_map(|line| line.trim().strip_prefix(label))
            .map(str::trim)
            .and_then(|value| {
                let digits: String = value
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let unit = &value[digits.len()..];
                let n: f64 = digits.parse().ok()?;
                Some(match unit.trim() {
                    "us" => n / 1000.0,
                    "s" => n * 1000.0,
                    _ => n,
                })
            })
    };
    if out.contains("Non-2xx") {
        bail!("{addr}{path} answered errors:\n{out}");
    }
    Ok(Measured {
        per_second: number_after("Requests/sec:").context("no Requests/sec")?,
        p50_ms: number_after("50%").context("no p50")?,
        p99_ms: number_after("99%").context("no p99")?,
    })
}
