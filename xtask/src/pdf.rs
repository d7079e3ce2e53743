//! The PDF: the book's print page, printed by the distribution's Chromium.
//!
//! Chromium lays out `print.html` with the book's print style sheet
//! (`theme/pdf.css`: A4, page numbers, wrapped code), embeds the Noto CJK
//! fonts as real text, keeps the SVG figures as vectors, and turns the
//! headings into the PDF's outline (one bookmark per chapter, with its
//! sections below). Which Chromium, and how it is started, is
//! [`crate::chromium`]'s business.
//!
//! Printing the 450-odd pages takes Chromium half a minute, so a build only
//! prints when something the PDF shows changed: the PDF keeps a stamp of what
//! it was printed from ([`Stamp`]: `print.html`, every file it loads, the
//! printer), and when the new book's stamp is the same, the previous build's
//! PDF is copied into the new book instead.

use crate::chromium::{self, INSTALL_HINT};
use crate::{Result, files};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::path::Path;
use std::process::Command;

/// The PDF's path inside the built book.
pub const FILE: &str = "pdf/activations.pdf";

/// Its stamp, beside it: what it was printed from (see [`Stamp`]).
pub const STAMP: &str = "pdf/activations.pdf.stamp";

/// How Chromium prints, besides [`chromium::FLAGS`].
const PRINT_FLAGS: [&str; 2] = ["--no-pdf-header-footer", "--generate-pdf-document-outline"];

/// Puts the PDF of `book/print.html` at `book/pdf/activations.pdf`: the one
/// in `previous` (the last build's book) when its stamp shows it was printed
/// from exactly what `book` would print, otherwise a fresh print.
pub fn print_or_reuse(book: &Path, previous: &Path, browser: &Path) -> Result {
    let mut stamp = Stamp::of(book, browser)?;
    let old = Stamp::read(previous);
    if let Some(old) = old.as_ref().filter(|old| old.prints_as(&stamp))
        && let Some(pdf) = fs::read(previous.join(FILE))
            .ok()
            .filter(|pdf| files::fingerprint(pdf) == old.pdf)
    {
        write(&book.join(FILE), &pdf)?;
        stamp.pdf.clone_from(&old.pdf);
        stamp.write(book)?;
        eprintln!(
            "pdf: reused {FILE} from the previous build (print.html and the {} files it loads are unchanged)",
            stamp.inputs.len() - 1
        );
        return Ok(());
    }
    let pdf = print(book, browser)?;
    stamp.pdf = files::fingerprint(&pdf);
    stamp.write(book)?;
    let why = match &old {
        None => "no previous PDF to reuse".to_owned(),
        Some(old) => old.changes(&stamp),
    };
    eprintln!(
        "pdf: printed print.html to {FILE} ({} KiB; {why})",
        pdf.len() / 1024
    );
    Ok(())
}

/// What a PDF was printed from: `print.html` and every local file it loads
/// (figures, style sheets, scripts; the fonts those name are mdBook's own and
/// do not change), and the Chromium that printed it with its flags.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    /// The Chromium executable (path, size and modification time) and every flag.
    printer: String,
    /// A path relative to the book → the fingerprint of its bytes (`None`: missing).
    inputs: BTreeMap<String, Option<String>>,
    /// The fingerprint of the PDF printed from them.
    pdf: String,
}

impl Stamp {
    /// The stamp a PDF printed now from `book` would get (without `pdf`).
    fn of(book: &Path, browser: &Path) -> Result<Stamp> {
        let inputs = inputs(book)?;
        let meta = fs::metadata(browser).ok();
        let modified = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let printer = format!(
            "{} ({} bytes, modified {modified}) {} {} {}",
            browser.display(),
            meta.as_ref().map_or(0, |m| m.len()),
            chromium::HEADLESS,
            chromium::FLAGS.join(" "),
            PRINT_FLAGS.join(" "),
        );
        Ok(Stamp {
            printer,
            inputs,
            pdf: String::new(),
        })
    }

    /// The stamp of the PDF in `book`, if it has one.
    fn read(book: &Path) -> Option<Stamp> {
        serde_json::from_slice(&fs::read(book.join(STAMP)).ok()?).ok()
    }

    fn write(&self, book: &Path) -> Result {
        let json = serde_json::to_vec_pretty(self).expect("the stamp is JSON");
        write(&book.join(STAMP), &json)
    }

    /// Whether a PDF printed with `self` is the PDF `now` would print.
    fn prints_as(&self, now: &Stamp) -> bool {
        self.printer == now.printer && self.inputs == now.inputs
    }

    /// What differs between `self` and `now`, for the log.
    fn changes(&self, now: &Stamp) -> String {
        if self.printer != now.printer {
            return "Chromium or its flags changed".to_owned();
        }
        let mut changed: Vec<&str> = now
            .inputs
            .iter()
            .filter(|(path, fingerprint)| self.inputs.get(*path) != Some(fingerprint))
            .map(|(path, _)| path.as_str())
            .collect();
        changed.extend(
            self.inputs
                .keys()
                .filter(|path| !now.inputs.contains_key(*path))
                .map(String::as_str),
        );
        match changed.len() {
            0 => "the previous PDF is not the one its stamp names".to_owned(),
            1..=4 => format!("changed: {}", changed.join(", ")),
            n => format!("changed: {} and {} more", changed[..3].join(", "), n - 3),
        }
    }
}

/// `print.html` and every local file it loads or links to, each with the
/// fingerprint of its bytes (`None`: missing). The EPUB's stamp uses them too.
pub fn inputs(book: &Path) -> Result<BTreeMap<String, Option<String>>> {
    let page = book.join("print.html");
    let html = fs::read_to_string(&page)
        .map_err(|e| format!("cannot read {}: {e}; build the book first", page.display()))?;
    let mut inputs = BTreeMap::from([(
        "print.html".to_owned(),
        Some(files::fingerprint(html.as_bytes())),
    )]);
    for path in local_references(&html) {
        let fingerprint = files::fingerprint_file(&book.join(&path));
        inputs.insert(path, fingerprint);
    }
    Ok(inputs)
}

/// The local files a page loads or links to (`src="…"`, `href="…"`),
/// relative to the page, without query or fragment, percent-decoded.
fn local_references(html: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for attribute in [" src=\"", " href=\""] {
        for value in html
            .split(attribute)
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            let path = value.split(['?', '#']).next().unwrap_or_default();
            let external = path.contains(':') || path.starts_with('/') || path.starts_with("//");
            if !path.is_empty() && !external {
                paths.insert(percent_decode(path));
            }
        }
    }
    paths
}

/// `%E5%9B%BE` → `图`; anything that is not a valid escape is kept as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Writes a file of the staged book, creating its directory.
fn write(path: &Path, bytes: &[u8]) -> Result {
    let dir = path.parent().expect("a file in the book has a directory");
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Prints `book/print.html` to `book/pdf/activations.pdf`; returns the PDF.
fn print(book: &Path, browser: &Path) -> Result<Vec<u8>> {
    check_cjk_font()?;
    let page = book.join("print.html");
    let target = book.join(FILE);
    let dir = target.parent().expect("FILE has a directory");
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let partial = target.with_extension("pdf.partial");
    let profile = env::temp_dir().join(format!("activations-chromium-{}", std::process::id()));
    let output = Command::new(browser)
        .arg(chromium::HEADLESS)
        .args(chromium::FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(PRINT_FLAGS)
        .arg(format!("--print-to-pdf={}", partial.display()))
        .arg(file_url(&page)?)
        .output()
        .map_err(|e| format!("cannot run {}: {e} ({INSTALL_HINT})", browser.display()))?;
    let _ = fs::remove_dir_all(&profile);
    let written = fs::read(&partial).unwrap_or_default();
    if !output.status.success() || !written.starts_with(b"%PDF-") {
        let _ = fs::remove_file(&partial);
        return Err(format!(
            "Chromium did not print the PDF ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    fs::rename(&partial, &target).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    Ok(written)
}

/// Chinese text needs a CJK font on the system; without one Chromium prints
/// empty boxes, so we refuse rather than make such a PDF.
fn check_cjk_font() -> Result {
    let output = Command::new("fc-list")
        .arg(":lang=zh")
        .arg("family")
        .output();
    match output {
        Ok(out) if out.status.success() && !out.stdout.is_empty() => Ok(()),
        _ => Err(format!(
            "no Chinese font is installed, so the PDF would show empty boxes ({INSTALL_HINT})"
        )),
    }
}

/// `file://` URL of a local file, percent-encoding all but unreserved bytes.
fn file_url(path: &Path) -> Result<String> {
    let absolute = fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut url = String::from("file://");
    for &byte in absolute.to_string_lossy().as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_local_files_a_page_loads() {
        let html = r##"<link rel="stylesheet" href="css/general-1a2b.css">
            <a href="#sigmoid-函数">x</a> <a href="https://example.org/">y</a>
            <img src="figures/relu.svg" alt=""> <img src="figures/relu.svg">
            <script src="theme/search-cjk-3c4d.js?v=1"></script>
            <img src="data:image/png;base64,AAAA"> <a href="mailto:a@b">m</a>
            <img src="figures/%E5%9B%BE.svg"> <a href="toc.html#top">t</a>"##;
        assert_eq!(
            local_references(html).into_iter().collect::<Vec<_>>(),
            [
                "css/general-1a2b.css",
                "figures/relu.svg",
                "figures/图.svg",
                "theme/search-cjk-3c4d.js",
                "toc.html"
            ]
        );
    }

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    fn stamp(inputs: &[(&str, Option<&str>)]) -> Stamp {
        Stamp {
            printer: "chromium --headless".into(),
            inputs: inputs
                .iter()
                .map(|&(p, f)| (p.to_owned(), f.map(str::to_owned)))
                .collect(),
            pdf: "9".into(),
        }
    }

    #[test]
    fn reuses_only_what_was_printed_from_the_same_inputs() {
        let old = stamp(&[("print.html", Some("1")), ("figures/relu.svg", Some("2"))]);
        let same = Stamp {
            pdf: String::new(),
            ..stamp(&[("print.html", Some("1")), ("figures/relu.svg", Some("2"))])
        };
        assert!(old.prints_as(&same));

        let figure = stamp(&[("print.html", Some("1")), ("figures/relu.svg", Some("3"))]);
        assert!(!old.prints_as(&figure));
        assert_eq!(old.changes(&figure), "changed: figures/relu.svg");

        let gone = stamp(&[("print.html", Some("1")), ("figures/relu.svg", None)]);
        assert!(!old.prints_as(&gone));

        let fewer = stamp(&[("print.html", Some("4"))]);
        assert_eq!(old.changes(&fewer), "changed: print.html, figures/relu.svg");

        let printer = Stamp {
            printer: "other".into(),
            ..stamp(&[("print.html", Some("1")), ("figures/relu.svg", Some("2"))])
        };
        assert!(!old.prints_as(&printer));
        assert_eq!(old.changes(&printer), "Chromium or its flags changed");
    }
}
