//! `cargo xtask <task>`: every command a contributor, and CI, runs on the book.
//!
//! The alias lives in `.cargo/config.toml`. Each task is a function in one of
//! the modules below; errors are plain messages that name the chapter or
//! example at fault, printed once, with a non-zero exit status.

mod book;
mod browser;
mod chromium;
mod cost;
mod dedent;
mod epub;
mod figures;
mod files;
mod katex;
mod math;
mod numbers;
mod pdf;
mod preprocess;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  build           regenerate the figures that are out of date and build the
                  book into book/, with the EPUB in book/epub/ and, when
                  Chromium is installed, the PDF in book/pdf/ (each remade
                  only when what it shows changed; atomically: on failure
                  the previous book/ is left as it was)
  pdf             the same, but the PDF is required: fails without Chromium
  browser-test    build, then test the site in headless Chromium
  serve [ARGS]    regenerate the figures and serve the book with live reload
                  (ARGS go to `mdbook serve`, e.g. --port 3001 --open)
  figures         only regenerate the figures in src/figures/ that are out of
                  date (run the examples whose binary or figures changed)
  cost [--check]  time the slice kernels beside numpy's (needs python3 and
                  numpy) and write data/cost.csv, the cost chapter's data;
                  with --check, only show that the pipeline works (2 runs
                  per kernel, written to a scratch file)
  install-tools   install the pinned mdBook tools if they are missing
  preprocess      the mdBook preprocessor (called by mdbook, not by you)";

/// The result of a task: `Err` carries the message shown to the user.
pub type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("build") => book::build(&root(), book::Pdf::IfChromium),
        Some("pdf") => book::build(&root(), book::Pdf::Required),
        Some("browser-test") => browser::test(&root()),
        Some("serve") => book::serve(&root(), rest),
        Some("figures") => figures::regenerate(&root()).map(|report| eprintln!("{report}")),
        Some("cost") => cost::run(&root(), rest),
        Some("install-tools") => tools::ensure_installed().map(|_| ()),
        Some("preprocess") => preprocess::run(rest),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the book's root, where `book.toml` lives.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives in the workspace root")
        .to_path_buf()
}

/// The `cargo` that runs us (cargo sets `$CARGO`), so nested builds use the same toolchain.
fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}
