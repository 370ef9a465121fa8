//! A release server on a fresh database with demo data, for the steps that try it from outside
//! (the check-in burst, the contract run, the abuse run); killed when dropped.

use std::{
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    thread,
    time::Duration,
};

use anyhow::{bail, Context};

use crate::{paths, sh};

/// A running release server.
pub struct ReleaseServer {
    child: Child,
    /// `127.0.0.1:port`.
    pub addr: String,
    db: String,
}

impl ReleaseServer {
    /// Seeds a fresh database in the cache folder `name` and starts the server on `addr` with
    /// `serve_flags` besides.
    pub fn start(name: &str, addr: &str, serve_flags: &[&str]) -> anyhow::Result<Self> {
        let dir = fresh_dir(name)?;
        let db = format!("sqlite://{}", dir.join("jishi.db").display());
        seed(&db)?;
        Self::serve(&db, &dir, addr, serve_flags)
    }

    /// Starts a server on the database `db` (seeded or not), logging into `dir`.
    pub fn serve(db: &str, dir: &Path, addr: &str, serve_flags: &[&str]) -> anyhow::Result<Self> {
        Self::serve_on(db, dir, addr, serve_flags, None)
    }

    /// As [`Self::serve`], the process held to one CPU core when `core` is given (`taskset`).
    pub fn serve_on(
        db: &str,
        dir: &Path,
        addr: &str,
        serve_flags: &[&str],
        core: Option<usize>,
    ) -> anyhow::Result<Self> {
        let mut serve = match core {
            Some(core) => {
                let mut pinned = sh::cmd("taskset");
                pinned
                    .args(["-c", &core.to_string()])
                    .arg(paths::server_bin())
                    .env("DATABASE_URL", db);
                pinned
            }
            None => cli(db),
        };
        serve.args(["serve", "--addr", addr]);
        if !serve_flags.contains(&"--dist") {
            serve.arg("--dist").arg(paths::dist());
        }
        let log = dir.join(format!("server-{}.log", addr.replace(':', "-")));
        let child = serve
            .args(serve_flags)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).map_or_else(|_| Stdio::null(), Stdio::from))
            .spawn()
            .context("starting the server")?;
        let server = Self {
            child,
            addr: addr.to_owned(),
            db: db.to_owned(),
        };
        server.wait_until_listening()?;
        Ok(server)
    }

    /// Kills the server as `kill -9` does: no shutdown, no drain.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's process id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Makes `phone` a user with `role` (and `unit`), and returns a session token for them.
    pub fn token_for(&self, phone: &str, role: &str, unit: Option<&str>) -> anyhow::Result<String> {
        let mut add = cli(&self.db);
        add.args(["user", "add", "--phone", phone, "--role", role]);
        if let Some(unit) = unit {
            add.args(["--unit", unit]);
        }
        sh::run(&mut add)?;
        sh::output(cli(&self.db).args(["token", "--phone", phone]))
            .and_then(|out| out.lines().last().map(str::to_owned))
            .context("the server CLI printed no token")
    }

    fn wait_until_listening(&self) -> anyhow::Result<()> {
        for _ in 0..100 {
            if TcpStream::connect(&self.addr).is_ok() {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(100));
        }
        bail!("the server did not start listening on {}", self.addr)
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Loads the demo data into `db`.
pub fn seed(db: &str) -> anyhow::Result<()> {
    sh::run(cli(db).arg("seed-demo"))
}

fn cli(db: &str) -> Command {
    let mut command = sh::cmd(paths::server_bin());
    command.env("DATABASE_URL", db);
    command
}

/// An empty folder `name` in the cache.
pub fn fresh_dir(name: &str) -> anyhow::Result<PathBuf> {
    let dir = paths::cache().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
