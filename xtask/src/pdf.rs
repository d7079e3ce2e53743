//! The PDF: the book's print page, printed by the distribution's Chromium.
//!
//! Chromium lays out `print.html` with the book's print style sheet
//! (`theme/pdf.css`: A4, page numbers, wrapped code), embeds the Noto CJK
//! fonts as real text, keeps the SVG figures as vectors, and turns the
//! headings into the PDF's outline (one bookmark per chapter, with its
//! sections below). Which Chromium, and how it is started, is
//! [`crate::chromium`]'s business.

use crate::Result;
use crate::chromium::{self, INSTALL_HINT};
use std::env;
use std::fs;
use std::path::Path;
use std::process::Command;

/// The PDF's path inside the built book.
pub const FILE: &str = "pdf/activations.pdf";

/// Prints `book/print.html` to `book/pdf/activations.pdf`.
pub fn print(book: &Path, browser: &Path) -> Result {
    check_cjk_font()?;
    let page = book.join("print.html");
    if !page.is_file() {
        return Err(format!(
            "{} is missing: build the book first",
            page.display()
        ));
    }
    let target = book.join(FILE);
    let dir = target.parent().expect("FILE has a directory");
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let partial = target.with_extension("pdf.partial");
    let profile = env::temp_dir().join(format!("activations-chromium-{}", std::process::id()));
    let output = Command::new(browser)
        .arg(chromium::HEADLESS)
        .args(chromium::FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--no-pdf-header-footer", "--generate-pdf-document-outline"])
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
    eprintln!(
        "pdf: printed print.html to {FILE} ({} KiB)",
        written.len() / 1024
    );
    Ok(())
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
