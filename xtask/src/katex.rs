//! `preprocess katex`: the math, rendered by mdbook-katex, but only for the
//! chapters whose text it has not rendered before.
//!
//! mdbook-katex renders every formula of every chapter on every build: most
//! of the time a one-sentence edit takes to rebuild. This preprocessor takes
//! its place under its name and options (`[preprocessor.katex]` in
//! `book.toml`, which mdbook-katex reads). It keeps each chapter's rendered
//! text in a cache, sends only the chapters not in the cache to mdbook-katex
//! (as a book of those chapters alone, with the same context), and then
//! protects the MathML from the Markdown parser ([`crate::math`]), which must
//! happen right after KaTeX.
//!
//! A cache entry is found by a fingerprint of everything the rendering
//! depends on: the chapter's text, the KaTeX options in
//! `[preprocessor.katex]` (and the macro file they may name), and the
//! mdbook-katex executable (its path, size and modification time). The entry
//! holds the chapter's text itself, which must match exactly, so a
//! fingerprint collision cannot show another chapter. The cache lives in
//! cargo's target directory, beside xtask (`…/debug/katex-cache/`); entries
//! no chapter used in a build are removed.

use crate::{Result, files, math};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

/// The program that renders the math, found on `PATH` as mdBook would.
const KATEX: &str = "mdbook-katex";

/// One chapter's rendering, as cached.
#[derive(Serialize, Deserialize)]
struct Entry {
    input: String,
    output: String,
}

/// Renders the math of every (non-draft) chapter, from the cache where it can.
pub fn render(ctx: &PreprocessorContext, book: &mut Book) -> Result {
    let cache = cache_dir();
    let salt = salt(ctx)?;
    let key = |content: &str| files::fingerprint(format!("{salt}\n{content}").as_bytes());
    // Every chapter's text, and the rendering of those the cache holds.
    let mut inputs = Vec::new();
    book.for_each_chapter_mut(|chapter| inputs.push(chapter.content.clone()));
    let cached: Vec<Option<String>> = inputs
        .iter()
        .map(|input| lookup(&cache, &key(input), input))
        .collect();
    let missing: Vec<&String> = inputs
        .iter()
        .zip(&cached)
        .filter(|(_, output)| output.is_none())
        .map(|(input, _)| input)
        .collect();
    let (rendered, complete) = run_katex(ctx, &missing)?;
    let mut rendered = rendered.into_iter();
    let mut used = BTreeSet::new();
    let mut outputs = Vec::new();
    for (input, output) in inputs.iter().zip(cached) {
        let key = key(input);
        let output = match output {
            Some(output) => output,
            None => {
                let output = rendered.next().ok_or("mdbook-katex lost a chapter")?;
                if complete {
                    store(&cache, &key, input, &output);
                }
                output
            }
        };
        used.insert(format!("{key}.json"));
        outputs.push(output);
    }
    prune(&cache, &used);
    let mut outputs = outputs.into_iter();
    book.for_each_chapter_mut(|chapter| {
        let output = outputs.next().expect("one output per chapter");
        chapter.content = math::protect(&output);
    });
    Ok(())
}

/// `…/debug/katex-cache/`, beside the running xtask in cargo's target directory.
fn cache_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("katex-cache")))
        .unwrap_or_else(|| std::env::temp_dir().join("activations-katex-cache"))
}

/// A fingerprint of everything but the chapter that the rendering depends on.
fn salt(ctx: &PreprocessorContext) -> Result<String> {
    let mut options: serde_json::Value = ctx
        .config
        .get("preprocessor.katex")
        .map_err(|e| format!("book.toml: [preprocessor.katex]: {e}"))?
        .unwrap_or_default();
    // mdBook's own keys say how to run a preprocessor, not what it renders.
    if let Some(table) = options.as_object_mut() {
        for key in ["command", "before", "after", "renderers", "optional"] {
            table.remove(key);
        }
    }
    let macros = options["macros"]
        .as_str()
        .and_then(|path| files::fingerprint_file(&ctx.root.join(path)));
    let katex = find_on_path(KATEX)
        .ok_or_else(|| format!("{KATEX} is not installed: run `cargo xtask install-tools`"))?;
    let meta = fs::metadata(&katex).ok();
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let everything = format!(
        "{options:?} {macros:?} {} {} {modified}",
        katex.display(),
        meta.map_or(0, |m| m.len()),
    );
    Ok(files::fingerprint(everything.as_bytes()))
}

/// The first `name` on `PATH`, as `Command::new(name)` would run it.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn lookup(cache: &Path, key: &str, input: &str) -> Option<String> {
    let bytes = fs::read(cache.join(format!("{key}.json"))).ok()?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    (entry.input == input).then_some(entry.output)
}

/// Saves an entry; a cache that cannot be written only costs time later.
fn store(cache: &Path, key: &str, input: &str, output: &str) {
    let entry = Entry {
        input: input.to_owned(),
        output: output.to_owned(),
    };
    let json = serde_json::to_vec(&entry).expect("an entry is JSON");
    if let Err(e) = files::write_if_changed(&cache.join(format!("{key}.json")), &json) {
        eprintln!("katex: warning: cannot write to {}: {e}", cache.display());
    }
}

/// Removes the entries this build did not use.
fn prune(cache: &Path, used: &BTreeSet<String>) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !used.contains(&name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// mdbook-katex's rendering of each text in `inputs`, in order: it is given
/// a book of one chapter per text and the build's own context. Also returns
/// whether every formula was rendered: mdbook-katex keeps a formula it
/// cannot render as TeX and only warns, and such a rendering is not cached,
/// so that the warning comes back on every build until the formula is fixed.
fn run_katex(ctx: &PreprocessorContext, inputs: &[&String]) -> Result<(Vec<String>, bool)> {
    if inputs.is_empty() {
        return Ok((Vec::new(), true));
    }
    let items = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let path = PathBuf::from(format!("chapter-{i}.md"));
            BookItem::Chapter(Chapter::new(
                &format!("{i}"),
                input.to_string(),
                &path,
                vec![],
            ))
        })
        .collect();
    let json = serde_json::to_vec(&(ctx, Book::new_with_items(items)))
        .map_err(|e| format!("cannot write the book for {KATEX}: {e}"))?;
    let mut child = Command::new(KATEX)
        .current_dir(&ctx.root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {KATEX}: {e}; run `cargo xtask install-tools`"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written from another thread: mdbook-katex may answer before it has
    // read everything, and a full pipe each way would block both of us.
    let writer = std::thread::spawn(move || stdin.write_all(&json));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{KATEX}: {e}"))?;
    let written = writer.join().expect("the writer does not panic");
    let messages = String::from_utf8_lossy(&output.stderr);
    eprint!("{messages}");
    let complete =
        !messages.contains("Rendering failed") && !messages.contains("rendering failure");
    if !output.status.success() {
        return Err(format!(
            "{KATEX} failed ({}); its messages are above",
            output.status
        ));
    }
    written.map_err(|e| format!("cannot send the book to {KATEX}: {e}"))?;
    let book: Book = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cannot read what {KATEX} wrote: {e}"))?;
    let outputs: Vec<String> = book.chapters().map(|c| c.content.clone()).collect();
    if outputs.len() != inputs.len() {
        return Err(format!(
            "{KATEX} returned {} chapters for {}",
            outputs.len(),
            inputs.len()
        ));
    }
    Ok((outputs, complete))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_entries_must_match_the_text_exactly() {
        let cache = std::env::temp_dir().join(format!("xtask-katex-{}", std::process::id()));
        store(&cache, "00ab", "$x$", "<math>x</math>");
        assert_eq!(
            lookup(&cache, "00ab", "$x$").as_deref(),
            Some("<math>x</math>")
        );
        assert_eq!(lookup(&cache, "00ab", "$y$"), None, "same key, other text");
        assert_eq!(lookup(&cache, "00ac", "$x$"), None);
        store(&cache, "00ac", "$y$", "<math>y</math>");
        prune(&cache, &BTreeSet::from(["00ac.json".to_owned()]));
        assert_eq!(lookup(&cache, "00ab", "$x$"), None, "pruned");
        assert!(lookup(&cache, "00ac", "$y$").is_some());
        files::remove_dir(&cache).unwrap();
    }
}
