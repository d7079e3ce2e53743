//! No chapter, figure or exercise number is written by hand.
//!
//! The chapters take every such number from the table of contents with
//! `{{#chapter NAME}}` (xtask/src/numbers.rs), so that moving a chapter in
//! SUMMARY.md renumbers the whole book. A literal number left anywhere would
//! silently go stale: these tests name the file and line of each one, in the
//! chapters and in the Rust sources (whose comments should name a chapter,
//! e.g. "the cost chapter", rather than number it).

mod common;

use common::root;
use regex::Regex;
use std::fs;
use std::path::Path;

/// A literal chapter, figure or exercise number, in Chinese or in English.
const LITERAL_NUMBER: &str = r"(?x)
      第 \s* \d+ \s* (?: [–-] \s* \d+ \s* )? 章   # chapter N, chapters N–M
    | 图 \s* \d+ \s* - \s* \d+                    # figure N-M
    | (?: 、 | 至 | 到 ) \s* \d+ - \d+             # … 、N-M, … 至 N-M in a list
    | 练习 \s* \d+ \s* [-.] \s* \d+                # exercise N-M, N.M
    | (?i: \b (?: chapters? | exercises? | figures? ) \s+ \d+ )
    | \b fig- \d+ - \d+                          # an anchor: fig-N-M
";

/// Directories that hold no source of the book: build output and packages.
const SKIPPED: [&str; 5] = ["target", "node_modules", "book", "book.partial", "book.old"];

/// The line number and text of every literal number in `text`.
fn find(text: &str) -> Vec<(usize, String)> {
    let pattern = Regex::new(LITERAL_NUMBER).expect("the pattern is valid");
    text.lines()
        .enumerate()
        .flat_map(|(i, line)| {
            pattern
                .find_iter(line)
                .map(move |m| (i + 1, m.as_str().to_owned()))
        })
        .collect()
}

/// `file:line: …` for every literal number in the files ending in one of
/// `extensions` under `dir` (hidden and skipped directories excluded).
fn literal_numbers(dir: &Path, extensions: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for path in entries.map(|e| e.expect("a readable directory entry").path()) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if !name.starts_with('.') && !SKIPPED.contains(&name) {
                    dirs.push(path);
                }
            } else if extensions.iter().any(|e| name.ends_with(&format!(".{e}"))) {
                let text =
                    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let file = path.strip_prefix(root()).unwrap_or(&path).to_path_buf();
                found.extend(
                    find(&text)
                        .into_iter()
                        .map(|(line, number)| (file.clone(), line, number)),
                );
            }
        }
    }
    found.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    found
        .into_iter()
        .map(|(file, line, number)| format!("{}:{line}: `{number}`", file.display()))
        .collect()
}

fn assert_none(found: &[String], instead: &str) {
    assert!(
        found.is_empty(),
        "{} literal chapter, figure or exercise numbers; {instead}:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn chapters_take_their_numbers_from_the_table_of_contents() {
    assert_none(
        &literal_numbers(&root().join("src"), &["md"]),
        "write 第 {{#chapter NAME}} 章, 图 {{#chapter}}-1, 练习 {{#chapter}}-1 (xtask/src/numbers.rs)",
    );
}

#[test]
fn rust_sources_name_chapters_instead_of_numbering_them() {
    assert_none(
        &literal_numbers(&root(), &["rs"]),
        "name the chapter instead (\"the cost chapter\", \"the first figure of selu.md\")",
    );
}

#[test]
fn finds_every_form_of_literal_number_and_nothing_else() {
    let n = 3; // a literal number in this file would be found by the test above
    let literal = [
        format!("第 {n} 章"),
        format!("见第{n}–{n} 章"),
        format!("图 {n}-2"),
        format!("图 {n}-1、{n}-2"),
        format!("练习 {n}-3"),
        format!("练习 {n}.1"),
        format!("see chapter {n}"),
        format!("Figure {n}"),
        format!("<figure id=\"fig-{n}-1\">"),
    ];
    let placeholders =
        "第 {{#chapter cost}} 章，图 {{#chapter}}-1、{{#chapter}}-2，练习 {{#chapter}}.1";
    let other_numbers =
        "第 0 轮，第 2 层，2-16-16-2 网络，练习 1.，上一章，the chapters, exercise, fig-cost-1";
    let text = [&literal.join("\n"), placeholders, other_numbers].join("\n");
    let lines: Vec<usize> = find(&text).iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [1, 2, 3, 4, 4, 5, 6, 7, 8, 9]);
}
