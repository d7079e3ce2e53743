//! What the tests that read the book's Markdown share: where the book is,
//! which chapters it has, and the prose lines of a chapter. (A folder with
//! `mod.rs`, so that cargo does not take it for a test of its own.)

#![allow(dead_code)] // each test uses its own part

use regex::{Captures, Regex};
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives in the workspace root")
        .to_path_buf()
}

/// `src/FILE`, read.
pub fn read(file: &str) -> String {
    fs::read_to_string(root().join("src").join(file)).unwrap_or_else(|e| panic!("src/{file}: {e}"))
}

/// The chapters listed in src/SUMMARY.md, in order.
pub fn chapters() -> Vec<String> {
    let link = Regex::new(r"\]\(([^)]+\.md)\)").unwrap();
    link.captures_iter(&read("SUMMARY.md"))
        .map(|c| c[1].to_owned())
        .collect()
}

/// The prose lines of a chapter, numbered from 1: code fences are dropped,
/// and each piece of inline code is replaced by what `blank` makes of it.
pub fn prose(text: &str, blank: impl Fn(&str) -> String) -> Vec<(usize, String)> {
    let code = Regex::new(r"`[^`]*`").unwrap();
    let mut in_fence = false;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            let blanked = code.replace_all(line, |c: &Captures| blank(&c[0]));
            lines.push((i + 1, blanked.into_owned()));
        }
    }
    lines
}

/// Fails with every problem found, one per line (each names file and line).
pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
