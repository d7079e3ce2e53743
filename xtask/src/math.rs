//! Keeps Markdown away from the MathML that mdbook-katex writes.
//!
//! mdbook-katex replaces `$…$` with MathML *before* mdBook parses the
//! Markdown, and that MathML still contains Markdown's special characters: the
//! TeX source in `<annotation>` (`x_i`, `a*b`) and some operators (`\tilde`
//! is drawn as `<mo>~</mo>`). The parser then reads `_…_` as emphasis or
//! `~…~` as strikethrough, cutting the formula's tags apart. Inside each
//! `<math>` element we therefore write those characters as numeric character
//! references, which Markdown leaves alone and the browser shows unchanged.
//!
//! The TeX source itself (`<annotation encoding="application/x-tex">`) is
//! dropped: browsers do not show it, but mdBook's search index would, so the
//! search teasers would read `\mathbb{R}^K` next to the formula.

/// Characters with a meaning in (CommonMark + GFM) inline Markdown.
const SPECIAL: [char; 7] = ['\\', '_', '*', '~', '`', '[', ']'];

/// `content` with Markdown's special characters escaped in the text (not the
/// tags) of every `<math>…</math>` element.
pub fn protect(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("<math") {
        let Some(len) = rest[start..].find("</math>") else {
            break;
        };
        let end = start + len + "</math>".len();
        out.push_str(&rest[..start]);
        escape_text(&without_tex_source(&rest[start..end]), &mut out);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `math` without its `<annotation encoding="application/x-tex">` element.
fn without_tex_source(math: &str) -> String {
    const OPEN: &str = "<annotation encoding=\"application/x-tex\">";
    match (math.find(OPEN), math.find("</annotation>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{}", &math[..start], &math[end + "</annotation>".len()..])
        }
        _ => math.to_owned(),
    }
}

/// Copies `math`, escaping special characters outside `<…>` tags.
fn escape_text(math: &str, out: &mut String) {
    let mut in_tag = false;
    for c in math.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if !in_tag && SPECIAL.contains(&c) {
            out.push_str(&format!("&#{};", c as u32));
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_but_not_tags() {
        let math = r#"a_b <math display="x_y"><mi>x_</mi><mo>~</mo></math> c_d"#;
        assert_eq!(
            protect(math),
            r#"a_b <math display="x_y"><mi>x&#95;</mi><mo>&#126;</mo></math> c_d"#
        );
    }

    #[test]
    fn drops_the_tex_source() {
        let math = r#"<math><semantics><mi>x</mi><annotation encoding="application/x-tex">x_i * y</annotation></semantics></math>"#;
        assert_eq!(
            protect(math),
            "<math><semantics><mi>x</mi></semantics></math>"
        );
    }

    #[test]
    fn leaves_text_without_math_alone() {
        let text = "no *math* here, `code_with_underscores`";
        assert_eq!(protect(text), text);
        assert_eq!(protect("<math> unclosed _"), "<math> unclosed _");
    }
}
