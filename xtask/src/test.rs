//! `cargo xtask test`: every check and test, each layer in turn, with a summary at the end.
//!
//! A failing step does not stop the independent ones after it, so one run shows every problem;
//! the end-to-end tests need the release build and are skipped when it fails.

use std::time::Instant;

use anyhow::bail;

use crate::{build, paths, sh, tools};

/// Runs everything; fails when any step failed.
pub fn run_all() -> anyhow::Result<()> {
    let started = Instant::now();
    tools::ensure_all(true)?;
    let mut report = Report::default();
    report.step("Formatting (cargo fmt --check)", || {
        sh::run(sh::cmd("cargo").args(["fmt", "--all", "--", "--check"]))
    });
    report.step(
        "Lints of server, core and xtask (clippy -D warnings)",
        || {
            sh::run(sh::cmd("cargo").args([
                "clippy",
                "--locked",
                "--workspace",
                "--exclude",
                "jishi",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    );
    // The views again, as the app builds them (csr); the step above lints them as the server does.
    report.step("Lints of the app for wasm32 (clippy -D warnings)", || {
        sh::run(sh::cmd("cargo").args([
            "clippy",
            "--locked",
            "--package",
            "jishi",
            "--package",
            "jishi-views",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });
    report.step("Unit and HTTP tests (cargo test)", || {
        sh::run(sh::cmd("cargo").args(["test", "--locked", "--workspace", "--exclude", "jishi"]))
    });
    report.step(
        "HTTP tests again on PostgreSQL (a cluster of this run's own)",
        http_on_postgres,
    );
    report.step(
        "Component tests in headless Chromium (wasm-bindgen-test)",
        wasm_tests,
    );
    let built = report.step("Release build of app and server", || {
        build::build_app()?;
        build::build_server()
    });
    if built {
        report.step(
            "The API against its OpenAPI document (schemathesis, every check)",
            crate::contract::run,
        );
        report.step(
            "Hostile clients: photo bombs at once, 1,500 idle sockets",
            crate::abuse::run,
        );
        report.step(
            "Two servers on one PostgreSQL: 1,000 racing for 100 stalls, 5,000 check-ins, a kill -9",
            crate::scale::two_instances,
        );
        report.step(
            "End-to-end tests (Playwright, 360x640, WeChat UA)",
            end_to_end,
        );
    } else {
        report.skipped("End-to-end tests (they need the release build)");
    }
    report.finish(started)
}

fn wasm_tests() -> anyhow::Result<()> {
    // The app's component and gate tests in Chrome; core's token tests too, as the scanner runs
    // them: signing and verifying must agree between the server and the phone.
    for args in [
        &["--package", "jishi"][..],
        &["--package", "jishi-core", "--lib", "token::"][..],
    ] {
        sh::run(
            sh::cmd("cargo")
                .args(["test", "--locked", "--target", "wasm32-unknown-unknown"])
                .args(args)
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                )
                // The runner starts Chrome headless, without sandbox, by itself.
                .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
        )?;
    }
    Ok(())
}

fn end_to_end() -> anyhow::Result<()> {
    sh::run(
        sh::cmd("npx")
            .args(["playwright", "test"])
            .current_dir(paths::e2e())
            .env("JISHI_SERVER_BIN", paths::server_bin())
            .env("JISHI_DIST", paths::dist()),
    )
}

#[derive(Default)]
struct Report {
    passed: Vec<String>,
    failed: Vec<String>,
    skipped: Vec<String>,
}

impl Report {
    fn step(&mut self, label: &str, work: impl FnOnce() -> anyhow::Result<()>) -> bool {
        match sh::step(label, "", work) {
            Ok(()) => {
                self.passed.push(label.to_owned());
                true
            }
            Err(error) => {
                println!("    {error:#}");
                self.failed.push(label.to_owned());
                false
            }
        }
    }

    fn skipped(&mut self, label: &str) {
        println!("\n==> {label}: skipped");
        self.skipped.push(label.to_owned());
    }

    fn finish(self, started: Instant) -> anyhow::Result<()> {
        println!("\n==> Summary ({})", sh::elapsed(started));
        for label in &self.passed {
            println!("    ✓ {label}");
        }
        for label in &self.failed {
            println!("    ✗ {label}");
        }
        for label in &self.skipped {
            println!("    - {label} (skipped)");
        }
        println!(
            "steps: {} passed, {} failed, {} skipped",
            self.passed.len(),
            self.failed.len(),
            self.skipped.len()
        );
        if !self.failed.is_empty() {
            bail!("{} step(s) failed", self.failed.len());
        }
        Ok(())
    }
}

/// The HTTP suite with every test on a fresh database of a PostgreSQL started for the run.
fn http_on_postgres() -> anyhow::Result<()> {
    let postgres = crate::postgres::Postgres::start(crate::postgres::Durability::Throwaway)?;
    sh::run(
        sh::cmd("cargo")
            .args([
                "test",
                "--locked",
                "--package",
                "jishi-server",
                "--test",
                "api",
            ])
            .env("JISHI_TEST_POSTGRES", postgres.server_url()),
    )
}
