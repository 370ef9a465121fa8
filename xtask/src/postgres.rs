//! A PostgreSQL of the run's own, for the HTTP suite on PostgreSQL and the scale benchmark: Debian's
//! `postgresql` package, a fresh cluster in a temporary directory on a free loopback port with trust
//! authentication, stopped and removed when dropped. PostgreSQL refuses to run as root, so as root
//! the cluster belongs to the package's unprivileged `postgres` user (`runuser`).

use std::{
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context};

use crate::{sh, tools};

/// How the cluster trades durability for speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// fsync off: for tests, whose data is thrown away (the server still waits for each commit).
    Throwaway,
    /// PostgreSQL's defaults, as a deployment runs it: for benchmarks beside SQLite's
    /// `synchronous=FULL`.
    AsDeployed,
}

/// A running cluster.
pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Postgres {
    /// Installs PostgreSQL if missing, then starts a new cluster.
    pub fn start(durability: Durability) -> anyhow::Result<Self> {
        let bin = match server_bin_dir() {
            Some(bin) => bin,
            None => {
                tools::apt_install(&["postgresql"])?;
                server_bin_dir().context("the postgresql package installed no initdb")?
            }
        };
        let as_postgres = sh::output(sh::cmd("id").arg("-u")).as_deref() == Some("0");
        let dir = PathBuf::from(
            sh::output(
                owned_by_postgres(as_postgres, "mktemp")
                    .args(["-d", "/tmp/jishi-pg.XXXXXX"])
                    .current_dir("/tmp"),
            )
            .context("making the cluster's directory")?,
        );
        let port = free_port()?;
        let mut cluster = Self {
            bin,
            dir,
            port,
            as_postgres,
        };
        cluster.init()?;
        cluster.run_pg_ctl(durability)?;
        Ok(cluster)
    }

    /// The cluster's URL without a database, as `JISHI_TEST_POSTGRES` takes it.
    pub fn server_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// The URL of `database` on this cluster.
    pub fn url(&self, database: &str) -> String {
        format!("{}/{database}", self.server_url())
    }

    /// Creates an empty database.
    pub fn create_database(&self, name: &str) -> anyhow::Result<()> {
        sh::run(self.tool("createdb").args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-U",
            "postgres",
            name,
        ]))
    }

    fn init(&mut self) -> anyhow::Result<()> {
        sh::run(self.tool("initdb").args([
            "--pgdata",
            &self.data().display().to_string(),
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            // Full Unicode character classes, so text search splits Chinese as words.
            "--locale=C.UTF-8",
            "--no-sync",
        ]))
    }

    fn run_pg_ctl(&mut self, durability: Durability) -> anyhow::Result<()> {
        let mut options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={} -c max_connections=200",
            self.port,
            self.dir.display()
        );
        if durability == Durability::Throwaway {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        let log = self.dir.join("server.log");
        sh::run(self.tool("pg_ctl").args([
            "start",
            "--wait",
            "--pgdata",
            &self.data().display().to_string(),
            "--log",
            &log.display().to_string(),
            "-o",
            &options,
        ]))
        .with_context(|| format!("starting PostgreSQL (its log: {})", log.display()))
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// One of the server's programs, run as the cluster's owner.
    fn tool(&self, name: &str) -> Command {
        let mut command = owned_by_postgres(self.as_postgres, self.bin.join(name));
        command.current_dir(&self.dir);
        command
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data().display().to_string();
        let _ = self
            .tool("pg_ctl")
            .args(["stop", "--pgdata", &data, "--mode", "immediate"])
            .output();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// `program`, run as the `postgres` user when we are root.
fn owned_by_postgres(as_postgres: bool, program: impl AsRef<std::ffi::OsStr>) -> Command {
    if as_postgres {
        let mut command = sh::cmd("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        sh::cmd(program)
    }
}

/// The newest installed server's `bin` directory (`/usr/lib/postgresql/15/bin`).
fn server_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            Path::new(&bin.join("initdb"))
                .exists()
                .then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    if port == 0 {
        bail!("no free port");
    }
    Ok(port)
}
