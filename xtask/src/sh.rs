//! Running commands so a person can follow along: each is echoed, slow steps get a ticking progress
//! line, and every child sees the same environment (target dir, tools on PATH).

use std::{
    ffi::OsStr,
    path::Path,
    process::Command,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, Context};

use crate::paths;

/// A command with xtask's environment: the shared target dir, and npm-provided tools on PATH.
pub fn cmd(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(paths::root());
    command.env("CARGO_TARGET_DIR", paths::target_dir());
    command.env("PATH", path_with_tools());
    command
}

/// PATH with cargo's bin dir and the npm tools' `.bin` in front.
pub fn path_with_tools() -> std::ffi::OsString {
    let mut dirs = vec![paths::node_tools().join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo").join("bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// Runs `command` to completion, echoing it first; fails on a non-zero exit.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    println!("  $ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("starting {}", describe(command)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs `command` and returns its trimmed stdout, or `None` when it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A numbered step with a heading, a progress line every 30 s while it runs, and its duration.
pub fn step<T>(
    label: &str,
    expect: &str,
    work: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    if expect.is_empty() {
        println!("\n==> {label}");
    } else {
        println!("\n==> {label} ({expect})");
    }
    let started = Instant::now();
    let done = Arc::new(AtomicBool::new(false));
    let ticker = {
        let done = Arc::clone(&done);
        let label = label.to_owned();
        thread::spawn(move || {
            let mut last = Instant::now();
            while !done.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(250));
                if last.elapsed() >= Duration::from_secs(30) {
                    println!("    … {label}: {} so far", elapsed(started));
                    last = Instant::now();
                }
            }
        })
    };
    let result = work();
    done.store(true, Ordering::Relaxed);
    let _ = ticker.join();
    match &result {
        Ok(_) => println!("    ✓ {label} ({})", elapsed(started)),
        Err(_) => println!("    ✗ {label} ({})", elapsed(started)),
    }
    result
}

/// `1m 05s` style.
pub fn elapsed(since: Instant) -> String {
    let secs = since.elapsed().as_secs();
    if secs >= 60 {
        format!("{}m {:02}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    }
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
