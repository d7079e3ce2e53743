//! Regenerates the figures by running the example programs that need it.
//!
//! Each program `examples/NAME.rs` is the Rust twin of one notebook cell. It
//! draws `src/figures/NAME.svg` (and may draw more figures named `NAME-….svg`);
//! whatever it prints is saved as `src/figures/NAME.txt`, so output shown in
//! the book is output the code printed. Files are only rewritten when their
//! bytes change, so `mdbook serve` does not see a change that is none.
//!
//! # Only the examples that changed run
//!
//! **An example's inputs are compiled in.** A program reads no file at run
//! time: its data comes in through `include_str!` or `include_bytes!`
//! (`examples/cost.rs` includes `data/cost.csv`), so cargo rebuilds its binary
//! whenever the program, the library or the data change, and what it draws
//! depends on its binary alone. (A program that read a file at run time would
//! not be re-run when that file changed.)
//!
//! So after cargo has built the examples, one runs only when
//!
//! - there is no stamp for it (first build, a new example, `cargo clean`);
//! - its binary is not the one the stamp records: another size or
//!   modification time *and* other bytes (cargo relinking the same bytes, as
//!   it does after a chapter is edited, is no change);
//! - a file it wrote last time is missing, or its bytes are not those the
//!   stamp records (someone deleted or edited `src/figures/`).
//!
//! Otherwise it is up to date and its figures are left alone. [`decide`] is
//! that rule. The stamp is a JSON file beside the example binaries in cargo's
//! target directory (`…/debug/examples/figures-stamp-….json`, one per figures
//! directory), not in `src/`, where mdBook would copy it into the site. It
//! records, per example, the binary's size, modification time and
//! fingerprint, and the fingerprint of every file the example wrote.
//!
//! An example runs in a scratch directory; what it drew and printed is then
//! copied into `src/figures/`, so the stamp lists exactly the files it wrote
//! this time. A file in `src/figures/` that no example wrote is stale and is
//! removed.

use crate::Result;
use crate::files::{self, write_if_changed};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

/// The environment variable that tells an example program where to draw its
/// figures; the plot crate (`crates/plot`) reads the same name.
pub const FIGURES_DIR_VAR: &str = "ACTIVATIONS_FIGURES_DIR";

/// What one regeneration did, for the user.
#[derive(Default)]
pub struct Report {
    /// The examples that ran, and why.
    pub ran: Vec<(String, Reason)>,
    /// How many examples were up to date and did not run.
    pub up_to_date: usize,
    /// Files in the figures directory whose bytes changed.
    pub changed: Vec<String>,
    /// Stale files that were removed.
    pub removed: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.ran.len() == 1 { "" } else { "s" };
        write!(f, "figures: ran {} example program{plural}", self.ran.len())?;
        if (1..=6).contains(&self.ran.len()) {
            let ran: Vec<String> = self.ran.iter().map(|(n, r)| format!("{n}: {r}")).collect();
            write!(f, " ({})", ran.join("; "))?;
        }
        write!(f, ", {} up to date", self.up_to_date)?;
        match self.changed.as_slice() {
            [] => write!(f, "; every figure was up to date")?,
            changed => write!(f, "; updated {}", changed.join(", "))?,
        }
        if !self.removed.is_empty() {
            write!(f, "; removed stale {}", self.removed.join(", "))?;
        }
        Ok(())
    }
}

/// The directory the figures are written to.
pub fn dir(root: &Path) -> PathBuf {
    root.join("src").join("figures")
}

// ANCHOR: regenerate
/// Builds the example programs, runs those that are not up to date, and
/// removes the files no example wrote.
pub fn regenerate(root: &Path) -> Result<Report> {
    let figures = dir(root);
    fs::create_dir_all(&figures)
        .map_err(|e| format!("cannot create {}: {e}", figures.display()))?;
    let programs = build_examples(root)?;
    let mut stamp = Stamp::load(&programs, &figures);
    let mut report = Report::default();
    for (name, exe) in &programs {
        let binary = Binary::of(exe)?;
        let output = |file: &str| files::fingerprint_file(&figures.join(file));
        match decide(stamp.examples.get(name), &binary, output) {
            Decision::UpToDate => {
                stamp.touch(name, &binary); // relinked: same bytes, new time
                report.up_to_date += 1;
            }
            Decision::Run(reason) => {
                stamp.examples.remove(name);
                let outputs = run_example(name, exe, &figures, &mut report.changed)
                    .inspect_err(|_| stamp.save())?;
                stamp.record(name, &binary, outputs)?;
                report.ran.push((name.clone(), reason));
            }
        }
    }
    stamp.examples.retain(|name, _| programs.contains_key(name));
    report.removed = remove_stale(&figures, &stamp)?;
    stamp.save();
    Ok(report)
}
// ANCHOR_END: regenerate

/// Whether an example must run, given what its stamp recorded.
#[derive(Debug, PartialEq)]
pub enum Decision {
    UpToDate,
    Run(Reason),
}

/// Why an example runs.
#[derive(Debug, PartialEq)]
pub enum Reason {
    /// The stamp has no record of it.
    NoStamp,
    /// Cargo built a binary with other bytes than the recorded one.
    Rebuilt,
    /// A file it wrote last time is gone.
    Missing(String),
    /// A file it wrote last time holds other bytes now.
    Edited(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NoStamp => write!(f, "no stamp"),
            Reason::Rebuilt => write!(f, "rebuilt"),
            Reason::Missing(file) => write!(f, "{file} is missing"),
            Reason::Edited(file) => write!(f, "{file} was changed"),
        }
    }
}

/// What the stamp records about one example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub binary: BinaryStamp,
    /// Each file the example wrote (a name in the figures directory) and the
    /// fingerprint of its bytes.
    pub outputs: BTreeMap<String, String>,
}

/// What identifies an example's binary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinaryStamp {
    pub len: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u64,
    pub fingerprint: String,
}

/// An example's binary as it is now: size and modification time at once, its
/// fingerprint (which means reading all of it) only when asked.
pub struct Binary<'a> {
    exe: &'a Path,
    len: u64,
    modified: u64,
    fingerprint: OnceCell<Option<String>>,
}

impl<'a> Binary<'a> {
    fn of(exe: &'a Path) -> Result<Self> {
        let meta = fs::metadata(exe).map_err(|e| format!("cannot read {}: {e}", exe.display()))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(Binary::new(exe, meta.len(), modified))
    }

    fn new(exe: &'a Path, len: u64, modified: u64) -> Self {
        Binary {
            exe,
            len,
            modified,
            fingerprint: OnceCell::new(),
        }
    }

    fn fingerprint(&self) -> Option<&str> {
        self.fingerprint
            .get_or_init(|| files::fingerprint_file(self.exe))
            .as_deref()
    }

    fn stamp(&self) -> Result<BinaryStamp> {
        Ok(BinaryStamp {
            len: self.len,
            modified: self.modified,
            fingerprint: self
                .fingerprint()
                .ok_or_else(|| format!("cannot read {}", self.exe.display()))?
                .to_owned(),
        })
    }
}

/// The rule of the module documentation: `record` is what the stamp says
/// about an example, `binary` its binary now, and `output(file)` the
/// fingerprint of a file in the figures directory now (`None`: missing).
pub fn decide(
    record: Option<&Record>,
    binary: &Binary,
    output: impl Fn(&str) -> Option<String>,
) -> Decision {
    let Some(record) = record else {
        return Decision::Run(Reason::NoStamp);
    };
    let recorded = &record.binary;
    let same_binary = recorded.len == binary.len
        && (recorded.modified == binary.modified
            || binary.fingerprint() == Some(&recorded.fingerprint));
    if !same_binary {
        return Decision::Run(Reason::Rebuilt);
    }
    for (file, fingerprint) in &record.outputs {
        match output(file) {
            None => return Decision::Run(Reason::Missing(file.clone())),
            Some(now) if now != *fingerprint => {
                return Decision::Run(Reason::Edited(file.clone()));
            }
            Some(_) => {}
        }
    }
    Decision::UpToDate
}

/// The stamp file: a [`Record`] per example, for one figures directory.
#[derive(Default, Serialize, Deserialize)]
struct Stamp {
    /// [`Stamp::VERSION`]: a stamp written by another layout is ignored.
    version: u32,
    /// The figures directory the records describe.
    figures: PathBuf,
    examples: BTreeMap<String, Record>,
    /// Where the stamp is kept (not written into the file).
    #[serde(skip)]
    path: PathBuf,
}

impl Stamp {
    const VERSION: u32 = 1;

    /// The stamp for `figures`, kept beside the example binaries; an empty
    /// one when there is none or it cannot be read.
    fn load(programs: &BTreeMap<String, PathBuf>, figures: &Path) -> Stamp {
        let figures = fs::canonicalize(figures).unwrap_or_else(|_| figures.to_path_buf());
        let key = &files::fingerprint(figures.as_os_str().as_encoded_bytes())[..16];
        let dir = programs
            .values()
            .next()
            .and_then(|exe| exe.parent())
            .unwrap_or(Path::new("."));
        let path = dir.join(format!("figures-stamp-{key}.json"));
        let stamp = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stamp>(&bytes).ok())
            .filter(|s| s.version == Self::VERSION && s.figures == figures);
        Stamp {
            path,
            ..stamp.unwrap_or(Stamp {
                version: Self::VERSION,
                figures,
                ..Stamp::default()
            })
        }
    }

    /// Records what an example that just ran wrote.
    fn record(&mut self, name: &str, binary: &Binary, outputs: BTreeMap<String, String>) -> Result {
        let binary = binary.stamp()?;
        self.examples
            .insert(name.to_owned(), Record { binary, outputs });
        Ok(())
    }

    /// Notes the size and time of an up-to-date example's binary, whose bytes
    /// are the recorded ones, so that the next build need not read them.
    fn touch(&mut self, name: &str, binary: &Binary) {
        if let Some(record) = self.examples.get_mut(name) {
            record.binary.len = binary.len;
            record.binary.modified = binary.modified;
        }
    }

    /// Saves the stamp. A stamp that cannot be saved costs the next build
    /// some work, nothing more, so that is only a warning.
    fn save(&self) {
        let json = serde_json::to_vec_pretty(self).expect("the stamp is JSON");
        if let Err(e) = write_if_changed(&self.path, &json) {
            eprintln!("figures: warning: cannot save {}: {e}", self.path.display());
        }
    }
}

/// `cargo build --examples`, returning each example's name and executable.
///
/// The paths come from cargo's own JSON messages, so a shared
/// `CARGO_TARGET_DIR` (or any other target directory) just works. Their
/// `fresh` flag is not used: it only says that this cargo run did not rebuild
/// a binary, not that the binary is the one the stamp saw (another
/// `cargo build` may have rebuilt it in between).
fn build_examples(root: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let output = crate::cargo()
        .current_dir(root)
        .args([
            "build",
            "--quiet",
            "--package",
            "activations",
            "--examples",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(
            "the example programs in examples/ do not compile (cargo's messages are above)".into(),
        );
    }
    let mut programs = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_example = message["target"]["kind"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k == "example"));
        if let (true, Some(name), Some(exe)) = (
            is_example,
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            programs.insert(name.to_owned(), PathBuf::from(exe));
        }
    }
    if programs.is_empty() {
        return Err("cargo built no example programs: examples/ should hold one per figure".into());
    }
    Ok(programs)
}

/// Runs `examples/NAME.rs` in a scratch directory, checks that it drew
/// `NAME.svg`, and copies what it drew and printed into the figures
/// directory. Returns the fingerprint of each file it wrote.
fn run_example(
    name: &str,
    exe: &Path,
    figures: &Path,
    changed: &mut Vec<String>,
) -> Result<BTreeMap<String, String>> {
    let scratch =
        std::env::temp_dir().join(format!("activations-figures-{}-{name}", std::process::id()));
    files::remove_dir(&scratch)?;
    fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let outcome = run_in(name, exe, &scratch, figures, changed);
    files::remove_dir(&scratch)?;
    outcome
}

fn run_in(
    name: &str,
    exe: &Path,
    scratch: &Path,
    figures: &Path,
    changed: &mut Vec<String>,
) -> Result<BTreeMap<String, String>> {
    let source = format!("examples/{name}.rs");
    let output = Command::new(exe)
        .env(FIGURES_DIR_VAR, scratch)
        .output()
        .map_err(|e| format!("example `{source}`: cannot run {}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err(format!(
            "example `{source}` failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    let mut written: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for file in file_names(scratch) {
        if !owns(name, &file) {
            return Err(format!(
                "example `{source}` drew `{file}`: its figures must be named {name}.svg or {name}-….svg"
            ));
        }
        let bytes = fs::read(scratch.join(&file))
            .map_err(|e| format!("cannot read {}: {e}", scratch.join(&file).display()))?;
        written.insert(file, bytes);
    }
    if !written.contains_key(&format!("{name}.svg")) {
        return Err(format!(
            "example `{source}` ran but did not draw {}",
            figures.join(format!("{name}.svg")).display()
        ));
    }
    if !output.stdout.is_empty() {
        written.insert(format!("{name}.txt"), output.stdout);
    }
    let mut outputs = BTreeMap::new();
    for (file, bytes) in written {
        let path = figures.join(&file);
        if write_if_changed(&path, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?
        {
            changed.push(file.clone());
        }
        outputs.insert(file, files::fingerprint(&bytes));
    }
    Ok(outputs)
}

/// Whether `file` is one of the names example `name` may write:
/// `NAME.…` or `NAME-….…`.
fn owns(name: &str, file: &str) -> bool {
    let stem = file.split('.').next().unwrap_or_default();
    stem == name || stem.starts_with(&format!("{name}-"))
}

/// Deletes the files in the figures directory that no example wrote.
fn remove_stale(figures: &Path, stamp: &Stamp) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for file in file_names(figures) {
        let written = stamp
            .examples
            .values()
            .any(|record| record.outputs.contains_key(&file));
        if !written {
            files::remove_file(&figures.join(&file))?;
            removed.push(file);
        }
    }
    Ok(removed)
}

/// The names of the files (not directories) in `dir`, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xtask links none of the book's crates, so the variable's name is
    /// written twice; this keeps the two the same.
    #[test]
    fn the_plot_crate_reads_the_same_variable() {
        let plot = include_str!("../../crates/plot/src/lib.rs");
        let declaration = format!("pub const FIGURES_DIR_VAR: &str = {FIGURES_DIR_VAR:?};");
        assert!(
            plot.contains(&declaration),
            "crates/plot/src/lib.rs lacks `{declaration}`"
        );
    }

    const EXE: &str = "/nonexistent/examples/relu";

    fn record() -> Record {
        Record {
            binary: BinaryStamp {
                len: 100,
                modified: 7,
                fingerprint: "42".into(),
            },
            outputs: BTreeMap::from([
                ("relu.svg".into(), "1".into()),
                ("relu.txt".into(), "2".into()),
            ]),
        }
    }

    /// The figures directory as it was when `record()` was written.
    fn as_recorded(file: &str) -> Option<String> {
        record().outputs.get(file).cloned()
    }

    /// A binary as `decide` sees it; `fingerprint: None` means it has not
    /// been read yet (and cannot be: `EXE` does not exist).
    fn binary(len: u64, modified: u64, fingerprint: Option<&str>) -> Binary<'static> {
        let binary = Binary::new(Path::new(EXE), len, modified);
        if let Some(fingerprint) = fingerprint {
            binary.fingerprint.set(Some(fingerprint.into())).unwrap();
        }
        binary
    }

    #[test]
    fn runs_without_a_record() {
        let now = binary(100, 7, Some("42"));
        assert_eq!(
            decide(None, &now, as_recorded),
            Decision::Run(Reason::NoStamp)
        );
    }

    #[test]
    fn skips_an_unchanged_binary_without_reading_it() {
        let now = binary(100, 7, None);
        assert_eq!(
            decide(Some(&record()), &now, as_recorded),
            Decision::UpToDate
        );
        assert_eq!(now.fingerprint.get(), None, "the binary was read");
    }

    #[test]
    fn skips_a_relinked_binary_with_the_same_bytes() {
        let now = binary(100, 8, Some("42"));
        assert_eq!(
            decide(Some(&record()), &now, as_recorded),
            Decision::UpToDate
        );
    }

    #[test]
    fn runs_a_rebuilt_binary() {
        for now in [
            binary(100, 8, Some("43")), // same size, other bytes
            binary(101, 7, None),       // another size: not even read
            binary(100, 8, None),       // new time, unreadable
        ] {
            assert_eq!(
                decide(Some(&record()), &now, as_recorded),
                Decision::Run(Reason::Rebuilt)
            );
        }
    }

    #[test]
    fn runs_when_an_output_is_missing_or_edited() {
        let now = binary(100, 7, None);
        let deleted = |file: &str| as_recorded(file).filter(|_| file != "relu.txt");
        assert_eq!(
            decide(Some(&record()), &now, deleted),
            Decision::Run(Reason::Missing("relu.txt".into()))
        );
        let edited =
            |file: &str| as_recorded(file).map(|f| if file == "relu.svg" { f + "0" } else { f });
        assert_eq!(
            decide(Some(&record()), &now, edited),
            Decision::Run(Reason::Edited("relu.svg".into()))
        );
    }

    #[test]
    fn names_an_example_owns() {
        assert!(owns("softmax", "softmax.svg"));
        assert!(owns("softmax", "softmax-temperature.svg"));
        assert!(owns("softmax", "softmax.txt"));
        assert!(!owns("softmax", "softmax_in_depth.svg"));
        assert!(!owns("relu", "relu6.svg"));
    }

    #[test]
    fn reports_what_ran_and_what_was_up_to_date() {
        let report = Report {
            ran: vec![("relu".into(), Reason::Rebuilt)],
            up_to_date: 24,
            changed: vec!["relu.svg".into()],
            removed: vec![],
        };
        assert_eq!(
            report.to_string(),
            "figures: ran 1 example program (relu: rebuilt), 24 up to date; updated relu.svg"
        );
        let nothing = Report {
            up_to_date: 25,
            ..Report::default()
        };
        assert_eq!(
            nothing.to_string(),
            "figures: ran 0 example programs, 25 up to date; every figure was up to date"
        );
    }
}
