//! `jishi-server`: parses the command line, sets up logging, and hands over to the library.

use clap::Parser;
use jishi_server::cli::{self, Cli};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    jishi_server::telemetry::init();
    match cli::run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("jishi-server: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
