//! Where things are: the workspace, the build caches outside it, the built app.

use std::path::PathBuf;

/// The workspace root (the folder with the top `Cargo.toml`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// A cache outside the clone, so a fresh clone (CI's) reuses earlier builds and tool installs.
pub fn cache() -> PathBuf {
    if let Some(dir) = std::env::var_os("JISHI_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
    home.join(".cache").join("jishi")
}

/// The cargo target directory used for every build xtask starts.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| cache().join("target"), PathBuf::from)
}

/// npm packages that provide tools (wasm-opt) live here; their `.bin` goes on PATH.
pub fn node_tools() -> PathBuf {
    cache().join("node-tools")
}

/// trunk's output: the web app the server serves.
pub fn dist() -> PathBuf {
    root().join("dist")
}

/// The release server binary.
pub fn server_bin() -> PathBuf {
    target_dir().join("server").join("jishi-server")
}

/// schemathesis, in its virtual environment in the cache.
pub fn schemathesis() -> PathBuf {
    cache()
        .join("schemathesis")
        .join("bin")
        .join("schemathesis")
}

/// The end-to-end test project (Playwright).
pub fn e2e() -> PathBuf {
    root().join("tests").join("e2e")
}
