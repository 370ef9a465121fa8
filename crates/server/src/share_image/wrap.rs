//! Setting the share pictures' text in lines: cleaning it, wrapping the title, cutting a line short
//! with an ellipsis. Widths come from the caller, so none of this needs a font.

const ELLIPSIS: &str = "…";
/// Titles and lines come from organisers; past this many characters nothing more could show anyway,
/// and it bounds the work the wrapping does.
const MAX_CHARS: usize = 120;

/// One line of text: whitespace (newlines too) collapsed to single spaces, control characters gone,
/// and no more characters than could ever show.
pub(super) fn clean(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CHARS)
        .collect()
}

/// The title in at most two lines no wider than `max`. Two lines are balanced (the first no longer
/// than it must be) so that "枇杷文化节共富集市" reads 5 + 4 rather than 7 + 2; a title that needs
/// more ends its second line with an ellipsis.
pub(super) fn wrap_title(text: &str, max: f32, width: &dyn Fn(&str) -> f32) -> Vec<String> {
    let lines = wrap(text, max, width);
    match lines.len() {
        0 | 1 => lines,
        2 => {
            // The narrowest measure that still takes two lines; widths only matter to a pixel.
            let (mut lo, mut hi) = (max / 2.0, max);
            while hi - lo > 1.0 {
                let mid = (lo + hi) / 2.0;
                if wrap(text, mid, width).len() <= 2 {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            wrap(text, hi, width)
        }
        _ => {
            let first = lines[0].clone();
            let rest = text.trim()[first.len()..].trim_start();
            vec![first, ellipsise(rest, max, width)]
        }
    }
}

/// Greedy line breaking: each line takes as much as fits, breaking where `can_break_between`
/// allows, or anywhere if one word alone is too wide. The lines are slices of `text` in order,
/// minus the spaces at the breaks, so their lengths add up to find where a line starts.
fn wrap(text: &str, max: f32, width: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let stops = break_points(rest);
        let fits = |end: &usize| width(rest[..*end].trim_end()) <= max;
        let end = stops
            .iter()
            .copied()
            .take_while(fits)
            .last()
            .or_else(|| char_ends(rest).take_while(fits).last())
            // Not even one character fits: take it anyway, or the loop would never end.
            .unwrap_or_else(|| char_ends(rest).next().unwrap_or(rest.len()));
        lines.push(rest[..end].trim_end().to_string());
        rest = rest[end..].trim_start();
    }
    lines
}

/// Byte offsets where a line may end: before a character a line may start with, and the very end.
fn break_points(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut stops: Vec<usize> = chars
        .windows(2)
        .filter(|pair| can_break_between(pair[0].1, pair[1].1))
        .map(|pair| pair[1].0)
        .collect();
    stops.push(text.len());
    stops
}

fn char_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().map(|(i, c)| i + c.len_utf8())
}

/// After a space; or next to a CJK character, except before closing punctuation ("，" "。" "）")
/// or after opening punctuation ("（" "《"), which a line must not start or end with.
fn can_break_between(before: char, after: char) -> bool {
    if is_closing(after) || is_opening(before) {
        return false;
    }
    before == ' ' || is_cjk(before) || is_cjk(after)
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'     // radicals, punctuation, kana, CJK ideographs
        | '\u{AC00}'..='\u{D7AF}'   // Hangul
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms
        | '\u{20000}'..='\u{3FFFF}' // ideograph extensions
    )
}

pub(super) fn is_closing(c: char) -> bool {
    "，。、；：！？）》」』】〕〉”’…·,.;:!?)]}%".contains(c)
}

pub(super) fn is_opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

fn is_separator(c: char) -> bool {
    "·・，、；：,;:-–—/|".contains(c)
}

/// `text` cut short with an ellipsis if it is wider than `max`.
pub(super) fn ellipsise(text: &str, max: f32, width: &dyn Fn(&str) -> f32) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    // A separator left hanging before the ellipsis ("超山村 ·…") reads as a mistake.
    let shortened = |end: usize| {
        let kept = text[..end].trim_end_matches(|c: char| c.is_whitespace() || is_separator(c));
        format!("{kept}{ELLIPSIS}")
    };
    text.char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .take_while(|&end| width(&shortened(end)) <= max)
        .last()
        .map(shortened)
        .unwrap_or_else(|| ELLIPSIS.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide, so wrapping is checked without a font.
    fn monospace(text: &str) -> f32 {
        text.chars().count() as f32
    }

    #[test]
    fn a_two_line_title_is_balanced() {
        assert_eq!(
            wrap_title("枇杷文化节共富集市", 7.0, &monospace),
            ["枇杷文化节", "共富集市"]
        );
        assert_eq!(wrap_title("共富集市", 7.0, &monospace), ["共富集市"]);
    }

    #[test]
    fn a_title_breaks_between_words_and_not_before_closing_punctuation() {
        assert_eq!(
            wrap("Spring market today", 12.0, &monospace),
            ["Spring", "market today"]
        );
        assert_eq!(
            wrap("集市开张了，欢迎", 5.0, &monospace),
            ["集市开张", "了，欢迎"]
        );
        // A word too long for a line breaks anywhere rather than overflowing.
        assert_eq!(wrap("abcdefgh", 3.0, &monospace), ["abc", "def", "gh"]);
    }

    #[test]
    fn a_too_long_title_ends_in_an_ellipsis() {
        let lines = wrap_title("一二三四五六七八九十甲乙丙丁", 5.0, &monospace);
        assert_eq!(lines, ["一二三四五", "六七八九…"]);
    }

    #[test]
    fn a_too_wide_line_is_ellipsised() {
        assert_eq!(
            ellipsise("塘栖镇 · 超山村", 20.0, &monospace),
            "塘栖镇 · 超山村"
        );
        assert_eq!(ellipsise("塘栖镇 · 超山村", 6.0, &monospace), "塘栖镇…");
        assert_eq!(ellipsise("塘栖镇", 0.5, &monospace), "…");
        assert_eq!(ellipsise("8:00–12:00", 6.0, &monospace), "8:00…");
    }

    #[test]
    fn text_is_cleaned_and_bounded() {
        assert_eq!(clean("  春节\n集市\t 开张 "), "春节 集市 开张");
        assert_eq!(clean(&"集".repeat(10_000)).chars().count(), MAX_CHARS);
    }
}
