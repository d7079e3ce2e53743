//! Regenerates every figure by running every example program.
//!
//! Each program `examples/NAME.rs` is the Rust twin of one notebook cell. It
//! draws `src/figures/NAME.svg` (and may draw more figures named `NAME-….svg`);
//! whatever it prints is saved as `src/figures/NAME.txt`, so output shown in
//! the book is output the code printed. Files are only rewritten when their
//! bytes change, so `mdbook serve` does not see a change that is none.

use crate::Result;
use crate::files::{remove_file as remove, write_if_changed};
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The environment variable that tells an example program where to draw its
/// figures; the plotting code reads the same name.
pub const FIGURES_DIR_VAR: &str = "ACTIVATIONS_FIGURES_DIR";

/// What one regeneration did, for the user.
pub struct Report {
    pub examples: usize,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "figures: ran {} example programs", self.examples)?;
        match self.changed.as_slice() {
            [] => write!(f, "; every figure was up to date")?,
            changed => write!(f, "; updated {}", changed.join(", "))?,
        }
        if !self.removed.is_empty() {
            write!(f, "; removed stale {}", self.removed.join(", "))?;
        }
        Ok(())
    }
}

/// The directory the figures are written to.
pub fn dir(root: &Path) -> PathBuf {
    root.join("src").join("figures")
}

// ANCHOR: regenerate
/// Builds the example programs, runs each one, and saves what it printed.
pub fn regenerate(root: &Path) -> Result<Report> {
    let figures = dir(root);
    fs::create_dir_all(&figures)
        .map_err(|e| format!("cannot create {}: {e}", figures.display()))?;
    let before = snapshot(&figures);
    let programs = build_examples(root)?;
    for (name, exe) in &programs {
        run_example(name, exe, &figures)?;
    }
    let removed = remove_stale(&figures, &programs)?;
    let after = snapshot(&figures);
    let changed = after
        .iter()
        .filter(|(f, bytes)| before.get(*f) != Some(bytes))
        .map(|(f, _)| f.clone())
        .collect();
    Ok(Report {
        examples: programs.len(),
        changed,
        removed,
    })
}
// ANCHOR_END: regenerate

/// `cargo build --examples`, returning each example's name and executable.
///
/// The paths come from cargo's own JSON messages, so a shared
/// `CARGO_TARGET_DIR` (or any other target directory) just works.
fn build_examples(root: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let output = crate::cargo()
        .current_dir(root)
        .args([
            "build",
            "--quiet",
            "--package",
            "activations",
            "--examples",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(
            "the example programs in examples/ do not compile (cargo's messages are above)".into(),
        );
    }
    let mut programs = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_example = message["target"]["kind"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k == "example"));
        if let (true, Some(name), Some(exe)) = (
            is_example,
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            programs.insert(name.to_owned(), PathBuf::from(exe));
        }
    }
    if programs.is_empty() {
        return Err("cargo built no example programs: examples/ should hold one per figure".into());
    }
    Ok(programs)
}

/// Runs `examples/NAME.rs`, checks that it drew `NAME.svg`, saves its output.
fn run_example(name: &str, exe: &Path, figures: &Path) -> Result {
    let source = format!("examples/{name}.rs");
    let output = Command::new(exe)
        .env(FIGURES_DIR_VAR, figures)
        .output()
        .map_err(|e| format!("example `{source}`: cannot run {}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err(format!(
            "example `{source}` failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    let svg = figures.join(format!("{name}.svg"));
    if !svg.is_file() {
        return Err(format!(
            "example `{source}` ran but did not draw {}",
            svg.display()
        ));
    }
    let printed = figures.join(format!("{name}.txt"));
    if output.stdout.is_empty() {
        remove(&printed)?;
    } else {
        write_if_changed(&printed, &output.stdout)
            .map_err(|e| format!("cannot write {}: {e}", printed.display()))?;
    }
    Ok(())
}

/// Deletes files in the figures directory that no example program owns.
fn remove_stale(figures: &Path, programs: &BTreeMap<String, PathBuf>) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for file in snapshot(figures).into_keys() {
        let stem = file.split('.').next().unwrap_or_default();
        let owned = programs
            .keys()
            .any(|name| stem == name || stem.starts_with(&format!("{name}-")));
        if !owned {
            remove(&figures.join(&file))?;
            removed.push(file);
        }
    }
    Ok(removed)
}

/// File name → contents of every file in the figures directory.
fn snapshot(figures: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = fs::read_dir(figures) else {
        return BTreeMap::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| Some((e.file_name().into_string().ok()?, fs::read(e.path()).ok()?)))
        .collect()
}
