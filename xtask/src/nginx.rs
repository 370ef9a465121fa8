//! Debian's nginx (`nginx-light`) in the foreground with a configuration in a temporary folder,
//! stopped when dropped: in front of two servers in the two-instance run, with the project's own
//! `deploy/nginx/jishi.conf`.

use std::{
    fs,
    net::TcpStream,
    path::PathBuf,
    process::{Child, Stdio},
    thread,
    time::Duration,
};

use anyhow::{bail, Context};

use crate::{paths, sh, tools};

/// A running nginx.
pub struct Nginx {
    child: Child,
    dir: PathBuf,
}

impl Nginx {
    /// Starts nginx with `site` (what goes inside `http { … }`), listening on `listen`.
    pub fn start(name: &str, site: &str, listen: &str) -> anyhow::Result<Self> {
        Self::start_on(name, site, listen, None)
    }

    /// As [`Self::start`], held to one CPU core when `core` is given (`taskset`).
    pub fn start_on(
        name: &str,
        site: &str,
        listen: &str,
        core: Option<usize>,
    ) -> anyhow::Result<Self> {
        if sh::output(sh::cmd("nginx").arg("-v")).is_none() {
            tools::apt_install(&["nginx-light"])?;
        }
        let dir = paths::cache().join(name);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("site.conf"), site)?;
        let folder = dir.display();
        let main = format!(
            "daemon off;\nworker_processes 1;\nuser root;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {folder}/body;\n  \
             proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/fastcgi;\n  \
             uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n  \
             include {folder}/site.conf;\n}}\n"
        );
        fs::write(dir.join("nginx.conf"), main)?;
        // As root, nginx's workers run as `nobody`: they must be able to write their temp folders.
        sh::run(sh::cmd("chmod").args(["-R", "a+rwX"]).arg(&dir))?;
        let mut command = match core {
            Some(core) => {
                let mut pinned = sh::cmd("taskset");
                pinned.args(["-c", &core.to_string(), "nginx"]);
                pinned
            }
            None => sh::cmd("nginx"),
        };
        let child = command
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-p")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting nginx")?;
        let nginx = Self { child, dir };
        for _ in 0..100 {
            if TcpStream::connect(listen).is_ok() {
                return Ok(nginx);
            }
            thread::sleep(Duration::from_millis(50));
        }
        bail!(
            "nginx did not start listening on {listen} (its log: {})",
            nginx.dir.join("error.log").display()
        )
    }
}

impl Drop for Nginx {
    /// SIGTERM, so the master stops its workers (killed outright, it leaves them listening).
    fn drop(&mut self) {
        let _ = sh::cmd("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..40 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
