//! Building the release app (trunk) and server, precompressing the app, and starting the server.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{bail, Context};

use crate::{paths, sh, tools};

/// File types worth compressing ahead of time (images and fonts are compressed already).
const COMPRESSIBLE: &[&str] = &["js", "wasm", "css", "svg", "json", "webmanifest", "txt"];

/// `cargo xtask run`: build everything, then serve with demo data until Ctrl-C.
pub fn run(serve_flags: &[String]) -> anyhow::Result<()> {
    build_all()?;
    println!("\n==> Starting Jishi on http://127.0.0.1:8080 (Ctrl-C stops it)");
    println!("    database: jishi.db (created with demo data on first start, never overwritten)");
    let mut server = sh::cmd(paths::server_bin());
    server.arg("serve").arg("--demo").args(serve_flags);
    sh::run(&mut server)
}

/// Installs missing tools, builds the app into `dist/` and the release server.
pub fn build_all() -> anyhow::Result<()> {
    tools::ensure_all(false)?;
    build_app()?;
    build_server()
}

/// `trunk build --release` of the villagers' app into `dist/`, then of the organisers' app into
/// `dist/organise/`, the gate's scanner into `dist/gate/` and the visitors' check-in into
/// `dist/checkin/` (in that order: the first build empties `dist/`), then `.br` and `.gz` beside
/// each asset for the server to send as is.
pub fn build_app() -> anyhow::Result<()> {
    check_trunk_pins()?;
    sh::step(
        "Building the web app (trunk, release, wasm-opt -Oz)",
        "2 to 5 minutes",
        || sh::run(sh::cmd("trunk").args(["build", "--release"])),
    )?;
    for (what, page, dir) in [
        ("the organisers' app", "organise.html", "organise"),
        ("the gate's scanner", "gate.html", "gate"),
        ("the visitors' check-in", "checkin.html", "checkin"),
    ] {
        sh::step(
            &format!("Building {what} (trunk, release, wasm-opt -Oz)"),
            "1 to 3 minutes",
            || {
                sh::run(sh::cmd("trunk").args([
                    "build",
                    page,
                    "--release",
                    "--dist",
                    &format!("dist/{dir}"),
                    "--public-url",
                    &format!("/{dir}/"),
                ]))
            },
        )?;
    }
    sh::step("Precompressing the app (brotli and gzip)", "", || {
        precompress(&paths::dist())
    })
}

/// The release server binary (profile `server`: fast, and panics unwind).
pub fn build_server() -> anyhow::Result<()> {
    sh::step(
        "Building the server (release)",
        "2 to 6 minutes from scratch",
        || {
            sh::run(sh::cmd("cargo").args([
                "build",
                "--locked",
                "--profile",
                "server",
                "--package",
                "jishi-server",
            ]))
        },
    )
}

/// trunk builds with `cargo --offline`, so every crate must be downloaded first (a no-op when cached).
pub fn fetch_crates(package_dir: &Path) -> anyhow::Result<()> {
    sh::run(
        sh::cmd("cargo")
            .args(["fetch", "--locked"])
            .current_dir(package_dir),
    )
}

/// Trunk.toml names the wasm-bindgen version too; a mismatch fails late and obscurely, so fail early.
fn check_trunk_pins() -> anyhow::Result<()> {
    let pinned = tools::pinned_wasm_bindgen()?;
    let trunk_toml = fs::read_to_string(paths::root().join("Trunk.toml"))?;
    let expected = format!("wasm_bindgen = \"{pinned}\"");
    if !trunk_toml.lines().any(|line| line.trim() == expected) {
        bail!("Trunk.toml must say `{expected}` to match the wasm-bindgen pinned in Cargo.toml");
    }
    Ok(())
}

/// Writes `name.br` and `name.gz` next to each compressible file under `dir`.
pub fn precompress(dir: &Path) -> anyhow::Result<()> {
    for path in files_under(dir)? {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let raw = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        fs::write(with_suffix(&path, "br"), brotli_bytes(&raw)?)?;
        fs::write(with_suffix(&path, "gz"), gzip_bytes(&raw)?)?;
    }
    Ok(())
}

/// Brotli at its best quality: the cost is paid once at build time.
pub fn brotli_bytes(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(raw)?;
    }
    Ok(out)
}

/// gzip at level 9, for the few browsers that do not take brotli.
pub fn gzip_bytes(raw: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw)?;
    Ok(encoder.finish()?)
}

/// Every regular file under `dir`, recursively, skipping earlier `.br`/`.gz` outputs.
pub fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in
            fs::read_dir(&current).with_context(|| format!("reading {}", current.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}
