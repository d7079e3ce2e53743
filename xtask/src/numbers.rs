//! Chapter numbers from the table of contents, never by hand.
//!
//! mdBook numbers the chapters by their order in `src/SUMMARY.md` (1, 2, …
//! straight through the parts; the introduction and the appendix have no
//! number). The chapters use that number through a placeholder:
//!
//! - `{{#chapter NAME}}` is the number of the chapter whose file is
//!   `src/NAME.md`: `第 {{#chapter cost}} 章`, `图 {{#chapter selu}}-2`;
//! - `{{#chapter}}` is the number of the chapter it is written in: captions
//!   `<figcaption>图 {{#chapter}}-1　…`, headings `### 练习 {{#chapter}}-2（★）…`.
//!
//! So moving a chapter in SUMMARY.md renumbers its figures, its exercises and
//! every reference to it. The `figures` preprocessor replaces the
//! placeholders first, before it checks the figure captions and before any
//! other preprocessor sees the chapters. A NAME that is not a chapter in
//! SUMMARY.md, or a chapter without a number, is an error naming the
//! placeholder. `\{{#chapter …}}` is left alone (mdBook's `links` then shows
//! it without the backslash), for a page that wants to show the syntax.

use mdbook_preprocessor::book::{Book, Chapter};
use std::collections::BTreeMap;

const OPEN: &str = "{{#chapter";
const CLOSE: &str = "}}";

/// Each chapter's number by name (its file in `src/` without `.md`), or
/// `None` for an unnumbered chapter.
pub type Numbers = BTreeMap<String, Option<u32>>;

/// The number of every chapter in the book.
pub fn of_book(book: &Book) -> Numbers {
    book.chapters()
        .filter_map(|chapter| Some((name(chapter)?, number(chapter))))
        .collect()
}

/// Replaces the placeholders in `chapter`, or returns its bad ones and leaves
/// it as it was.
pub fn substitute(chapter: &mut Chapter, numbers: &Numbers) -> Vec<String> {
    match expand(&chapter.content, number(chapter), numbers) {
        Ok(content) => {
            chapter.content = content;
            Vec::new()
        }
        Err(problems) => problems,
    }
}

/// `cost` for `src/cost.md`.
fn name(chapter: &Chapter) -> Option<String> {
    let path = chapter.source_path.as_deref()?.to_str()?;
    Some(path.strip_suffix(".md").unwrap_or(path).to_owned())
}

/// The chapter's number, `20` for section `20.` (and for `20.1.`, were there sections).
fn number(chapter: &Chapter) -> Option<u32> {
    chapter.number.as_ref()?.first().copied()
}

/// `content` with every placeholder replaced, `own` being the number of the
/// chapter it belongs to; or one problem per bad placeholder.
fn expand(content: &str, own: Option<u32>, numbers: &Numbers) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(content.len());
    let mut problems = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find(OPEN) {
        let Some(len) = rest[start..].find(CLOSE) else {
            break;
        };
        let placeholder = &rest[start..start + len + CLOSE.len()];
        let argument = &placeholder[OPEN.len()..len];
        out.push_str(&rest[..start]);
        rest = &rest[start + placeholder.len()..];
        let ours = argument.is_empty() || argument.starts_with(char::is_whitespace);
        if !ours || out.ends_with('\\') {
            out.push_str(placeholder); // `{{#chapters}}`, or escaped
            continue;
        }
        match lookup(argument.trim(), own, numbers) {
            Ok(number) => out.push_str(&number.to_string()),
            Err(why) => {
                let line = out.matches('\n').count() + 1;
                problems.push(format!("line {line}: `{placeholder}`: {why}"));
                out.push_str(placeholder);
            }
        }
    }
    out.push_str(rest);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The number `{{#chapter NAME}}` stands for (the empty name is the own chapter).
fn lookup(name: &str, own: Option<u32>, numbers: &Numbers) -> Result<u32, String> {
    if name.is_empty() {
        return own.ok_or_else(|| "this chapter has no number in SUMMARY.md".to_owned());
    }
    match numbers.get(name) {
        Some(Some(number)) => Ok(*number),
        Some(None) => Err(format!("`src/{name}.md` has no number in SUMMARY.md")),
        None => Err(format!("there is no chapter `src/{name}.md` in SUMMARY.md")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_preprocessor::book::SectionNumber;

    fn numbers() -> Numbers {
        [("intro", None), ("a", Some(1)), ("sub/b", Some(12))]
            .into_iter()
            .map(|(name, number)| (name.to_owned(), number))
            .collect()
    }

    #[test]
    fn replaces_own_and_named_numbers() {
        let text = "({{#chapter}}) ({{#chapter a}}–{{#chapter sub/b}}) ({{#chapter}}-3)";
        assert_eq!(
            expand(text, Some(7), &numbers()).unwrap(),
            "(7) (1–12) (7-3)"
        );
    }

    #[test]
    fn names_each_bad_placeholder_and_its_line() {
        let text = "{{#chapter a}}\n{{#chapter nope}} {{#chapter intro}}\n{{#chapter}}";
        let problems = expand(text, None, &numbers()).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("line 2: `{{#chapter nope}}`: there is no chapter `src/nope.md`")
        );
        assert!(
            problems[1].starts_with("line 2: `{{#chapter intro}}`: `src/intro.md` has no number")
        );
        assert!(problems[2].starts_with("line 3: `{{#chapter}}`: this chapter has no number"));
    }

    #[test]
    fn leaves_other_directives_and_escapes_alone() {
        let text = r"{{#include a.rs:x}} \{{#chapter a}} {{#chapters}} {{#chapter";
        assert_eq!(expand(text, Some(1), &numbers()).unwrap(), text);
    }

    #[test]
    fn numbers_come_from_the_book() {
        let chapter = |name: &str, number: Option<u32>, content: &str| {
            let mut chapter = Chapter::new(name, content.into(), format!("{name}.md"), vec![]);
            chapter.number = number.map(|n| SectionNumber::new(vec![n]));
            chapter
        };
        let mut book = Book::new();
        book.push_item(chapter("intro", None, "({{#chapter b}})"));
        book.push_item(chapter("a", Some(1), ""));
        book.push_item(chapter("b", Some(2), "({{#chapter}}, {{#chapter a}})"));
        let numbers = of_book(&book);
        let mut out = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            assert!(substitute(chapter, &numbers).is_empty());
            out.push(chapter.content.clone());
        });
        assert_eq!(out, ["(2)", "", "(2, 1)"]);
    }
}
