//! Installs what a fresh Debian machine lacks, and skips what is already there at the right version.
//!
//! trunk must run offline (no downloads from outside the package registries), so it finds
//! `wasm-bindgen` and `wasm-opt` on PATH: the first from crates.io, the second from npm's `binaryen`
//! (Debian's binaryen is too old for today's wasm).

use std::{fs, path::Path};

use anyhow::{bail, Context};

use crate::{paths, sh};

/// trunk 0.22 needs a newer rustc than ours.
pub const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen; its major version is what Trunk.toml's `wasm_opt = "version_N"` names.
pub const BINARYEN_VERSION: &str = "132.0.0";

/// Every tool the build needs; with `browsers`, also what the browser tests need.
pub fn ensure_all(browsers: bool) -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()?;
    ensure_cjk_font()?;
    if browsers {
        ensure_chromium()?;
        ensure_e2e_packages()?;
        crate::contract::ensure_schemathesis()?;
    }
    Ok(())
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = sh::output(sh::cmd("rustup").args(["target", "list", "--installed"]));
    if installed.is_some_and(|list| list.lines().any(|t| t == "wasm32-unknown-unknown")) {
        println!("  wasm32-unknown-unknown target: present");
        return Ok(());
    }
    sh::step(
        "Adding the wasm32-unknown-unknown target",
        "about 1 minute",
        || sh::run(sh::cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
    )
}

fn ensure_trunk() -> anyhow::Result<()> {
    let found = sh::output(sh::cmd("trunk").arg("--version"));
    if found.as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        println!("  trunk {TRUNK_VERSION}: present");
        return Ok(());
    }
    let label = format!("Installing trunk {TRUNK_VERSION} from crates.io");
    sh::step(
        &label,
        "about 15 minutes on 2 cores, once per machine",
        || {
            sh::run(sh::cmd("cargo").args([
                "install",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--locked",
            ]))
        },
    )
}

fn ensure_wasm_bindgen() -> anyhow::Result<()> {
    let version = pinned_wasm_bindgen()?;
    let found = sh::output(sh::cmd("wasm-bindgen").arg("--version"));
    if found.as_deref() == Some(&format!("wasm-bindgen {version}")) {
        println!("  wasm-bindgen {version}: present");
        return Ok(());
    }
    let label = format!("Installing wasm-bindgen-cli {version} (must match the crate exactly)");
    sh::step(&label, "about 5 minutes, once per machine", || {
        let install = || {
            let mut command = sh::cmd("cargo");
            command.args(["install", "wasm-bindgen-cli", "--version", &version]);
            command
        };
        // Its lock file can name a dependency release that the registry has since pulled
        // (webpki-roots 1.0.11, seen here); the same version then installs with fresh resolution.
        sh::run(install().arg("--locked")).or_else(|error| {
            println!("    the locked install failed ({error:#}); retrying without --locked");
            sh::run(&mut install())
        })
    })
}

fn ensure_wasm_opt() -> anyhow::Result<()> {
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let found = sh::output(sh::cmd("wasm-opt").arg("--version"));
    if found
        .as_deref()
        .is_some_and(|v| v.starts_with(&format!("wasm-opt version {major}")))
    {
        println!("  wasm-opt {major}: present");
        return Ok(());
    }
    ensure_node()?;
    let dir = paths::node_tools();
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    sh::step(
        &format!("Installing wasm-opt (npm binaryen {BINARYEN_VERSION})"),
        "under a minute",
        || {
            sh::run(
                sh::cmd("npm")
                    .args(["install", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&dir)
                    .arg(format!("binaryen@{BINARYEN_VERSION}")),
            )
        },
    )
}

fn ensure_node() -> anyhow::Result<()> {
    if sh::output(sh::cmd("npm").arg("--version")).is_some() {
        return Ok(());
    }
    apt_install(&["nodejs", "npm"])
}

/// Debian's Chromium and its driver, for wasm-bindgen-test and Playwright.
fn ensure_chromium() -> anyhow::Result<()> {
    let present = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
        .iter()
        .all(|p| Path::new(p).exists());
    if present {
        println!("  chromium and chromedriver: present");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

/// CJK fonts: the server writes share pictures' Chinese with them (`share_image`), and the
/// screenshots show Chinese rather than empty boxes.
fn ensure_cjk_font() -> anyhow::Result<()> {
    if Path::new(CJK_FONT).exists() {
        println!("  CJK fonts: present");
        return Ok(());
    }
    apt_install(&["fonts-noto-cjk"])
}

/// A file that Debian's fonts-noto-cjk installs.
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// The end-to-end tests' npm packages, exactly as locked (no browser download: we use Debian's).
fn ensure_e2e_packages() -> anyhow::Result<()> {
    ensure_node()?;
    let e2e = paths::e2e();
    let installed = e2e.join("node_modules").join(".package-lock.json");
    let lock = e2e.join("package-lock.json");
    if is_newer(&installed, &lock) {
        println!("  end-to-end test packages: present");
        return Ok(());
    }
    sh::step(
        "Installing the end-to-end test packages (npm ci)",
        "about a minute",
        || {
            sh::run(
                sh::cmd("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&e2e)
                    .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            )
        },
    )
}

pub fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let label = format!("Installing {} with apt-get", packages.join(", "));
    sh::step(&label, "a few minutes", || {
        let as_root = sh::output(sh::cmd("id").arg("-u")).as_deref() == Some("0");
        let apt = |args: &[&str]| {
            let mut command = if as_root {
                sh::cmd("apt-get")
            } else {
                sh::cmd("sudo")
            };
            if !as_root {
                command.arg("apt-get");
            }
            command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            sh::run(&mut command)
        };
        apt(&["update", "-q"])?;
        let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
        install.extend_from_slice(packages);
        apt(&install)
    })
}

/// The exact `wasm-bindgen` version the app pins (`=x.y.z` in the root Cargo.toml).
pub fn pinned_wasm_bindgen() -> anyhow::Result<String> {
    let manifest = fs::read_to_string(paths::root().join("Cargo.toml"))?;
    for line in manifest.lines() {
        if let Some(rest) = line.trim().strip_prefix("wasm-bindgen = \"=") {
            if let Some(version) = rest.split('"').next() {
                return Ok(version.to_owned());
            }
        }
    }
    bail!("the root Cargo.toml must pin wasm-bindgen as `wasm-bindgen = \"=x.y.z\"`")
}

fn is_newer(candidate: &Path, than: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(candidate), modified(than)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}
