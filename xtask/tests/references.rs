//! Every citation in the text links to an entry of src/references.md, and
//! every entry is cited.
//!
//! A citation is an author–year reference in one of the forms the chapters
//! use: `Hinton（2010）`, `Xu 等人（2015）`, `Maas、Hannun 与 Ng（2013）`,
//! `（Clevert 等，2015）`, `LeCun 等人在 1998 年`. Each must lie inside the
//! text of a link to `references.md#KEY`; the link's KEY must be an entry;
//! and when the link text is itself such a citation, its first author and
//! year must be the entry's. Other links (a title, a model name such as
//! GPT-2, a documentation page) only need an existing KEY.

mod common;

use common::{chapters, root};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

/// A surname: capitalised Latin word ending in a lower-case letter
/// ("Hinton", "LeCun"), so that model names such as GPT-2, YOLOv4 or BMVC
/// are not taken for authors.
const NAME: &str = r"\b[A-Z][A-Za-z'’-]*[a-z]\b";

/// Capitalised words that precede a year in the text without being authors.
const NOT_AUTHORS: [&str; 6] = [
    "Softplus", "Softsign", "Sigmoid", "Tanh", "ImageNet", "Kaggle",
];

/// The prose lines of a chapter, numbered from 1: code fences are dropped and
/// inline code is blanked (same length, so positions stay meaningful).
fn prose(text: &str) -> Vec<(usize, String)> {
    common::prose(text, |code| " ".repeat(code.len()))
}

/// The pattern of a citation; group `first` is the first author, `year1`,
/// `year2` or `year3` the year (one per form).
fn citation_pattern() -> Regex {
    let authors =
        format!(r"(?P<first>{NAME})(?:\s*、\s*{NAME})*(?:\s*(?:与|和)\s*{NAME})?(?:\s*等人?)?");
    let year = |n: u8| format!(r"(?P<year{n}>1[89]\d\d|20\d\d)\b");
    let (y1, y2, y3) = (year(1), year(2), year(3));
    Regex::new(&format!(
        r"{authors}\s*(?:（{y1}）|[，,]\s*{y2}|(?:在\s*)?{y3}\s*年)"
    ))
    .expect("the citation pattern is valid")
}

/// `(first author, year)` of every citation in `line`, with its byte span.
fn citations(line: &str) -> Vec<(std::ops::Range<usize>, String, String)> {
    let pattern = citation_pattern();
    let mut found = Vec::new();
    let mut start = 0;
    // A rejected match (a function name before a year) must not hide a real
    // citation that starts inside it, so search again after its first word.
    while let Some(c) = pattern.captures_at(line, start) {
        let all = c.get(0).unwrap();
        let first = c.name("first").unwrap();
        if NOT_AUTHORS.contains(&first.as_str()) {
            start = first.end();
            continue;
        }
        let year = ["year1", "year2", "year3"]
            .iter()
            .find_map(|n| c.name(n))
            .expect("one of the forms matched")
            .as_str()
            .to_owned();
        found.push((first.start()..all.end(), first.as_str().to_owned(), year));
        start = all.end();
    }
    found
}

/// Links to the references chapter in `line`: (span of the link text, text, key).
fn reference_links(line: &str) -> Vec<(std::ops::Range<usize>, String, String)> {
    let link = Regex::new(r"\[([^\]]*)\]\(references\.md#([^)\s]+)\)").unwrap();
    link.captures_iter(line)
        .map(|c| {
            let text = c.get(1).unwrap();
            (text.range(), text.as_str().to_owned(), c[2].to_owned())
        })
        .collect()
}

struct Entry {
    /// The first author's surname, or the organisation.
    first: String,
    year: Option<String>,
}

/// The entries of src/references.md by anchor id.
fn entries() -> BTreeMap<String, Entry> {
    let text = fs::read_to_string(root().join("src/references.md")).expect("src/references.md");
    let entry =
        Regex::new(r#"^- <a id="([a-z0-9-]+)"></a>([^,.(]+)[^(]*(?:\((\d{4})\))?"#).unwrap();
    let mut entries = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("- <a id=") {
            let c = entry
                .captures(line)
                .unwrap_or_else(|| panic!("src/references.md:{}: malformed entry: {line}", i + 1));
            let previous = entries.insert(
                c[1].to_owned(),
                Entry {
                    first: c[2].trim().to_owned(),
                    year: c.get(3).map(|y| y.as_str().to_owned()),
                },
            );
            assert!(
                previous.is_none(),
                "src/references.md:{}: duplicate id {}",
                i + 1,
                &c[1]
            );
        }
    }
    entries
}

#[test]
fn every_citation_links_to_its_entry_and_every_entry_is_cited() {
    let entries = entries();
    assert!(
        entries.len() >= 40,
        "only {} entries in src/references.md",
        entries.len()
    );
    let mut problems = Vec::new();
    let mut cited = BTreeSet::new();
    for chapter in chapters() {
        if chapter == "references.md" {
            continue;
        }
        let text = fs::read_to_string(root().join("src").join(&chapter))
            .unwrap_or_else(|e| panic!("src/{chapter}: {e}"));
        for (line_no, line) in prose(&text) {
            let links = reference_links(&line);
            for (_, link_text, key) in &links {
                let Some(entry) = entries.get(key) else {
                    problems.push(format!(
                        "src/{chapter}:{line_no}: `[{link_text}]` links to references.md#{key}, which is not an entry"
                    ));
                    continue;
                };
                cited.insert(key.clone());
                let mismatch = citations(link_text)
                    .first()
                    .is_some_and(|(_, first, year)| {
                        !entry.first.eq_ignore_ascii_case(first)
                            || entry.year.as_ref() != Some(year)
                    });
                if mismatch {
                    problems.push(format!(
                        "src/{chapter}:{line_no}: `{link_text}` links to #{key}, whose first author and year are {} ({})",
                        entry.first,
                        entry.year.as_deref().unwrap_or("no year")
                    ));
                }
            }
            for (span, _, _) in citations(&line) {
                let linked = links
                    .iter()
                    .any(|(text, _, _)| text.start <= span.start && span.end <= text.end);
                if !linked {
                    problems.push(format!(
                        "src/{chapter}:{line_no}: citation `{}` does not link to src/references.md",
                        &line[span]
                    ));
                }
            }
        }
    }
    for key in entries.keys() {
        if !cited.contains(key) {
            problems.push(format!("src/references.md: entry #{key} is never cited"));
        }
    }
    common::assert_no_problems(&problems);
}

#[test]
fn the_pattern_finds_citations_and_nothing_else() {
    let found = |line: &str| -> Vec<String> {
        citations(line)
            .into_iter()
            .map(|(span, first, year)| format!("{}|{first}|{year}", &line[span]))
            .collect()
    };
    assert_eq!(
        found("Nair 与 Hinton（2010）在"),
        ["Nair 与 Hinton（2010）|Nair|2010"]
    );
    assert_eq!(found("Xu 等人（2015）的"), ["Xu 等人（2015）|Xu|2015"]);
    assert_eq!(
        found("由 Maas、Hannun 与 Ng（2013）提出"),
        ["Maas、Hannun 与 Ng（2013）|Maas|2013"]
    );
    assert_eq!(
        found("（Turian、Bergstra 与 Bengio，2009；Bergstra 等，2009）"),
        [
            "Turian、Bergstra 与 Bengio，2009|Turian|2009",
            "Bergstra 等，2009|Bergstra|2009"
        ]
    );
    assert_eq!(
        found("LeCun 等人在 1998 年的"),
        ["LeCun 等人在 1998 年|LeCun|1998"]
    );
    assert_eq!(
        found("Glorot 和 Bengio 2010 年的论文"),
        ["Glorot 和 Bengio 2010 年|Glorot|2010"]
    );
    // Model names, venues, seeds, measurements and functions are not citations.
    for line in [
        "GPT-2（2019）",
        "YOLOv4（2020）",
        "NeurIPS 2017）",
        "ICLR 2016",
        "ImageNet 2012 分类任务",
        "种子（2015）",
        "IEEE 754-2008",
        "Softplus 在 2010 年前后",
        "Sigmoid（0.585）",
    ] {
        assert_eq!(found(line), Vec::<String>::new(), "{line}");
    }
}
