//! Included code without the indentation of its surroundings.
//!
//! An anchor inside an `impl` block (`// ANCHOR: forward` in `src/mlp.rs`)
//! includes a method indented by four spaces, and mdBook's `{{#include}}`
//! keeps that indentation: on the page every line starts four columns to the
//! right, and in the PDF long lines wrap sooner. This pass runs after `links`
//! has expanded the includes and removes the indentation common to all lines
//! of each `rs` code block (the book's fence for included code), exactly as
//! an editor's "dedent" would. Other fences (`rust` doctests, `text` output)
//! are left as they are.

/// The chapter with the common leading spaces of every `rs` block removed.
pub fn dedent_included_code(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut block: Option<(String, Vec<&str>)> = None; // (closing fence, lines)
    for line in content.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        match &mut block {
            None => {
                out.push_str(line);
                if let Some(fence) = opening_rs_fence(trimmed) {
                    block = Some((fence, Vec::new()));
                }
            }
            Some((fence, lines)) => {
                if trimmed.trim_start() == fence.as_str() {
                    push_dedented(&mut out, lines);
                    out.push_str(line);
                    block = None;
                } else {
                    lines.push(line);
                }
            }
        }
    }
    if let Some((_, lines)) = block {
        // An unclosed fence: leave its lines as they were.
        lines.iter().for_each(|l| out.push_str(l));
    }
    out
}

/// The closing fence (the same run of backticks) if `line` opens an `rs` block.
fn opening_rs_fence(line: &str) -> Option<String> {
    let line = line.trim_start();
    let ticks = line.len() - line.trim_start_matches('`').len();
    let info = line[ticks..].trim();
    (ticks >= 3 && info.split([' ', ',']).next() == Some("rs")).then(|| "`".repeat(ticks))
}

fn push_dedented(out: &mut String, lines: &[&str]) {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    for line in lines {
        if line.trim().is_empty() {
            out.push_str(line.trim_start_matches(' ')); // keeps the line break
        } else {
            out.push_str(&line[indent..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_the_common_indentation_of_rs_blocks() {
        let chapter = "Text\n\n```rs\n    pub fn f() {\n\n        g();\n    }\n```\n";
        assert_eq!(
            dedent_included_code(chapter),
            "Text\n\n```rs\npub fn f() {\n\n    g();\n}\n```\n"
        );
    }

    #[test]
    fn leaves_other_fences_and_unindented_code_alone() {
        let chapter =
            "```rust\n    let x = 1;\n```\n```text\n  out\n```\n```rs\nfn f() {}\n    // x\n```\n";
        assert_eq!(dedent_included_code(chapter), chapter);
    }

    #[test]
    fn keeps_an_unclosed_fence_unchanged() {
        let chapter = "```rs\n    a\n";
        assert_eq!(dedent_included_code(chapter), chapter);
    }
}
