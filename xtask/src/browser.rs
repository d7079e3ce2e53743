//! `cargo xtask browser-test`: the built site, tested in headless Chromium.
//!
//! The tests live in `tests/browser/` (Node's built-in test runner driving the
//! distribution's Chromium through `playwright-core`, which never downloads a
//! browser of its own). This task builds the book and its PDF, installs the
//! pinned npm packages from the lock file, and runs the tests, telling them
//! which Chromium to start and with which flags ([`chromium::FLAGS`], as JSON
//! in `$CHROMIUM_FLAGS`).

use crate::{Result, book, chromium};
use std::path::Path;
use std::process::Command;

pub fn test(root: &Path) -> Result {
    book::build(root, book::Pdf::Required)?;
    let browser = chromium::find().ok_or("Chromium is not installed")?;
    let tests = root.join("tests").join("browser");
    if !tests.join("node_modules").join("playwright-core").is_dir() {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&tests),
            "npm ci (installs playwright-core; needs Node.js and npm)",
        )?;
    }
    run(
        Command::new("node")
            .arg("--test")
            .current_dir(&tests)
            .env("BOOK_DIR", root.join("book"))
            .env("CHROMIUM", &browser)
            .env(chromium::FLAGS_VAR, chromium::flags_json()),
        "node --test (the browser tests in tests/browser/)",
    )
}

fn run(command: &mut Command, what: &str) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}
