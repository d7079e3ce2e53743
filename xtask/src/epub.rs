//! The EPUB: the same chapters as the site, for e-readers and phones.
//!
//! mdbook-epub (pinned in [`crate::tools`]) renders the book after the same
//! preprocessors as the HTML book: the figures and chapter numbers, KaTeX's
//! MathML, the dedented code. `book.toml` has no `[output.epub]` table (with
//! two renderers mdBook would move the site into `book/html/`); instead a
//! second `mdbook build` replaces the renderers with [`CONFIG`] through
//! mdBook's `MDBOOK_OUTPUT` environment variable, into a scratch directory.
//!
//! mdbook-epub turns the Markdown into XHTML with pulldown-cmark and passes
//! raw HTML through unchanged, so the `epub` preprocessor
//! ([`prepare_chapter`], for this renderer only) first makes each chapter
//! valid EPUB content: links to `NAME.md` point to `NAME.html`, headings get
//! the ids mdBook's site gives them (links such as `softmax_in_depth.md#…`
//! land on them), `<img …>` is closed as XML wants, and the interactive
//! figures of the site (`<div class="param-figure" …>`, which need a script)
//! are left out: the static figure beside them stays. Afterwards
//! [`declare_mathml`] marks every page with MathML as such in the package
//! document (`properties="mathml"`; mdbook-epub does not), which EPUB 3
//! requires, and titles the table of contents 目录. `epubcheck` (CI) validates the result.
//!
//! Building the EPUB takes a second `mdbook build`, so like the PDF it is
//! only rebuilt when something it shows changed: its stamp records the
//! site's `print.html` and every file it loads (the same text and figures
//! the EPUB is made of), the EPUB's style sheet, template and configuration,
//! the version of mdbook-epub, and the xtask binary that prepares the
//! chapters. When the stamp is the same, the last EPUB is copied.

use crate::{Result, files, pdf};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;

/// The EPUB's path inside the built book.
pub const FILE: &str = "epub/activations.epub";

/// Its stamp, beside it: what it was made from (see [`Stamp`]).
pub const STAMP: &str = "epub/activations.epub.stamp";

/// The EPUB renderer's configuration (`[output.epub]` in mdBook's terms),
/// the only output of the second build. Paths are relative to the book root.
const CONFIG: &str = r#"{"epub": {"epub-version": 3, "index-template": "theme/epub.hbs", "additional-css": ["theme/epub.css"]}}"#;

/// Files of the repository the EPUB is made with besides the chapters.
const OWN_FILES: [&str; 2] = ["theme/epub.hbs", "theme/epub.css"];

/// Puts the EPUB at `book/epub/activations.epub`: the one in `previous`
/// when its stamp shows it was made from exactly what `book` would give,
/// otherwise a fresh one from a second `mdbook build`.
pub fn build_or_reuse(root: &Path, book: &Path, previous: &Path, path: &std::ffi::OsStr) -> Result {
    let mut stamp = Stamp::of(root, book, path)?;
    let old = Stamp::read(previous);
    if let Some(old) = old.as_ref().filter(|old| old.inputs == stamp.inputs)
        && let Some(epub) = fs::read(previous.join(FILE))
            .ok()
            .filter(|epub| files::fingerprint(epub) == old.epub)
    {
        write(&book.join(FILE), &epub)?;
        stamp.epub.clone_from(&old.epub);
        stamp.write(book)?;
        eprintln!("epub: reused {FILE} from the previous build (nothing it shows changed)");
        return Ok(());
    }
    let epub = declare_mathml(&render(root, book, path)?)?;
    check(&epub, &chapters_of(root)?)?;
    write(&book.join(FILE), &epub)?;
    stamp.epub = files::fingerprint(&epub);
    stamp.write(book)?;
    eprintln!("epub: wrote {FILE} ({} KiB)", epub.len() / 1024);
    Ok(())
}

/// Runs `mdbook build` with the EPUB renderer alone, into a scratch
/// directory inside `book` (removed again), and returns the EPUB's bytes.
fn render(root: &Path, book: &Path, path: &std::ffi::OsStr) -> Result<Vec<u8>> {
    let scratch = book.join("epub.partial");
    files::remove_dir(&scratch)?;
    let status = Command::new("mdbook")
        .env("PATH", path)
        .env("MDBOOK_OUTPUT", CONFIG)
        .arg("build")
        .arg(root)
        .arg("--dest-dir")
        .arg(&scratch)
        .status()
        .map_err(|e| format!("cannot run mdbook: {e}"))?;
    let epub = fs::read_dir(&scratch).ok().and_then(|entries| {
        entries
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "epub"))
    });
    let bytes = epub.and_then(|p| fs::read(p).ok());
    files::remove_dir(&scratch)?;
    match bytes {
        Some(bytes) if status.success() => Ok(bytes),
        _ => Err(format!(
            "`mdbook build` with mdbook-epub failed ({status}); its messages are above"
        )),
    }
}

/// What an EPUB was made from: a name → the fingerprint of its bytes.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Stamp {
    inputs: BTreeMap<String, Option<String>>,
    /// The fingerprint of the EPUB made from them.
    epub: String,
}

impl Stamp {
    fn of(root: &Path, book: &Path, path: &std::ffi::OsStr) -> Result<Stamp> {
        let mut inputs: BTreeMap<String, Option<String>> = pdf::inputs(book)?
            .into_iter()
            .map(|(p, f)| (format!("book/{p}"), f))
            .collect();
        for file in OWN_FILES {
            inputs.insert(file.to_owned(), files::fingerprint_file(&root.join(file)));
        }
        inputs.insert(
            "config".to_owned(),
            Some(files::fingerprint(CONFIG.as_bytes())),
        );
        let version = Command::new("mdbook-epub")
            .arg("--version")
            .env("PATH", path)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        inputs.insert("mdbook-epub --version".to_owned(), Some(version));
        let exe = std::env::current_exe().ok();
        inputs.insert(
            "xtask".to_owned(),
            exe.and_then(|e| files::fingerprint_file(&e)),
        );
        Ok(Stamp {
            inputs,
            epub: String::new(),
        })
    }

    fn read(book: &Path) -> Option<Stamp> {
        serde_json::from_slice(&fs::read(book.join(STAMP)).ok()?).ok()
    }

    fn write(&self, book: &Path) -> Result {
        let json = serde_json::to_vec_pretty(self).expect("the stamp is JSON");
        write(&book.join(STAMP), &json)
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    let dir = path.parent().expect("a file in the book has a directory");
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// ANCHOR: prepare
/// A chapter as the EPUB needs it (the `epub` preprocessor): links to
/// `.html`, ids on headings, `<img>` closed, no interactive figures.
pub fn prepare_chapter(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut ids = HashSet::new();
    let mut fence: Option<&str> = None;
    for line in content.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) && trimmed.trim_end() == open {
                fence = None;
            }
            out.push_str(line);
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker = &trimmed[..trimmed.len() - trimmed.trim_start_matches(['`', '~']).len()];
            fence = Some(marker);
            out.push_str(line);
        } else if trimmed.starts_with("<div class=\"param-figure\"") {
            continue; // the site's interactive figure: needs a script
        } else if let Some((hashes, title)) = heading(line) {
            let id = unique_id(&id_from_heading(title), &mut ids);
            out.push_str(&format!("{hashes} <a id=\"{id}\"></a>{}", prose(title)));
        } else {
            out.push_str(&prose(line));
        }
        out.push('\n');
    }
    if out.contains("<math") {
        out = fix_scripts(&out);
    }
    out
}
// ANCHOR_END: prepare

/// `## Title` → (`##`, `Title`).
fn heading(line: &str) -> Option<(&str, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && rest.starts_with(' ')).then(|| (&line[..hashes], rest.trim()))
}

/// A line of text with its links to chapters pointing to their pages and
/// its `<img …>` and `<br>` tags closed.
fn prose(line: &str) -> String {
    let mut text = line.to_owned();
    for (open, close) in [("](", ')'), ("href=\"", '"')] {
        text = chapter_links(&text, open, close);
    }
    ["img", "br"]
        .iter()
        .fold(text, |text, name| close_void(&text, name))
}

/// `](name.md#x)` → `](name.html#x)` for every relative link after `open`.
fn chapter_links(text: &str, open: &str, close: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let start = at + open.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(close).unwrap_or(rest.len());
        let target = &rest[..end];
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        match file.strip_suffix(".md") {
            Some(name) if !name.contains(':') => {
                out.push_str(name);
                out.push_str(".html");
                if !fragment.is_empty() || target.contains('#') {
                    out.push('#');
                    out.push_str(fragment);
                }
            }
            _ => out.push_str(target),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Closes every `<name …>` of the void element `name` (`img`, `br`) as
/// `<name … />`, as XHTML wants; one already closed stays as it is.
fn close_void(text: &str, name: &str) -> String {
    let open = format!("<{name}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        // `<brand>` is not a `<br>`.
        if !after.starts_with([' ', '>', '/']) {
            out.push_str(&rest[..at + open.len()]);
            rest = after;
            continue;
        }
        let Some(len) = tag_end(&rest[at..]) else {
            break;
        };
        let element = &rest[at..at + len];
        out.push_str(&rest[..at]);
        out.push_str(element.trim_end_matches('/').trim_end());
        out.push_str(" />");
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The offset of the `>` that ends the tag `text` starts with (a `>` inside
/// a quoted attribute value, as in `alt="|x| > 3"`, does not end it).
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// KaTeX writes a subscript that is an operator name as two elements
/// (`p_{\max}` → `<msub><mi>p</mi><mi>max</mi><mo>⁡</mo></msub>`), which
/// MathML forbids: a script element has exactly two children. The elements
/// after the base are put into one `<mrow>`.
fn fix_scripts(math: &str) -> String {
    let mut out = String::with_capacity(math.len());
    let mut rest = math;
    while let Some(at) = ["<msub>", "<msup>", "<munder>", "<mover>"]
        .iter()
        .filter_map(|open| rest.find(open).map(|i| (i, *open)))
        .min()
    {
        let (start, open) = at;
        let name = &open[1..open.len() - 1];
        let close = format!("</{name}>");
        out.push_str(&rest[..start]);
        let inner_start = start + open.len();
        let Some(children) = children(&rest[inner_start..]) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let end = inner_start + children.iter().map(|c| c.len()).sum::<usize>();
        if !rest[end..].starts_with(&close) {
            out.push_str(&rest[start..inner_start]);
            rest = &rest[inner_start..];
            continue;
        }
        let fixed: Vec<String> = children.iter().map(|c| fix_scripts(c)).collect();
        out.push_str(open);
        let elements = fixed.iter().filter(|c| c.starts_with('<')).count();
        if elements > 2 {
            let base = fixed.iter().position(|c| c.starts_with('<')).unwrap_or(0);
            out.push_str(&fixed[..=base].concat());
            out.push_str("<mrow>");
            out.push_str(&fixed[base + 1..].concat());
            out.push_str("</mrow>");
        } else {
            out.push_str(&fixed.concat());
        }
        out.push_str(&close);
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The child nodes at the start of `xml` up to the first closing tag that
/// is not theirs: each element whole (with its own children), or text.
/// `None` when the markup is not balanced.
fn children(xml: &str) -> Option<Vec<&str>> {
    let mut nodes = Vec::new();
    let mut at = 0;
    while at < xml.len() && !xml[at..].starts_with("</") {
        if !xml[at..].starts_with('<') {
            let len = xml[at..].find('<').unwrap_or(xml.len() - at);
            nodes.push(&xml[at..at + len]);
            at += len;
            continue;
        }
        let start = at;
        let mut depth = 0usize;
        loop {
            let len = tag_end(&xml[at..])? + 1;
            let tag = &xml[at..at + len];
            if tag.starts_with("</") {
                depth -= 1;
            } else if !tag.ends_with("/>") {
                depth += 1;
            }
            at += len;
            if depth == 0 {
                break;
            }
            at += xml[at..].find('<')?;
        }
        nodes.push(&xml[start..at]);
    }
    Some(nodes)
}

/// The id mdBook's site gives a heading (mdbook-html's `id_from_content`):
/// its text, lower case, white space as `-`, only letters, digits, `_`, `-`.
fn id_from_heading(title: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in title.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '`' | '*' => {}
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// mdBook's `unique_id`: a repeated id gets `-1`, `-2`, ….
fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some suffix is free")
}

/// The EPUB with `properties="mathml"` on the package document's item of
/// every page that contains MathML, and the table of contents titled in
/// Chinese (mdbook-epub writes “Table Of Contents”). Every other file is
/// copied as it is, in the same order (`mimetype` first and uncompressed,
/// as EPUB requires).
pub fn declare_mathml(epub: &[u8]) -> Result<Vec<u8>> {
    let error = |e: &dyn std::fmt::Display| format!("cannot rewrite the EPUB: {e}");
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).map_err(|e| error(&e))?;
    let mut with_math = Vec::new();
    let mut opf = None;
    let mut rewritten = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| error(&e))?;
        let name = file.name().map_err(|e| error(&e))?.into_owned();
        let text_file = [".opf", ".xhtml", ".html", ".ncx"]
            .iter()
            .any(|e| name.ends_with(e));
        if !text_file {
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(|e| error(&e))?;
        if name.ends_with(".opf") {
            opf = Some((name, text));
        } else if text.contains("<math") {
            with_math.push(name);
        } else if text.contains("Table Of Contents") {
            let chinese = text.replace("Table Of Contents", "目录").replace(
                "<html xmlns=\"http://www.w3.org/1999/xhtml\"",
                "<html xml:lang=\"zh-CN\" lang=\"zh-CN\" xmlns=\"http://www.w3.org/1999/xhtml\"",
            );
            rewritten.insert(name, chinese);
        }
    }
    let (opf_name, opf_text) = opf.ok_or("the EPUB has no package document (.opf)")?;
    let dir = opf_name.rsplit_once('/').map_or("", |(d, _)| d);
    let relative: Vec<String> = with_math
        .iter()
        .map(|n| {
            n.strip_prefix(dir)
                .unwrap_or(n)
                .trim_start_matches('/')
                .to_owned()
        })
        .collect();
    rewritten.insert(opf_name.clone(), mark_items(&opf_text, &relative));
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(|e| error(&e))?;
        let name = file.name().map_err(|e| error(&e))?.into_owned();
        if let Some(text) = rewritten.get(&name) {
            drop(file);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(name, options).map_err(|e| error(&e))?;
            out.write_all(text.as_bytes()).map_err(|e| error(&e))?;
        } else {
            out.raw_copy_file(file).map_err(|e| error(&e))?;
        }
    }
    Ok(out.finish().map_err(|e| error(&e))?.into_inner())
}

/// Adds `mathml` to the properties of each `<item … href="H"/>` with H in `hrefs`.
fn mark_items(opf: &str, hrefs: &[String]) -> String {
    let mut out = String::with_capacity(opf.len() + 32 * hrefs.len());
    let mut rest = opf;
    while let Some(at) = rest.find("<item ") {
        let end = at + rest[at..].find('>').unwrap_or(rest.len() - at);
        let item = &rest[at..end];
        out.push_str(&rest[..at]);
        let href = item
            .split("href=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_default();
        if hrefs.iter().any(|h| h == href) {
            if let Some(p) = item.find("properties=\"") {
                let p = p + "properties=\"".len();
                out.push_str(&item[..p]);
                out.push_str("mathml ");
                out.push_str(&item[p..]);
            } else {
                out.push_str("<item properties=\"mathml\" ");
                out.push_str(&item["<item ".len()..]);
            }
        } else {
            out.push_str(item);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The chapters of `src/SUMMARY.md`, as `name.md` paths.
pub fn chapters_of(root: &Path) -> Result<Vec<String>> {
    let summary = root.join("src").join("SUMMARY.md");
    let text = fs::read_to_string(&summary)
        .map_err(|e| format!("cannot read {}: {e}", summary.display()))?;
    Ok(text
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|p| p.ends_with(".md"))
        .map(str::to_owned)
        .collect())
}

/// What the EPUB must hold: a page per chapter, MathML declared as such,
/// the figures as SVG, a table of contents naming every page.
pub fn check(epub: &[u8], chapters: &[String]) -> Result {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(epub)).map_err(|e| format!("the EPUB is no ZIP: {e}"))?;
    let mut texts = BTreeMap::new();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = file.name().map_err(|e| e.to_string())?.into_owned();
        if [".opf", ".xhtml", ".html", ".ncx"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let mut text = String::new();
            file.read_to_string(&mut text).map_err(|e| e.to_string())?;
            texts.insert(name.clone(), text);
        }
        names.push(name);
    }
    let mut problems = Vec::new();
    if names.first().map(String::as_str) != Some("mimetype") {
        problems.push("the first file is not `mimetype`".to_owned());
    }
    let page = |chapter: &str| chapter.replace(".md", ".html");
    let nav = texts
        .iter()
        .find(|(n, t)| n.ends_with(".xhtml") && t.contains("<nav") && t.contains("\"toc\""))
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    if nav.is_empty() {
        problems.push("no table of contents (nav document)".to_owned());
    } else if !nav.contains("<title>目录</title>") {
        problems.push("the table of contents is not titled 目录".to_owned());
    }
    for chapter in chapters {
        let page = page(chapter);
        match texts.iter().find(|(n, _)| n.ends_with(&format!("/{page}"))) {
            None => problems.push(format!("no page for chapter `{chapter}`")),
            Some((_, text)) if !text.contains("xml:lang=\"zh-CN\"") => {
                problems.push(format!("page `{page}` is not marked as Chinese"))
            }
            Some(_) => {}
        }
        if !nav.contains(&format!("href=\"{page}\"")) {
            problems.push(format!("the table of contents does not list `{page}`"));
        }
    }
    let opf = texts
        .iter()
        .find(|(n, _)| n.ends_with(".opf"))
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    let math_pages = texts.values().filter(|t| t.contains("<math")).count();
    if math_pages < 10 {
        problems.push(format!("only {math_pages} pages have MathML"));
    }
    if opf.matches("mathml").count() < math_pages {
        problems.push("a page with MathML is not declared with properties=\"mathml\"".to_owned());
    }
    let svgs = names.iter().filter(|n| n.ends_with(".svg")).count();
    if svgs < 20 || !opf.contains("image/svg+xml") {
        problems.push(format!("only {svgs} SVG figures"));
    }
    if texts
        .values()
        .any(|t| t.contains("class=\"param-figure\"") || t.contains("<script"))
    {
        problems.push("a page has a script or an interactive figure".to_owned());
    }
    for (name, text) in &texts {
        for href in text
            .split(" href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            let file = href.split('#').next().unwrap_or_default();
            if file.ends_with(".md") && !file.contains(':') {
                problems.push(format!("`{name}` links to `{href}`, not to a page"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("the EPUB is incomplete:\n{}", problems.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_to_pages() {
        assert_eq!(
            prose(
                "见 [Softmax](softmax.md#温度) 与 [Sigmoid](sigmoid.md)，[外部](https://x.org/a.md)。"
            ),
            "见 [Softmax](softmax.html#温度) 与 [Sigmoid](sigmoid.html)，[外部](https://x.org/a.md)。"
        );
        assert_eq!(
            prose(r##"<a href="references.md#he2015">x</a> <a href="#top">t</a>"##),
            r##"<a href="references.html#he2015">x</a> <a href="#top">t</a>"##
        );
    }

    #[test]
    fn images_are_closed() {
        assert_eq!(
            prose(r#"<img src="figures/a.svg" alt="x"><img src="b.svg"/>"#),
            r#"<img src="figures/a.svg" alt="x" /><img src="b.svg" />"#
        );
        assert_eq!(
            prose("| Intel<br>`avx512` | AMD<br/>`avx2` | <brand> |"),
            "| Intel<br />`avx512` | AMD<br />`avx2` | <brand> |"
        );
    }

    #[test]
    fn headings_get_the_sites_ids_and_code_is_left_alone() {
        let text = "# Softplus：平滑的 ReLU\n\n## 用 Rust 实现\n\n```rust\n# use x;\n## not a heading\n```\n\n## 用 Rust 实现\n<div class=\"param-figure\" data-grid=\"g\"></div>\n";
        assert_eq!(
            prepare_chapter(text),
            "# <a id=\"softplus平滑的-relu\"></a>Softplus：平滑的 ReLU\n\n## <a id=\"用-rust-实现\"></a>用 Rust 实现\n\n```rust\n# use x;\n## not a heading\n```\n\n## <a id=\"用-rust-实现-1\"></a>用 Rust 实现\n"
        );
        assert_eq!(id_from_heading("`softmax` 与 *温度*"), "softmax-与-温度");
    }

    #[test]
    fn a_greater_than_sign_in_an_attribute_does_not_end_the_tag() {
        assert_eq!(
            close_void(r#"<img src="a.svg" alt="|x| > 3 时"> 后"#, "img"),
            r#"<img src="a.svg" alt="|x| > 3 时" /> 后"#
        );
    }

    #[test]
    fn script_elements_get_two_children() {
        let katex = "<math><msub><mi>p</mi><mi>max</mi><mo>⁡</mo></msub><mo>≤</mo><msup><mi>e</mi><mn>2</mn></msup></math>";
        assert_eq!(
            fix_scripts(katex),
            "<math><msub><mi>p</mi><mrow><mi>max</mi><mo>⁡</mo></mrow></msub><mo>≤</mo><msup><mi>e</mi><mn>2</mn></msup></math>"
        );
        let nested = "<msub><mrow><mi>a</mi><msub><mi>b</mi><mi>c</mi><mo>⁡</mo></msub></mrow><mi>t</mi></msub>";
        assert_eq!(
            fix_scripts(nested),
            "<msub><mrow><mi>a</mi><msub><mi>b</mi><mrow><mi>c</mi><mo>⁡</mo></mrow></msub></mrow><mi>t</mi></msub>"
        );
        let spaced = r#"<msup><mi>x</mi><mspace width="1em"/></msup>"#;
        assert_eq!(fix_scripts(spaced), spaced);
    }

    #[test]
    fn marks_the_items_with_mathml() {
        let opf = r#"<item media-type="application/xhtml+xml" id="a" href="a.xhtml"/><item media-type="x" properties="nav" id="n" href="nav.xhtml"/><item id="b" href="b.xhtml"/>"#;
        let marked = mark_items(opf, &["a.xhtml".to_owned(), "nav.xhtml".to_owned()]);
        assert_eq!(
            marked,
            r#"<item properties="mathml" media-type="application/xhtml+xml" id="a" href="a.xhtml"/><item media-type="x" properties="mathml nav" id="n" href="nav.xhtml"/><item id="b" href="b.xhtml"/>"#
        );
    }
}
