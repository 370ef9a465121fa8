//! `cargo xtask`: Jishi's task runner. Two commands matter (README.md):
//!
//! - `cargo xtask run`  installs what is missing, builds the app and server in release mode, and
//!   serves them on http://127.0.0.1:8080 with a SQLite file and demo data;
//! - `cargo xtask test` installs what is missing (browsers too) and runs every check and test.

mod abuse;
mod build;
mod burst;
mod contract;
mod lighthouse;
mod load;
mod nginx;
mod paths;
mod postgres;
mod reads;
mod release_server;
mod scale;
mod sh;
mod size;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  run [serve flags…]   build everything (release) and start the server with demo data
  test                 run every check and test: fmt, clippy, unit, HTTP, wasm, end-to-end
  build                build the app into dist/ and the server, without starting it
  bench-size           print the compressed size of the app beside a bare Leptos counter
  bench-checkins       a burst of 5,000 visitor check-ins beside the health check, release server
  bench-lighthouse     Lighthouse 12 on /, /m/{id}, /products beside a bare counter, two networks
  bench-scale          bookings/s and check-ins/s: SQLite, PostgreSQL with one and two servers
  bench-reads          the public reads beside nginx serving the same bytes, one core each
  two-instances        only test's run of two release servers on one PostgreSQL
  setup [--browsers]   only install the tools (and the test browsers)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "run" => build::run(rest),
        "test" => test::run_all(),
        "build" => build::build_all().map(|_| ()),
        "bench-size" => size::bench(),
        "bench-checkins" => burst::bench(),
        "bench-lighthouse" => lighthouse::bench(),
        "bench-scale" => scale::bench(),
        "bench-reads" => reads::bench(),
        "two-instances" => build::build_server().and_then(|()| scale::two_instances()),
        "setup" => tools::ensure_all(rest.iter().any(|a| a == "--browsers")),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprint!("unknown command {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
