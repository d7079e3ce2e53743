//! The pinned external tools the book needs, installed on demand.
//!
//! `cargo install --locked` builds them from crates.io with the versions their
//! authors tested, so a fresh machine needs nothing but the Rust toolchain.

use crate::Result;
use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A command-line tool from crates.io, pinned to one version.
struct Tool {
    /// The crate and the executable (they share the name).
    name: &'static str,
    version: &'static str,
}

/// mdBook itself, the preprocessor that renders the math at build time, and
/// the EPUB renderer. mdbook-epub 0.5.4 requires rustc 1.96; 0.5.2 builds
/// with the stable toolchain the book uses (1.95) and renders the same way
/// for a book without remote images (0.5.3 and 0.5.4 only change how remote
/// images are fetched, logging and the version message).
const TOOLS: [Tool; 3] = [
    Tool {
        name: "mdbook",
        version: "0.5.4",
    },
    Tool {
        name: "mdbook-katex",
        version: "0.10.0",
    },
    Tool {
        name: "mdbook-epub",
        version: "0.5.2",
    },
];

/// Installs any pinned tool that is missing or at another version, and
/// returns the `PATH` under which mdbook finds them all.
pub fn ensure_installed() -> Result<OsString> {
    let path = search_path();
    for tool in &TOOLS {
        match installed_version(tool.name, &path) {
            Some(v) if v == tool.version => {}
            found => {
                let why =
                    found.map_or("is not installed".to_owned(), |v| format!("is version {v}"));
                eprintln!(
                    "{} {why}; installing {} {} with `cargo install --locked` (once; this takes a few minutes)",
                    tool.name, tool.name, tool.version
                );
                let status = crate::cargo()
                    .args(["install", "--locked", tool.name, "--version", tool.version])
                    .status()
                    .map_err(|e| format!("cannot run cargo install: {e}"))?;
                if !status.success() {
                    return Err(format!(
                        "`cargo install --locked {} --version {}` failed ({status})",
                        tool.name, tool.version
                    ));
                }
            }
        }
    }
    Ok(path)
}

/// `$PATH` with cargo's install directory in front, where `cargo install` puts tools.
fn search_path() -> OsString {
    let mut dirs = vec![cargo_bin_dir()];
    dirs.extend(
        env::var_os("PATH")
            .map(|p| env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// `$CARGO_HOME/bin`, by default `~/.cargo/bin`.
fn cargo_bin_dir() -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin")
}

/// The version a tool reports with `--version` (`mdbook v0.5.4` → `0.5.4`).
fn installed_version(name: &str, path: &OsString) -> Option<String> {
    let output = Command::new(name)
        .arg("--version")
        .env("PATH", path)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let last = text.split_whitespace().last()?;
    Some(last.trim_start_matches('v').to_owned())
}
