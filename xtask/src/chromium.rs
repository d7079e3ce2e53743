//! The distribution's Chromium: where it is, how to install it, and how we
//! start it. The PDF ([`crate::pdf`]) and the browser tests
//! (`tests/browser/`, through [`crate::browser`]) both start it with
//! [`FLAGS`], so the two can never drift apart.
//!
//! No browser is ever downloaded: we use the one installed by the system's
//! package manager, or none.

use std::env;
use std::path::PathBuf;

/// What to install when Chromium (or its CJK font) is missing.
pub const INSTALL_HINT: &str =
    "on Debian or Ubuntu: `sudo apt-get install chromium fonts-noto-cjk`";

/// Headless mode. The PDF passes it itself; the browser tests' driver
/// (playwright) adds its own, so it is not part of [`FLAGS`].
pub const HEADLESS: &str = "--headless";

/// How every headless Chromium we start runs: with nothing that phones home
/// (this machine may have no network at all), no sandbox (CI runs as root),
/// no GPU, and a fresh profile added by the caller.
pub const FLAGS: [&str; 8] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// The environment variable through which the browser tests receive
/// [`FLAGS`], as a JSON array of strings.
pub const FLAGS_VAR: &str = "CHROMIUM_FLAGS";

/// [`FLAGS`] as JSON, for [`FLAGS_VAR`].
pub fn flags_json() -> String {
    serde_json::to_string(&FLAGS).expect("a list of strings is JSON")
}

/// The Chromium (or Chrome) executable: `$CHROMIUM` if set, otherwise the
/// first of the usual names on `PATH`.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_a_json_array_of_strings() {
        let parsed: Vec<String> = serde_json::from_str(&flags_json()).unwrap();
        assert_eq!(parsed, FLAGS);
        assert!(!FLAGS.contains(&HEADLESS));
    }
}
