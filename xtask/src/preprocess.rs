//! The book's mdBook preprocessors (see `book.toml`).
//!
//! `preprocess figures` runs before any other preprocessor, on every
//! `mdbook build` and on every rebuild of `mdbook serve`. It regenerates the
//! figures from the example programs, so no build can show a stale figure.
//! Then it writes the chapter numbers: `{{#chapter NAME}}` becomes the number
//! of `src/NAME.md` and `{{#chapter}}` the chapter's own, as SUMMARY.md
//! numbers them (see [`crate::numbers`]); no chapter, figure or exercise
//! number is written by hand. Last it checks each chapter: every
//! `{{#include}}` names a file and anchor that exist, every image exists, and
//! figure captions are numbered 图 N-1, 图 N-2, … in order, N being the
//! chapter's number. Apart from the numbers, the chapters pass through
//! unchanged.
//!
//! `preprocess katex` renders the math with mdbook-katex, reusing what it
//! rendered for unchanged chapters, and protects the MathML from the Markdown
//! parser (see [`crate::katex`] and [`crate::math`]).
//!
//! `preprocess dedent` runs after `links` and removes the indentation that
//! included code brings from its surroundings (see [`crate::dedent`]).
//!
//! `preprocess epub` runs last, for the EPUB renderer only, and makes each
//! chapter valid EPUB content (see [`crate::epub::prepare_chapter`]).

use crate::{Result, dedent, epub, figures, katex, numbers};
use mdbook_preprocessor::book::{Book, Chapter};
use std::fs;
use std::io;
use std::path::Path;

const USAGE: &str = "usage: cargo xtask preprocess <figures|katex|dedent|epub> [supports RENDERER]";

pub fn run(args: &[String]) -> Result {
    let (mode, rest) = args.split_first().ok_or(USAGE)?;
    if rest.first().map(String::as_str) == Some("supports") {
        return Ok(()); // all are needed by every renderer
    }
    let (ctx, mut book) = mdbook_preprocessor::parse_input(io::stdin())
        .map_err(|e| format!("preprocessor input: {e}"))?;
    match mode.as_str() {
        "figures" => {
            let report = figures::regenerate(&ctx.root)?;
            eprintln!("{report}");
            number_chapters(&mut book)?;
            check_book(&book, &ctx.root.join(&ctx.config.book.src))?;
        }
        "katex" => katex::render(&ctx, &mut book)?,
        "dedent" => book.for_each_chapter_mut(|chapter| {
            chapter.content = dedent::dedent_included_code(&chapter.content);
        }),
        "epub" => book.for_each_chapter_mut(|chapter| {
            chapter.content = epub::prepare_chapter(&chapter.content);
        }),
        _ => return Err(USAGE.into()),
    }
    serde_json::to_writer(io::stdout(), &book)
        .map_err(|e| format!("cannot write the book back to mdbook: {e}"))
}

/// Replaces the `{{#chapter …}}` placeholders in every chapter; every bad
/// one is an error.
fn number_chapters(book: &mut Book) -> Result {
    let numbers = numbers::of_book(book);
    let mut problems = Vec::new();
    book.for_each_chapter_mut(|chapter| {
        let found = numbers::substitute(chapter, &numbers);
        problems.extend(found.iter().map(|p| in_chapter(chapter, p)));
    });
    all_or_nothing(problems)
}

/// Every problem in every chapter, one line each, or `Ok`.
fn check_book(book: &Book, src: &Path) -> Result {
    let problems = book
        .chapters()
        .flat_map(|chapter| {
            check_chapter(chapter, src)
                .into_iter()
                .map(|p| in_chapter(chapter, &p))
        })
        .collect();
    all_or_nothing(problems)
}

/// `problem`, saying which chapter has it.
fn in_chapter(chapter: &Chapter, problem: &str) -> String {
    let file = chapter.source_path.as_deref().unwrap_or(Path::new("?"));
    format!("chapter `src/{}`: {problem}", file.display())
}

/// `Ok` without problems, else all of them, one a line.
fn all_or_nothing(problems: Vec<String>) -> Result {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn check_chapter(chapter: &Chapter, src: &Path) -> Vec<String> {
    let dir = chapter
        .source_path
        .as_deref()
        .and_then(Path::parent)
        .map_or(src.to_path_buf(), |d| src.join(d));
    let mut problems = Vec::new();
    for link in directives(&chapter.content) {
        problems.extend(check_include(&dir, link).err());
    }
    for image in attribute_values(&chapter.content, "src=\"") {
        if !image.contains("://") && !dir.join(image).is_file() {
            problems.push(format!(
                "shows image `{image}`, which does not exist (no example program drew it)"
            ));
        }
    }
    problems.extend(check_figure_numbers(chapter));
    problems.extend(untagged_fences(&chapter.content));
    problems
}

/// An untagged ``` fence would be compiled as Rust by rustdoc: every fence
/// must say what it holds (`rust` for a doctest, `rs`, `text`, `console`, …).
fn untagged_fences(content: &str) -> Vec<String> {
    let mut open = false;
    let mut problems = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        if !open && info.trim().is_empty() {
            problems.push(format!(
                "line {}: code fence without a language tag (use `rust` for a doctest, or `text`, `console`, `rs`, …)",
                i + 1
            ));
        }
        open = !open;
    }
    problems
}

/// The arguments of `{{#include …}}` and `{{#rustdoc_include …}}` directives.
fn directives(content: &str) -> impl Iterator<Item = &str> {
    content.split("{{#").skip(1).filter_map(|rest| {
        let (directive, rest) = rest.split_once(char::is_whitespace)?;
        let (argument, _) = rest.split_once("}}")?;
        matches!(directive, "include" | "rustdoc_include").then(|| argument.trim())
    })
}

/// `file.rs:anchor` must name an existing file containing `ANCHOR: anchor`
/// (after `//` in Rust, after `#` in Python, e.g. `examples/numpy/*.py`).
fn check_include(dir: &Path, link: &str) -> Result {
    let (file, selector) = match link.split_once(':') {
        Some((file, selector)) => (file, Some(selector)),
        None => (link, None),
    };
    let text = fs::read_to_string(dir.join(file))
        .map_err(|e| format!("includes `{file}`, which cannot be read: {e}"))?;
    match selector {
        Some(anchor) if !anchor.is_empty() && !anchor.starts_with(|c: char| c.is_ascii_digit()) => {
            let has_anchor = text.lines().any(|l| {
                let comment = l
                    .trim_start()
                    .trim_start_matches("//")
                    .trim_start_matches('#');
                comment.trim() == format!("ANCHOR: {anchor}")
            });
            if has_anchor {
                Ok(())
            } else {
                Err(format!(
                    "includes `{file}:{anchor}`, but `{file}` has no `ANCHOR: {anchor}`"
                ))
            }
        }
        _ => Ok(()),
    }
}

/// The values of an HTML attribute, e.g. every `src="…"`.
fn attribute_values<'a>(content: &'a str, attribute: &'a str) -> impl Iterator<Item = &'a str> {
    content
        .split(attribute)
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(value, _)| value))
}

/// Captions must read 图 N-1, 图 N-2, … in order, N being the chapter's number.
fn check_figure_numbers(chapter: &Chapter) -> Vec<String> {
    let captions: Vec<&str> = chapter.content.split("<figcaption>").skip(1).collect();
    let Some(number) = chapter.number.as_ref().and_then(|n| n.first().copied()) else {
        return match captions.is_empty() {
            true => Vec::new(),
            false => vec!["has figures but no chapter number to number them by".to_owned()],
        };
    };
    captions
        .iter()
        .enumerate()
        .filter_map(|(i, caption)| {
            let expected = format!("图 {number}-{}", i + 1);
            (!caption.trim_start().starts_with(&expected)).then(|| {
                let shown: String = caption.chars().take(12).collect();
                format!(
                    "figure {} should be captioned `{expected}`, found `{shown}…`",
                    i + 1
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_include_directives() {
        let text = "a {{#include sigmoid.rs:sigmoid}} b {{#rustdoc_include ../x.rs}} {{#title T}}";
        assert_eq!(
            directives(text).collect::<Vec<_>>(),
            ["sigmoid.rs:sigmoid", "../x.rs"]
        );
    }

    #[test]
    fn reports_missing_anchor_and_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        assert!(check_include(&dir, "sigmoid.rs:sigmoid").is_ok());
        assert!(check_include(&dir, "../examples/numpy/sigmoid.py:functions").is_ok());
        assert!(
            check_include(&dir, "sigmoid.rs:nope")
                .unwrap_err()
                .contains("has no `ANCHOR: nope`")
        );
        assert!(
            check_include(&dir, "missing.rs")
                .unwrap_err()
                .contains("cannot be read")
        );
    }

    #[test]
    fn finds_untagged_fences() {
        let text = "```rust\nlet a = 1;\n```\n\n```\nplain\n```\n";
        let problems = untagged_fences(text);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("line 5:"), "{problems:?}");
    }

    #[test]
    fn checks_figure_numbers() {
        let n = 2;
        let mut chapter = Chapter::new(
            "T",
            format!("<figcaption>图 {n}-1 a</figcaption><figcaption>图 {n}-3 b</figcaption>"),
            "t.md",
            vec![],
        );
        chapter.number = Some(mdbook_preprocessor::book::SectionNumber::new(vec![n]));
        let problems = check_figure_numbers(&chapter);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains(&format!("`图 {n}-2`")), "{problems:?}");
    }
}
