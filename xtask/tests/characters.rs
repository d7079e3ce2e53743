//! No control character hides in the book's text.
//!
//! A script that edits a chapter through a string with an unescaped
//! backslash turns `\frac` into a form feed and `\approx` into a bell: the
//! page then shows raw TeX (KaTeX cannot parse it), and only a browser would
//! notice. This test names the file and line of every such character in the
//! chapters, the README and the data descriptions, before anything is built.

mod common;

use common::{assert_no_problems, root};
use std::fs;

/// The line number and code point of every control character but the tab.
fn controls(text: &str) -> Vec<(usize, u32)> {
    text.lines()
        .enumerate()
        .flat_map(|(n, line)| {
            line.chars()
                .filter(|&c| c.is_control() && c != '\t')
                .map(move |c| (n + 1, c as u32))
        })
        .collect()
}

#[test]
fn finds_what_an_unescaped_backslash_leaves() {
    // "\frac" and "\approx" typed in a Python string without r"…".
    assert_eq!(
        controls("$\x0crac{1}{4}$\n$x \x07pprox 1$"),
        [(1, 0x0c), (2, 0x07)]
    );
    assert!(controls("$\\frac{1}{4}$\tok\n").is_empty());
}

#[test]
fn the_text_holds_no_control_characters() {
    let mut files = Vec::new();
    for dir in ["src", "data"] {
        for entry in fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.push(root().join("README.md"));
    files.sort();
    let mut problems = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        for (line, c) in controls(&text) {
            problems.push(format!(
                "{}:{line}: control character U+{c:04X}",
                path.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert!(files.len() > 30, "found only {} files", files.len());
    assert_no_problems(&problems);
}
