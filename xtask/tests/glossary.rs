//! The glossary (src/glossary.md) and the book agree: one Chinese term, one
//! English name.
//!
//! The glossary is a set of Markdown tables, one row per term:
//! `| 中文 | English, ABBR | 释义 | [章](file.md#anchor) |`. The tests check
//! that every term is used in the book and in the chapter its row links to
//! (and that the anchor is a heading there), and that every place where the
//! chapters give a Chinese term its English name — `中文（English）`,
//! `ABBR（English，中文）`, `ABBR（中文，English）` — uses the glossary's name.
//! A term written with an English name but missing from the glossary fails
//! too, unless it is one of the few parentheses below that are not a
//! translation.

mod common;

use common::{read, root};
use regex::Regex;
use std::collections::BTreeMap;
use std::fs;

/// `中文（English）` parentheses that are not the English name of a term:
/// (the end of the Chinese text before the parenthesis, the parenthesis, why).
const NOT_TRANSLATIONS: [(&str, &str, &str); 13] = [
    (
        "函数",
        "Sigmoid Function",
        "the chapter's own title, 逻辑函数 is the term",
    ),
    ("正规", "Normal", "the adjective of 正规数 (Normal Number)"),
    (
        "实数向量",
        "logits",
        "names the vector; the term is 未归一化的对数概率",
    ),
    (
        "对数概率",
        "log-softmax",
        "names the function that computes them (对数 Softmax)",
    ),
    ("候选状态", "Tanh", "the function that computes it"),
    ("门", "Sigmoid", "the function that computes it"),
    ("学习斜率", "PReLU", "the function that learns it"),
    ("学习负斜率", "PReLU", "the function that learns it"),
    ("固定斜率", "Leaky ReLU", "the function that fixes it"),
    ("固定负斜率", "Leaky ReLU", "the function that fixes it"),
    ("何恺明", "Kaiming He", "a person's name"),
    ("版本", "h-swish", "the paper's name for Hardswish"),
    ("打印页", "print.html", "a file name"),
];

/// Descriptions in words of a glossary term, with its English name.
const DESCRIBED: [(&str, &str, &str); 2] = [
    (
        "在训练中模拟量化",
        "quantization-aware training",
        "describes the technique in words",
    ),
    ("训练轮数", "epoch", "the number of 轮 (Epoch)"),
];

/// The chapters listed in src/SUMMARY.md, in order, without the glossary and
/// the references (whose text is not the book's use of a term).
fn chapters() -> Vec<String> {
    common::chapters()
        .into_iter()
        .filter(|c| c != "glossary.md" && c != "references.md")
        .collect()
}

/// The prose lines of a chapter, numbered from 1: code fences dropped,
/// inline code replaced by U+FFFC (so that `库（`crate`）` is no pair).
fn prose(text: &str) -> Vec<(usize, String)> {
    common::prose(text, |_| "\u{FFFC}".to_owned())
}

/// mdBook's id of a heading: alphanumerics (lower-cased), `-` and `_` kept,
/// whitespace turned into `-`, everything else dropped.
fn slug(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

struct Term {
    line: usize,
    english: String,
    definition: String,
    chapter: String,
    anchor: Option<String>,
}

/// The glossary's terms by their Chinese name.
fn glossary() -> BTreeMap<String, Term> {
    let link = Regex::new(r"^\[[^\]]+\]\(([a-z0-9_]+\.md)(?:#([^)]+))?\)$").unwrap();
    let mut terms = BTreeMap::new();
    for (i, line) in read("glossary.md").lines().enumerate() {
        if !line.starts_with('|') || line.starts_with("|---") || line.starts_with("| 术语 |") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [chinese, english, definition, source] = cells[..] else {
            panic!("src/glossary.md:{}: a row needs four cells: {line}", i + 1);
        };
        let target = link.captures(source).unwrap_or_else(|| {
            panic!(
                "src/glossary.md:{}: `{source}` is not a chapter link",
                i + 1
            )
        });
        let term = Term {
            line: i + 1,
            english: english.to_owned(),
            definition: definition.to_owned(),
            chapter: target[1].to_owned(),
            anchor: target.get(2).map(|a| a.as_str().to_owned()),
        };
        let previous = terms.insert(chinese.to_owned(), term);
        assert!(
            previous.is_none(),
            "src/glossary.md:{}: {chinese} is listed twice",
            i + 1
        );
    }
    terms
}

/// An English name compared without case, spacing or a plural `s`.
fn normal(name: &str) -> String {
    let name = name.trim().to_lowercase().replace('’', "'");
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    name.strip_suffix('s').map(str::to_owned).unwrap_or(name)
}

/// Whether `written` (e.g. `FMA，Fused Multiply-Add`) names the glossary's
/// `english` (e.g. `Fused Multiply-Add, FMA`): each comma-separated part is
/// the full name or the abbreviation.
fn names(written: &str, english: &str) -> bool {
    let accepted: Vec<String> = english.split(", ").map(normal).collect();
    written
        .split(['，', ','])
        .all(|part| accepted.contains(&normal(part)))
}

/// Every `中文（English）` pair the chapters write, with file and line.
fn pairs() -> Vec<(String, usize, String, String)> {
    let latin = r"[A-Za-z][A-Za-z0-9 .'’\-]*";
    let chinese_first = Regex::new(&format!(
        r"([\p{{Han}}“”]+)（({latin}(?:\s*[，,]\s*{latin})*)）"
    ))
    .unwrap();
    let english_first =
        Regex::new(r"（([A-Z][A-Za-z0-9 .\-]+)[，,]\s*([A-Za-z]*\s*\p{Han}[\p{Han}A-Za-z ]*)）")
            .unwrap();
    let both_inside = Regex::new(r"（(\p{Han}+)[，,]\s*([A-Z][A-Za-z \-]+)）").unwrap();
    let mut pairs = Vec::new();
    for chapter in chapters() {
        for (line_no, line) in prose(&read(&chapter)) {
            let mut push = |chinese: &str, english: &str| {
                pairs.push((
                    chapter.clone(),
                    line_no,
                    chinese.to_owned(),
                    english.to_owned(),
                ))
            };
            for c in chinese_first.captures_iter(&line) {
                push(&c[1], &c[2]);
            }
            for c in english_first.captures_iter(&line) {
                push(&c[2], &c[1]);
            }
            for c in both_inside.captures_iter(&line) {
                push(&c[1], &c[2]);
            }
        }
    }
    pairs
}

#[test]
fn every_term_is_used_where_its_row_says_it_is_introduced() {
    let terms = glossary();
    assert!(
        terms.len() >= 80,
        "only {} terms in src/glossary.md",
        terms.len()
    );
    let book: String = chapters().iter().map(|c| read(c)).collect();
    let mut problems = Vec::new();
    for (chinese, term) in &terms {
        let at = format!("src/glossary.md:{}: {chinese}", term.line);
        if term.english.is_empty() || term.definition.is_empty() {
            problems.push(format!("{at}: the English name or the definition is empty"));
        }
        if !book.contains(chinese.as_str()) {
            problems.push(format!("{at}: the term does not appear in the book"));
        }
        let Ok(text) = fs::read_to_string(root().join("src").join(&term.chapter)) else {
            problems.push(format!(
                "{at}: links to src/{}, which does not exist",
                term.chapter
            ));
            continue;
        };
        if !text.contains(chinese.as_str()) {
            problems.push(format!("{at}: src/{} does not use the term", term.chapter));
        }
        if let Some(anchor) = &term.anchor {
            let raw: Vec<&str> = text.lines().collect();
            let headings: Vec<String> = prose(&text)
                .into_iter()
                .filter_map(|(n, _)| raw[n - 1].strip_prefix('#'))
                .map(|h| h.trim_start_matches('#').trim().to_owned())
                .collect();
            if !headings
                .iter()
                .any(|h| slug(&h.replace('`', "")) == *anchor)
            {
                problems.push(format!(
                    "{at}: src/{} has no heading #{anchor}",
                    term.chapter
                ));
            }
        }
    }
    common::assert_no_problems(&problems);
}

#[test]
fn the_book_gives_each_term_the_glossary_english_name() {
    let terms = glossary();
    let mut problems = Vec::new();
    for (chapter, line, chinese, english) in pairs() {
        let at = format!("src/{chapter}:{line}: {chinese}（{english}）");
        if !chinese.chars().any(|c| c > '\u{2E7F}') {
            continue; // only quotation marks: `“硬 Sigmoid”（Hard Sigmoid）`
        }
        let excused = NOT_TRANSLATIONS
            .iter()
            .chain(&DESCRIBED)
            .any(|(end, name, _)| chinese.ends_with(end) && normal(name) == normal(&english));
        if excused {
            continue;
        }
        // The term is the longest glossary entry that ends the Chinese text
        // before the parenthesis (`因此可以用反向传播` → 反向传播);
        // `梯度消失问题` is the problem of 梯度消失.
        // A quoted term (`“原地”（in-place）`) is the term.
        let stem = chinese.trim_end_matches('”');
        let stem = stem.strip_suffix("问题").unwrap_or(stem);
        let term = terms
            .iter()
            .filter(|(name, _)| stem.ends_with(name.as_str()))
            .max_by_key(|(name, _)| name.len());
        match term {
            Some((name, term)) if !names(&english, &term.english) => problems.push(format!(
                "{at}: the glossary names {name} `{}` (src/glossary.md:{})",
                term.english, term.line
            )),
            Some(_) => {}
            None => problems.push(format!("{at}: the term is not in src/glossary.md")),
        }
    }
    common::assert_no_problems(&problems);
}

#[test]
fn names_and_slugs_compare_as_intended() {
    assert!(names("MLPs", "Multilayer Perceptron, MLP"));
    assert!(names(
        "Multilayer Perceptron，MLP",
        "Multilayer Perceptron, MLP"
    ));
    assert!(names("FMA，Fused Multiply-Add", "Fused Multiply-Add, FMA"));
    assert!(names("zig-zag", "Zig-zag"));
    assert!(!names("Jacobian", "Jacobian Matrix"));
    assert!(!names("subnormal", "Subnormal Number"));
    assert_eq!(slug("反向传播：导数在哪里出现"), "反向传播导数在哪里出现");
    assert_eq!(
        slug("LeCun 正态初始化与 Alpha Dropout"),
        "lecun-正态初始化与-alpha-dropout"
    );
    assert_eq!(slug("舍入、机器精度与 ULP"), "舍入机器精度与-ulp");
}
