//! The API against its own contract: schemathesis (PyPI) reads `GET /api/v1/openapi.json` from a
//! release server on a fresh database and sends what the document allows and what it forbids, with
//! every check on, as an organiser, as a stallholder, and (for logging out, which ends the session
//! it is sent with) with throwaway sessions. Any failure fails the step.

use anyhow::{bail, Context};

use crate::{paths, release_server::ReleaseServer, sh};

const ADDR: &str = "127.0.0.1:18383";

/// Runs schemathesis as each kind of caller.
pub fn run() -> anyhow::Result<()> {
    let server = ReleaseServer::start("contract", ADDR, &[])?;
    let organiser = server.token_for("13900139888", "organiser", Some("hu-xiaotong"))?;
    let stallholder = server.token_for("13700137888", "stallholder", None)?;
    let everything_but_logging_out = ["--exclude-operation-id", "log_out"];
    let runs: [(&str, String, &[&str]); 3] = [
        ("an organiser", organiser, &everything_but_logging_out),
        ("a stallholder", stallholder, &everything_but_logging_out),
        (
            "logging out",
            server.token_for("13700137889", "stallholder", None)?,
            &["--include-operation-id", "log_out"],
        ),
    ];
    let mut failed = Vec::new();
    for (caller, token, filter) in runs {
        println!("\n--- schemathesis as {caller}");
        let outcome = sh::run(
            sh::cmd(paths::schemathesis())
                .arg("--config-file")
                .arg(paths::root().join("tests/contract/schemathesis.toml"))
                .arg("run")
                .arg(format!("http://{ADDR}/api/v1/openapi.json"))
                .args(["--url", &format!("http://{ADDR}/api/v1")])
                .args(["--header", &format!("Authorization: Bearer {token}")])
                .args(filter)
                .env("NO_COLOR", "1")
                // It keeps a cache of what it found in the folder it runs in: not the clone.
                .current_dir(paths::cache()),
        );
        if let Err(error) = outcome {
            println!("    {error:#}");
            failed.push(caller);
        }
    }
    if !failed.is_empty() {
        bail!("schemathesis found failures as {}", failed.join(", "));
    }
    Ok(())
}

/// Installs schemathesis into its own virtual environment in the cache.
pub fn ensure_schemathesis() -> anyhow::Result<()> {
    let wanted = format!("schemathesis, version {SCHEMATHESIS_VERSION}");
    if sh::output(sh::cmd(paths::schemathesis()).arg("--version"))
        .is_some_and(|v| v.trim() == wanted)
    {
        println!("  schemathesis {SCHEMATHESIS_VERSION}: present");
        return Ok(());
    }
    let venv = paths::cache().join("schemathesis");
    sh::step(
        &format!("Installing schemathesis {SCHEMATHESIS_VERSION} (pip, in a venv)"),
        "a minute",
        || {
            sh::run(sh::cmd("python3").args(["-m", "venv"]).arg(&venv))?;
            sh::run(
                sh::cmd(venv.join("bin/pip"))
                    .args(["install", "--quiet"])
                    .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
            )
            .context("pip install schemathesis")
        },
    )
}

/// The schemathesis release the contract run is checked with.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
