//! Small file helpers shared by the tasks: writing only what changed,
//! removing what may not exist, and fingerprints for the build's stamps.

use crate::Result;
use sha2::{Digest, Sha256};
use std::fs;
use std::io;
use std::path::Path;

/// Writes `contents` to `path` unless the file already holds exactly these
/// bytes; returns whether it wrote. Leaving an unchanged file untouched keeps
/// `mdbook serve` from seeing a change and rebuilding again.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<bool> {
    if fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    // Write beside the target, then rename: a reader never sees half a file.
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, contents)?;
    fs::rename(&tmp, path)?;
    Ok(true)
}

/// Removes a file; one that is already gone is not an error.
pub fn remove_file(path: &Path) -> Result {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Removes a directory and everything in it; one that is already gone is not an error.
pub fn remove_dir(dir: &Path) -> Result {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// The fingerprint of some bytes, to notice that a file changed: their
/// SHA-256, in hex (what `sha256sum` prints).
///
/// SHA-256 rather than std's hasher because xtask is built without
/// optimisation, while its dependencies are built with it: std's hasher would
/// be compiled into xtask and read tens of MB/s, `sha2` reads hundreds.
pub fn fingerprint(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The fingerprint of a file's bytes, or `None` when it cannot be read.
pub fn fingerprint_file(path: &Path) -> Option<String> {
    fs::read(path).ok().map(|bytes| fingerprint(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changed_bytes() {
        let dir = std::env::temp_dir().join(format!("xtask-files-{}", std::process::id()));
        let path = dir.join("a").join("b.txt");
        assert!(write_if_changed(&path, b"one").unwrap());
        assert!(!write_if_changed(&path, b"one").unwrap());
        assert!(write_if_changed(&path, b"two").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fingerprint_file(&path), Some(fingerprint(b"two")));
        remove_dir(&dir).unwrap();
        remove_dir(&dir).unwrap();
        remove_file(&path).unwrap();
        assert_eq!(fingerprint_file(&path), None);
    }

    #[test]
    fn fingerprints_tell_bytes_apart() {
        assert_eq!(
            fingerprint(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(fingerprint(b"svg"), fingerprint(b"svg"));
        assert_ne!(fingerprint(b"svg"), fingerprint(b"svh"));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }
}
