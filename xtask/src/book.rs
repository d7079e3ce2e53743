//! Building and serving the book with the pinned mdBook.

use crate::chromium::{self, INSTALL_HINT};
use crate::files::remove_dir;
use crate::{Result, epub, pdf, tools};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether a build also prints the PDF.
#[derive(Clone, Copy, PartialEq)]
pub enum Pdf {
    /// When Chromium is installed (`cargo xtask build`).
    IfChromium,
    /// Always; fail when Chromium or a CJK font is missing (`cargo xtask pdf`).
    Required,
}

/// `cargo xtask build`: the whole static book in `book/`, or nothing.
///
/// mdBook writes into `book.partial/`, the EPUB is made and the PDF is
/// printed from there (or, when nothing they show changed, copied from the
/// last build's, kept in cargo's target directory), and only
/// when all of that succeeded and passed the checks below does it replace
/// `book/`. A failed build leaves the previous `book/` exactly as it was and
/// no partial output behind.
pub fn build(root: &Path, pdf_mode: Pdf) -> Result {
    let browser = chromium::find();
    if browser.is_none() && pdf_mode == Pdf::Required {
        return Err(format!(
            "the PDF needs Chromium, which is not installed ({INSTALL_HINT})"
        ));
    }
    let path = tools::ensure_installed()?;
    let staging = root.join("book.partial");
    remove_dir(&staging)?;
    let outcome = mdbook(
        root,
        &path,
        "build",
        &["--dest-dir".as_ref(), staging.as_os_str()],
    )
    .and_then(|()| check_output(&staging))
    .and_then(|()| epub::build_or_reuse(root, &staging, &cache("epub")?, &path))
    .and_then(|()| match &browser {
        Some(browser) => pdf::print_or_reuse(&staging, &cache("pdf")?, browser),
        None => {
            eprintln!("pdf: skipped, Chromium is not installed ({INSTALL_HINT})");
            Ok(())
        }
    });
    if let Err(e) = outcome {
        remove_dir(&staging)?;
        return Err(format!(
            "{e}\nthe book was not built; book/ was left as it was"
        ));
    }
    let (book, old) = (root.join("book"), root.join("book.old"));
    remove_dir(&old)?;
    if book.exists() {
        fs::rename(&book, &old).map_err(|e| format!("cannot move the old book aside: {e}"))?;
    }
    fs::rename(&staging, &book).map_err(|e| format!("cannot move the new book into place: {e}"))?;
    remove_dir(&old)?;
    keep(&book, &cache("epub")?, &[epub::FILE, epub::STAMP])?;
    if browser.is_some() {
        keep(&book, &cache("pdf")?, &[pdf::FILE, pdf::STAMP])?;
    }
    eprintln!("book: written to {}", book.join("index.html").display());
    Ok(())
}

/// Where the last PDF or EPUB (`kind`) and its stamp are kept between
/// builds: in cargo's target directory, beside the xtask binary, so that a
/// plain `mdbook build` or `mdbook serve` (which empty `book/`) does not cost
/// the next build a reprint. Laid out like a book (`pdf/activations.pdf` and
/// its stamp in `pdf-cache/`, `epub/activations.epub` in `epub-cache/`).
fn cache(kind: &str) -> Result<PathBuf> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask's own path: {e}"))?;
    Ok(exe
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{kind}-cache")))
}

/// Copies a file of the built book and its stamp into the cache (both, or
/// neither).
fn keep(book: &Path, cache: &Path, kept: &[&str; 2]) -> Result {
    let dir = cache.join(
        Path::new(kept[0])
            .parent()
            .expect("kept files are in a directory"),
    );
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for file in kept {
        let (from, to) = (book.join(file), cache.join(file));
        let partial = to.with_extension("partial");
        fs::copy(&from, &partial)
            .and_then(|_| fs::rename(&partial, &to))
            .map_err(|e| format!("cannot keep {} in {}: {e}", from.display(), cache.display()))?;
    }
    Ok(())
}

/// `cargo xtask serve`: live-reloading preview; ARGS go to `mdbook serve`.
pub fn serve(root: &Path, args: &[String]) -> Result {
    let path = tools::ensure_installed()?;
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    mdbook(root, &path, "serve", &args)
}

fn mdbook(root: &Path, path: &std::ffi::OsStr, command: &str, args: &[&std::ffi::OsStr]) -> Result {
    let status = Command::new("mdbook")
        .env("PATH", path)
        .arg(command)
        .arg(root)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run mdbook: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`mdbook {command}` failed ({status}); its messages are above"
        ))
    }
}

/// Checks mdBook cannot make itself: no directive or math left unrendered,
/// no image missing. Each problem names the page.
fn check_output(book: &Path) -> Result {
    let mut problems = Vec::new();
    for page in html_pages(book)? {
        let html = fs::read_to_string(&page)
            .map_err(|e| format!("cannot read {}: {e}", page.display()))?;
        let name = page
            .strip_prefix(book)
            .unwrap_or(&page)
            .display()
            .to_string();
        let directives = ["{{#include ", "{{#rustdoc_include ", "{{#playground "];
        if directives.iter().any(|d| html.contains(d)) {
            problems.push(format!(
                "page `{name}`: an mdBook {{{{#include …}}}} directive was not expanded"
            ));
        }
        if html.matches("<math").count() != html.matches("</math>").count() {
            problems.push(format!("page `{name}`: a formula's MathML is broken"));
        }
        if html.contains("katex-error") {
            problems.push(format!("page `{name}`: KaTeX could not render a formula"));
        }
        for src in html
            .split("<img src=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if !src.contains("://") && !page.parent().unwrap_or(book).join(src).is_file() {
                problems.push(format!("page `{name}`: image `{src}` is missing"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn html_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pages.extend(html_pages(&path)?);
        } else if path.extension().is_some_and(|e| e == "html") {
            pages.push(path);
        }
    }
    pages.sort();
    Ok(pages)
}
