//! Keeps Markdown away from the MathML that mdbook-katex writes.
//!
//! mdbook-katex replaces `$…$` with MathML *before* mdBook parses the
//! Markdown, and that MathML still contains Markdown's special characters: the
//! TeX source in `<annotation>` (`x_i`, `a*b`) and some operators (`\tilde`
//! is drawn as `<mo>~</mo>`). The parser then reads `_…_` as emphasis or
//! `~…~` as strikethrough, cutting the formula's tags apart. Inside each
//! `<math>` element we therefore write those characters as numeric character
//! references, which Markdown leaves alone and the browser shows unchanged.

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
        escape_text(&rest[start..end], &mut out);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
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
        let math = r#"a_b <math display="x_y"><mi>x</mi><mo>~</mo><annotation>x_i * y_i</annotation></math> c_d"#;
        assert_eq!(
            protect(math),
            r#"a_b <math display="x_y"><mi>x</mi><mo>&#126;</mo><annotation>x&#95;i &#42; y&#95;i</annotation></math> c_d"#
        );
    }

    #[test]
    fn leaves_text_without_math_alone() {
        let text = "no *math* here, `code_with_underscores`";
        assert_eq!(protect(text), text);
        assert_eq!(protect("<math> unclosed _"), "<math> unclosed _");
    }
}
