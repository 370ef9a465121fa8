//! `cargo xtask bench-size`: what a villager downloads on first visit, compressed as the server sends
//! it, beside a bare Leptos counter built with the same toolchain and profile as the reference.

use std::{fs, path::Path};

use crate::{build, paths, sh, tools};

/// Builds the reference, a bare Leptos counter, with the same toolchain and profile; returns the
/// folder it was built into.
pub fn build_counter() -> anyhow::Result<std::path::PathBuf> {
    let counter_dist = paths::cache().join("bench-counter-dist");
    let counter_dir = paths::root().join("bench").join("counter");
    build::fetch_crates(&counter_dir)?;
    sh::step(
        "Building the reference: a bare Leptos counter (trunk, release)",
        "1 to 3 minutes",
        || {
            sh::run(
                sh::cmd("trunk")
                    .args(["build", "--release", "--dist"])
                    .arg(&counter_dist)
                    .current_dir(&counter_dir),
            )
        },
    )?;
    build::precompress(&counter_dist)?;
    Ok(counter_dist)
}

/// Builds the app and the reference counter, and prints both as a markdown table.
pub fn bench() -> anyhow::Result<()> {
    tools::ensure_all(false)?;
    build::build_app()?;
    let counter_dist = build_counter()?;
    let [organisers, gate, checkin] =
        ["organise", "gate", "checkin"].map(|dir| paths::dist().join(dir));
    let app = measure(&paths::dist(), &[&organisers, &gate, &checkin])?;
    let others = [
        (
            "second app, loaded only under /organise, /stall and /account",
            measure(&organisers, &[])?,
        ),
        (
            "gate's scanner, loaded only under /gate",
            measure(&gate, &[])?,
        ),
        (
            "visitors' check-in, loaded only at /checkin",
            measure(&checkin, &[])?,
        ),
    ];
    let reference = measure(&counter_dist, &[])?;
    println!("\nCommand: cargo xtask bench-size\n");
    println!("| what | Jishi raw | Jishi gzip | Jishi brotli | counter brotli |");
    println!("|---|---:|---:|---:|---:|");
    for (kind, mine) in &app {
        let theirs = reference
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, s)| s.brotli);
        println!(
            "| {kind} | {} | {} | {} | {} |",
            kb(mine.raw),
            kb(mine.gzip),
            kb(mine.brotli),
            kb(theirs)
        );
    }
    for (what, sizes) in &others {
        if let Some((_, total)) = sizes.last() {
            println!(
                "| {what} (wasm+js+css) | {} | {} | {} | |",
                kb(total.raw),
                kb(total.gzip),
                kb(total.brotli)
            );
        }
    }
    Ok(())
}

#[derive(Debug, Default, Clone, Copy)]
struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, other: Self) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

/// Sizes per kind (wasm, js, css, html) and the app total (wasm + js + css, the budget's measure),
/// leaving out what is under the folders `except`.
fn measure(dist: &Path, except: &[&Path]) -> anyhow::Result<Vec<(&'static str, Sizes)>> {
    let mut rows: Vec<(&'static str, Sizes)> = ["wasm", "js", "css", "html"]
        .iter()
        .map(|k| (*k, Sizes::default()))
        .collect();
    for path in build::files_under(dist)? {
        if except.iter().any(|except| path.starts_with(except)) {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let Some((_, sizes)) = rows.iter_mut().find(|(kind, _)| *kind == ext) else {
            continue;
        };
        let raw = fs::read(&path)?;
        *sizes += Sizes {
            raw: raw.len(),
            gzip: build::gzip_bytes(&raw)?.len(),
            brotli: build::brotli_bytes(&raw)?.len(),
        };
    }
    let mut total = Sizes::default();
    for (kind, sizes) in &rows {
        if *kind != "html" {
            total += *sizes;
        }
    }
    rows.push(("app total (wasm+js+css)", total));
    Ok(rows)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
