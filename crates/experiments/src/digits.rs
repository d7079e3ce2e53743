//! The UCI handwritten digits (Alpaydin & Kaynak 1998), in the copy that
//! scikit-learn ships: `data/digits.csv.gz` (see `data/DIGITS.md` for its
//! source, licence and checksum). 1,797 images of 8 × 8 pixels with values
//! 0–16, and the digit each shows. Nothing is downloaded: the file is part
//! of the repository, and a test checks its SHA-256.

use crate::mlp::Sample;
use crate::random::rng;
use flate2::read::GzDecoder;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::error::Error;
use std::fs;
use std::path::PathBuf;

/// The SHA-256 of `data/digits.csv.gz`, as `data/DIGITS.md` states it.
pub const SHA256: &str = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";
/// Pixels per image (8 × 8), and the classes (the digits 0–9).
pub const PIXELS: usize = 64;
pub const CLASSES: usize = 10;

/// The path of the compressed file in the repository.
pub fn path() -> PathBuf {
    [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "data",
        "digits.csv.gz",
    ]
    .iter()
    .collect()
}

/// The SHA-256 of `bytes` as lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ANCHOR: load
/// Reads the images: each line of the CSV (no header) holds the 64 pixels
/// row by row, then the label. The pixels are scaled from 0–16 to 0–1, the
/// network's input. Refuses a file whose checksum is not [`SHA256`], and
/// any line that is not 64 pixels in 0–16 and a label in 0–9.
pub fn load() -> Result<Vec<Sample>, Box<dyn Error>> {
    let bytes = fs::read(path()).map_err(|e| format!("cannot read {}: {e}", path().display()))?;
    let sum = sha256_hex(&bytes);
    if sum != SHA256 {
        return Err(format!("data/digits.csv.gz has SHA-256 {sum}, not {SHA256}").into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(GzDecoder::new(bytes.as_slice()));
    let mut samples = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record?;
        let values: Vec<u8> = record
            .iter()
            .map(|v| v.trim().parse::<u8>())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("line {}: {e}", line + 1))?;
        let (label, pixels) = match values.split_last() {
            Some((&label, pixels)) if pixels.len() == PIXELS => (label as usize, pixels),
            _ => return Err(format!("line {}: {} values, not 65", line + 1, values.len()).into()),
        };
        if label >= CLASSES || pixels.iter().any(|&p| p > 16) {
            return Err(format!("line {}: a pixel above 16 or a label above 9", line + 1).into());
        }
        let input = pixels.iter().map(|&p| f64::from(p) / 16.0).collect();
        samples.push(Sample { input, label });
    }
    Ok(samples)
}
// ANCHOR_END: load

// ANCHOR: split
/// A fixed, seeded split into training, validation and test sets: the
/// images are shuffled by the generator seeded with `seed`, then cut into
/// 60%, 20% and 20%. The seed of the split is fixed by the experiment, not
/// by the seed of a training run, so that every run is tested on the same
/// images.
pub fn split(data: &[Sample], seed: u64) -> (Vec<Sample>, Vec<Sample>, Vec<Sample>) {
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = rng(seed);
    for i in (1..order.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let pick = |range: &[usize]| range.iter().map(|&i| data[i].clone()).collect();
    let (a, b) = (data.len() * 3 / 5, data.len() * 4 / 5);
    (pick(&order[..a]), pick(&order[a..b]), pick(&order[b..]))
}
// ANCHOR_END: split

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_the_one_described() {
        let bytes = fs::read(path()).unwrap();
        assert_eq!(sha256_hex(&bytes), SHA256);
        // The checksum that data/DIGITS.md states is the same.
        let described = fs::read_to_string(path().with_file_name("DIGITS.md")).unwrap();
        assert!(described.contains(SHA256));
        let data = load().unwrap();
        assert_eq!(data.len(), 1797);
        // 1,797 images, as the UCI description of its test set states; the
        // count of each digit 0–9 as counted independently of this loader
        // (`zcat data/digits.csv.gz | cut -d, -f65 | sort | uniq -c`).
        let mut counts = [0; CLASSES];
        for s in &data {
            counts[s.label] += 1;
        }
        assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        // Pixels scaled to [0, 1]; the corners of an 8 × 8 digit are
        // almost always empty, its centre almost never.
        assert!(
            data.iter()
                .all(|s| s.input.iter().all(|&p| (0.0..=1.0).contains(&p)))
        );
        let mean = |k: usize| data.iter().map(|s| s.input[k]).sum::<f64>() / data.len() as f64;
        assert!(mean(0) < 0.01 && mean(3 * 8 + 3) > 0.4);
    }

    #[test]
    fn sha256_of_known_strings() {
        // FIPS 180-2 test vectors.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_split_is_seeded_disjoint_and_complete() {
        let data = load().unwrap();
        let (train, validation, test) = split(&data, 1998);
        assert_eq!(
            (train.len(), validation.len(), test.len()),
            (1078, 359, 360)
        );
        assert_eq!(split(&data, 1998).2, test);
        assert_ne!(split(&data, 1999).2, test);
        // Every image lands in exactly one part: the multiset of all three
        // parts is the data set.
        let key = |s: &Sample| format!("{:?}{}", s.input, s.label);
        let mut all: Vec<String> = train
            .iter()
            .chain(&validation)
            .chain(&test)
            .map(key)
            .collect();
        let mut original: Vec<String> = data.iter().map(key).collect();
        all.sort();
        original.sort();
        assert_eq!(all, original);
        // Every digit is in the test set.
        assert!((0..CLASSES).all(|d| test.iter().any(|s| s.label == d)));
    }
}
