//! Share pictures: the 500×400 PNG that a shared link shows in chat apps (WeChat's card thumbnail,
//! a page's `og:image`).
//!
//! A villager decides whether to tap a forwarded link from that one small picture, so it says what
//! the market is, when and where, in large type on the app's colours. The text is drawn here on the
//! server with a CJK font found on the machine: a font is 20 MB, too much to ship in the repository
//! or the binary. Without one the picture still carries the colours and a market-stall pictogram,
//! so a shared link never shows a broken or blank image.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{Rgb, RgbImage};

/// What a share picture says.
pub struct ShareText<'a> {
    /// Large, up to two lines (wrapped by width; CJK may break between any characters; an ellipsis
    /// "…" if it needs more).
    pub title: &'a str,
    /// Lines under it, smaller (e.g. the day and hours; the place). Each one line, ellipsised if
    /// too wide.
    pub lines: &'a [&'a str],
}

/// The PNG bytes. Never fails: with no CJK font on the machine it draws the colours and a simple
/// market-stall pictogram (an awning with stripes over a counter, shapes only) without the text.
pub fn draw(text: &ShareText<'_>) -> Vec<u8> {
    let typeface = font().and_then(LoadedFont::typeface);
    encode_png(&draw_with(typeface.as_ref(), text))
}

/// Whether a font was found (for logs).
pub fn has_font() -> bool {
    font().is_some()
}

// -------------------------------------------------------------------------------------------------
// Finding the font

/// A font file to use instead of the usual places.
const FONT_ENV: &str = "JISHI_SHARE_FONT";

/// Where Debian's CJK font packages put their files, the bold one first: the title reads best in
/// bold.
const FONT_PATHS: [&str; 4] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
];

/// Faces from this weight up (OS/2's scale) are drawn as they are; lighter ones get thickened.
const BOLD_WEIGHT: u16 = 600;

/// A font file read whole, and which face of it to draw with.
struct LoadedFont {
    data: Vec<u8>,
    index: u32,
    bold: bool,
}

/// The face to draw with, ready for ab_glyph.
struct Typeface<'a> {
    font: FontRef<'a>,
    /// Whether the face is bold already; a regular one gets its text thickened.
    bold: bool,
}

impl LoadedFont {
    /// Parsing only reads the table directory and a few subtable offsets, so it is done per picture
    /// rather than keeping a self-referencing parsed face next to its bytes.
    fn typeface(&self) -> Option<Typeface<'_>> {
        let font = FontRef::try_from_slice_and_index(&self.data, self.index).ok()?;
        Some(Typeface {
            font,
            bold: self.bold,
        })
    }
}

/// The font, looked for and read once per process: the file is large and the answer never changes.
fn font() -> Option<&'static LoadedFont> {
    static FONT: OnceLock<Option<LoadedFont>> = OnceLock::new();
    FONT.get_or_init(find_font).as_ref()
}

fn find_font() -> Option<LoadedFont> {
    let from_env = std::env::var_os(FONT_ENV).map(PathBuf::from);
    if let Some(path) = from_env.as_ref().filter(|path| !path.exists()) {
        tracing::warn!(
            path = %path.display(),
            "share pictures: {FONT_ENV} names no file; looking in the usual places"
        );
    }
    let candidates = from_env
        .into_iter()
        .chain(FONT_PATHS.iter().map(PathBuf::from));
    let found = candidates
        .filter(|path| path.exists())
        .find_map(|path| load_font(&path).map(|font| (path, font)));
    match found {
        Some((path, font)) => {
            tracing::info!(
                path = %path.display(),
                face = font.index,
                bold = font.bold,
                "share pictures: font found"
            );
            Some(font)
        }
        None => {
            tracing::warn!(
                "share pictures: no CJK font found (set {FONT_ENV} or install fonts-noto-cjk); \
                 they will show colours and a pictogram without text"
            );
            None
        }
    }
}

fn load_font(path: &Path) -> Option<LoadedFont> {
    let data = match std::fs::read(path) {
        Ok(data) => data,
        Err(error) => {
            tracing::warn!(
                path = %path.display(),
                %error,
                "share pictures: cannot read the font"
            );
            return None;
        }
    };
    let Some((index, bold)) = pick_face(&data) else {
        tracing::warn!(
            path = %path.display(),
            "share pictures: not a font file we can read"
        );
        return None;
    };
    // ab_glyph parses more strictly than the name lookup needs; check now rather than per picture.
    if FontRef::try_from_slice_and_index(&data, index).is_err() {
        tracing::warn!(
            path = %path.display(),
            "share pictures: the font's outlines cannot be read"
        );
        return None;
    }
    Some(LoadedFont { data, index, bold })
}

/// The face to use in a font file or collection, and whether it is bold. A CJK collection holds the
/// same design for several regions; Simplified Chinese ("… SC") has the character shapes villagers
/// read, where the Japanese or Traditional face would draw some of them differently.
fn pick_face(data: &[u8]) -> Option<(u32, bool)> {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let faces =
        || (0..count).filter_map(|index| Some((index, ttf_parser::Face::parse(data, index).ok()?)));
    let (index, face) = faces()
        .find(|(_, face)| is_simplified_chinese(face))
        .or_else(|| faces().find(|(index, _)| *index == 0))?;
    Some((index, face.weight().to_number() >= BOLD_WEIGHT))
}

fn is_simplified_chinese(face: &ttf_parser::Face<'_>) -> bool {
    face.names()
        .into_iter()
        .filter(|name| {
            name.name_id == ttf_parser::name_id::FAMILY
                || name.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
        })
        .filter_map(|name| name.to_string())
        .any(|family| family.contains(" SC"))
}

// -------------------------------------------------------------------------------------------------
// The picture

const WIDTH: u32 = 500;
const HEIGHT: u32 = 400;

const BRAND: Rgb<u8> = Rgb([0xb9, 0x3d, 0x0c]);
const CARD: Rgb<u8> = Rgb([0xff, 0xf3, 0xec]);
const TITLE: Rgb<u8> = Rgb([0x8a, 0x2c, 0x06]);
const INK: Rgb<u8> = Rgb([0x1c, 0x19, 0x17]);
const WHITE: Rgb<u8> = Rgb([0xff, 0xff, 0xff]);
/// The awning's pale stripes: a tint of the brand that shows on the card and on the brand alike.
const TINT: Rgb<u8> = Rgb([0xf4, 0xb8, 0x96]);
/// Fruit on the stall's counter.
const AMBER: Rgb<u8> = Rgb([0xf0, 0x9a, 0x1a]);

/// The card sits on the brand colour with this margin on three sides; the fourth holds the footer.
const INSET: f32 = 24.0;
const CARD_BOTTOM: f32 = 322.0;
const CARD_RADIUS: f32 = 22.0;
/// Space between the card's edges and its text.
const PAD_X: f32 = 30.0;
const PAD_Y: f32 = 26.0;

/// Type sizes are em sizes (CSS `font-size`), so they mean the same whatever a font's line metrics.
/// Shrunk to the ~100 px WeChat shows, the title is still ~10 px tall.
const TITLE_EM: f32 = 52.0;
const TITLE_LEADING: f32 = 1.22;
const LINE_EM: f32 = 30.0;
const LINE_LEADING: f32 = 1.45;
const FOOTER_EM: f32 = 25.0;
/// Between the title and the lines, holding a short rule.
const TITLE_GAP: f32 = 30.0;

const FOOTER_TEXT: &str = "集市通 · 助富集市";
const ELLIPSIS: &str = "…";
/// Titles and lines come from organisers; past this many characters nothing more could show anyway,
/// and it bounds the work the wrapping does.
const MAX_CHARS: usize = 120;

fn card_rect() -> Rect {
    Rect::new(INSET, INSET, WIDTH as f32 - INSET, CARD_BOTTOM)
}

/// With no text there is no footer either, and the card takes the same margin all round.
fn card_rect_without_text() -> Rect {
    Rect::new(INSET, INSET, WIDTH as f32 - INSET, HEIGHT as f32 - INSET)
}

/// The text's box inside the card.
fn text_rect() -> Rect {
    card_rect().inset(PAD_X, PAD_Y)
}

/// The footer's band under the card.
fn footer_rect() -> Rect {
    Rect::new(0.0, CARD_BOTTOM, WIDTH as f32, HEIGHT as f32)
}

/// Where the fallback draws its large stall: centred in the card.
fn fallback_stall_rect() -> Rect {
    let (w, h) = (240.0, 186.0);
    let card = card_rect_without_text();
    let (cx, cy) = card.centre();
    Rect::new(cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0)
}

/// The picture, with the text if there is a face to draw it with, else with the pictogram in its
/// place.
fn draw_with(face: Option<&Typeface<'_>>, text: &ShareText<'_>) -> RgbImage {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, BRAND);
    let card = if face.is_some() {
        card_rect()
    } else {
        card_rect_without_text()
    };
    fill(&mut img, CARD, card, |x, y| {
        rounded_box(card, CARD_RADIUS, x, y)
    });
    match face {
        Some(face) => {
            draw_text(&mut img, face, text);
            draw_footer(&mut img, face);
        }
        None => draw_stall(&mut img, fallback_stall_rect(), &StallColours::ON_CARD),
    }
    img
}

fn encode_png(img: &RgbImage) -> Vec<u8> {
    let mut png = Vec::new();
    // The default level: on these flat colours it came out no larger than `Best` (~30 KB) in a
    // third of the time (~3.5 ms against ~10).
    let encoder =
        PngEncoder::new_with_quality(&mut png, CompressionType::Default, FilterType::Adaptive);
    // Writing to memory has no I/O to fail, and an image's buffer matches its dimensions by
    // construction.
    img.write_with_encoder(encoder)
        .expect("a PNG encodes into memory");
    png
}

// -------------------------------------------------------------------------------------------------
// Text

/// The text block: the title, a short rule, then as many lines as fit, all vertically centred in
/// the card.
fn draw_text(img: &mut RgbImage, face: &Typeface<'_>, text: &ShareText<'_>) {
    let area = text_rect();
    let title_style = Style::new(face, TITLE_EM, TITLE_LEADING, 0.9);
    let line_style = Style::new(face, LINE_EM, LINE_LEADING, 0.5);

    let title = wrap_title(&clean(text.title), area.width(), &|s: &str| {
        title_style.width(s)
    });
    let title_height = title.len() as f32 * title_style.line_height;
    let room = (area.height() - title_height - TITLE_GAP) / line_style.line_height;
    let lines: Vec<String> = text
        .lines
        .iter()
        .map(|line| clean(line))
        .filter(|line| !line.is_empty())
        .take(room.max(0.0) as usize)
        .map(|line| ellipsise(&line, area.width(), &|s: &str| line_style.width(s)))
        .collect();
    let lines_height = match lines.len() {
        0 => 0.0,
        n => TITLE_GAP + n as f32 * line_style.line_height,
    };

    let top = area.y0 + (area.height() - title_height - lines_height) / 2.0;
    let below_title = paint_lines(img, &title_style, &title, area.x0, top, TITLE);
    if !lines.is_empty() {
        let (y, half) = (below_title + TITLE_GAP / 2.0, 2.5);
        let rule = Rect::new(area.x0, y - half, area.x0 + 44.0, y + half);
        fill(img, BRAND, rule, |x, y| rounded_box(rule, half, x, y));
        paint_lines(
            img,
            &line_style,
            &lines,
            area.x0,
            below_title + TITLE_GAP,
            INK,
        );
    }
}

/// Lines one under the other from (`x`, `top`); returns where the next would start.
fn paint_lines(
    img: &mut RgbImage,
    style: &Style<'_, '_>,
    lines: &[impl AsRef<str>],
    x: f32,
    top: f32,
    colour: Rgb<u8>,
) -> f32 {
    let mut mask = Mask::new();
    let mut y = top;
    for line in lines {
        style.stamp(&mut mask, line.as_ref(), x, y);
        y += style.line_height;
    }
    mask.paint(img, colour);
    y
}

/// The app's name on the brand band, after a small stall, centred together.
fn draw_footer(img: &mut RgbImage, face: &Typeface<'_>) {
    let band = footer_rect();
    let style = Style::new(face, FOOTER_EM, band.height() / FOOTER_EM, 0.5);
    let (icon_w, icon_h, gap) = (38.0, 30.0, 12.0);
    let x = ((band.width() - (icon_w + gap + style.width(FOOTER_TEXT))) / 2.0).round();
    let (_, cy) = band.centre();
    let icon = Rect::new(x, cy - icon_h / 2.0, x + icon_w, cy + icon_h / 2.0);
    draw_stall(img, icon, &StallColours::ON_BRAND);
    paint_lines(
        img,
        &style,
        &[FOOTER_TEXT],
        x + icon_w + gap,
        band.y0,
        WHITE,
    );
}

/// One line of text: whitespace (newlines too) collapsed to single spaces, control characters gone,
/// and no more characters than could ever show.
fn clean(text: &str) -> String {
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
fn wrap_title(text: &str, max: f32, width: &dyn Fn(&str) -> f32) -> Vec<String> {
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

fn is_closing(c: char) -> bool {
    "，。、；：！？）》」』】〕〉”’…·,.;:!?)]}%".contains(c)
}

fn is_opening(c: char) -> bool {
    "（《「『【〔〈“‘([{".contains(c)
}

fn is_separator(c: char) -> bool {
    "·・，、；：,;:-–—/|".contains(c)
}

/// `text` cut short with an ellipsis if it is wider than `max`.
fn ellipsise(text: &str, max: f32, width: &dyn Fn(&str) -> f32) -> String {
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

/// How one kind of text is set: a face at an em size, the height of its lines, and how to thicken
/// it if the face is not bold.
struct Style<'f, 'a> {
    font: ab_glyph::PxScaleFont<&'f FontRef<'a>>,
    em: f32,
    line_height: f32,
    /// A regular face gets a second pass this far to the right, a cheap bold: the picture is mostly
    /// seen shrunk, where thin strokes fade.
    thicken: Option<f32>,
}

impl<'f, 'a> Style<'f, 'a> {
    /// ab_glyph's scale is the height from descender to ascender; a CJK face's is ~1.45 em, so an
    /// em size is converted through the font's own metrics.
    fn new(face: &'f Typeface<'a>, em: f32, leading: f32, thicken: f32) -> Self {
        let units_per_em = face.font.units_per_em().unwrap_or(1000.0);
        let scale = PxScale::from(em * face.font.height_unscaled() / units_per_em);
        Style {
            font: face.font.as_scaled(scale),
            em,
            line_height: em * leading,
            thicken: (!face.bold).then_some(thicken),
        }
    }

    /// Each character's glyph and its pen position, with the font's advances and kerning.
    fn layout(&self, text: &str) -> (Vec<(GlyphId, f32)>, f32) {
        let chars: Vec<char> = text.chars().collect();
        let mut placed = Vec::new();
        let mut x = 0.0;
        let mut previous = None;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' '
                && (self.is_wide_punctuation(chars.get(i.wrapping_sub(1)))
                    || self.is_wide_punctuation(chars.get(i + 1)))
            {
                continue;
            }
            let id = self.font.glyph_id(c);
            if let Some(previous) = previous {
                x += self.font.kern(previous, id);
            }
            placed.push((id, x));
            x += self.font.h_advance(id);
            previous = Some(id);
        }
        (placed, x)
    }

    /// Full-width punctuation carries its own space, so a space typed beside it (as in "超山村 · 北门")
    /// would leave a gap of two; CJK typesetting drops it.
    fn is_wide_punctuation(&self, c: Option<&char>) -> bool {
        c.is_some_and(|&c| {
            (is_closing(c) || is_opening(c))
                && self.font.h_advance(self.font.glyph_id(c)) >= 0.8 * self.em
        })
    }

    fn width(&self, text: &str) -> f32 {
        self.layout(text).1
    }

    /// Adds one line's coverage to `mask`, from `x` and vertically centred in the line starting at
    /// `top`. Missing glyphs (id 0, which fonts draw as an empty box) only take their advance.
    fn stamp(&self, mask: &mut Mask, text: &str, x: f32, top: f32) {
        // Centre the ideographic em box (baseline −0.12 em to +0.88 em) rather than ascender and
        // descender, which CJK fonts set unevenly; Latin letters sit on the same baseline.
        let baseline = top + self.line_height / 2.0 + 0.38 * self.em;
        let (placed, _) = self.layout(text);
        for (id, pen) in placed.into_iter().filter(|(id, _)| id.0 != 0) {
            for dx in std::iter::once(0.0).chain(self.thicken) {
                let glyph =
                    id.with_scale_and_position(self.font.scale(), point(x + pen + dx, baseline));
                let Some(outline) = self.font.outline_glyph(glyph) else {
                    continue;
                };
                let bounds = outline.px_bounds();
                let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
                outline
                    .draw(|gx, gy, coverage| mask.add(left + gx as i32, top + gy as i32, coverage));
            }
        }
    }
}

/// Text coverage for the whole picture, painted in one colour at the end. Overlapping glyphs and
/// the bold pass take the larger coverage rather than blending twice, which would darken their
/// edges.
struct Mask(Vec<f32>);

impl Mask {
    fn new() -> Self {
        Mask(vec![0.0; (WIDTH * HEIGHT) as usize])
    }

    fn add(&mut self, x: i32, y: i32, coverage: f32) {
        if (0..WIDTH as i32).contains(&x) && (0..HEIGHT as i32).contains(&y) {
            let cell = &mut self.0[(y as u32 * WIDTH + x as u32) as usize];
            *cell = cell.max(coverage.min(1.0));
        }
    }

    fn paint(&self, img: &mut RgbImage, colour: Rgb<u8>) {
        for (coverage, pixel) in self.0.iter().zip(img.pixels_mut()) {
            if *coverage > 0.0 {
                *pixel = blend(*pixel, colour, *coverage);
            }
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Shapes

/// An axis-aligned box in pixel coordinates (edges between pixels).
#[derive(Clone, Copy)]
struct Rect {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Rect {
    fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Rect { x0, y0, x1, y1 }
    }
    fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    fn centre(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    fn inset(&self, dx: f32, dy: f32) -> Self {
        Rect::new(self.x0 + dx, self.y0 + dy, self.x1 - dx, self.y1 - dy)
    }
    /// A box at fractions of this one's width and height: the pictogram is drawn at any size.
    fn part(&self, fx0: f32, fy0: f32, fx1: f32, fy1: f32) -> Self {
        let (w, h) = (self.width(), self.height());
        Rect::new(
            self.x0 + fx0 * w,
            self.y0 + fy0 * h,
            self.x0 + fx1 * w,
            self.y0 + fy1 * h,
        )
    }
}

/// The pictogram's colours, for the card or for the brand-coloured footer.
struct StallColours {
    stripe: Rgb<u8>,
    pale_stripe: Rgb<u8>,
    wood: Rgb<u8>,
    fruit: Option<Rgb<u8>>,
}

impl StallColours {
    const ON_CARD: StallColours = StallColours {
        stripe: BRAND,
        pale_stripe: TINT,
        wood: TITLE,
        fruit: Some(AMBER),
    };
    /// Small and on the brand: two tones of white, and no fruit, which would be specks at that
    /// size.
    const ON_BRAND: StallColours = StallColours {
        stripe: WHITE,
        pale_stripe: TINT,
        wood: WHITE,
        fruit: None,
    };
}

/// A market stall filling `area`: a striped awning with a scalloped edge, two posts, a counter.
fn draw_stall(img: &mut RgbImage, area: Rect, colours: &StallColours) {
    const STRIPES: usize = 5;
    let awning = area.part(0.0, 0.0, 1.0, 0.34);
    let inset = 0.08 * area.width();
    // The awning is a trapezoid, narrower at the top, as if seen slightly from below.
    let corners = [
        (awning.x0 + inset, awning.y0),
        (awning.x1 - inset, awning.y0),
        (awning.x1, awning.y1),
        (awning.x0, awning.y1),
    ];
    let stripe_w = awning.width() / STRIPES as f32;

    for post in [
        area.part(0.07, 0.3, 0.13, 0.72),
        area.part(0.87, 0.3, 0.93, 0.72),
    ] {
        fill(img, colours.wood, post, |x, y| rounded_box(post, 0.0, x, y));
    }

    // The pale colour under the whole awning, then the strong stripes on top: shared edges are
    // anti-aliased against each other instead of leaving a seam of the card showing through.
    fill(img, colours.pale_stripe, awning, |x, y| {
        convex(&corners, x, y)
    });
    for i in (0..STRIPES).step_by(2) {
        let band = Rect::new(
            awning.x0 + i as f32 * stripe_w,
            awning.y0,
            awning.x0 + (i + 1) as f32 * stripe_w,
            awning.y1,
        );
        fill(img, colours.stripe, band, |x, y| {
            convex(&corners, x, y).max(rounded_box(band, 0.0, x, y))
        });
    }
    for i in 0..STRIPES {
        let colour = if i % 2 == 0 {
            colours.stripe
        } else {
            colours.pale_stripe
        };
        let (cx, r) = (awning.x0 + (i as f32 + 0.5) * stripe_w, stripe_w / 2.0);
        let bounds = Rect::new(cx - r, awning.y1 - 1.0, cx + r, awning.y1 + r);
        // The lower half only: the upper half would blur the awning's edge.
        fill(img, colour, bounds, |x, y| {
            circle(cx, awning.y1, r, x, y).max(awning.y1 - 0.5 - y)
        });
    }

    if let Some(fruit) = colours.fruit {
        let r = 0.055 * area.width();
        let top = area.y0 + 0.72 * area.height();
        for fx in [0.29, 0.43, 0.57, 0.71] {
            let cx = area.x0 + fx * area.width();
            let bounds = Rect::new(cx - r, top - 2.0 * r, cx + r, top);
            fill(img, fruit, bounds, |x, y| circle(cx, top - r, r, x, y));
        }
    }

    let counter_top = area.part(-0.03, 0.7, 1.03, 0.78);
    let counter = area.part(0.04, 0.76, 0.96, 1.0);
    let radius = 0.02 * area.width();
    fill(img, colours.wood, counter_top, |x, y| {
        rounded_box(counter_top, radius, x, y)
    });
    fill(img, colours.stripe, counter, |x, y| {
        rounded_box(counter, radius, x, y)
    });
}

/// Paints `colour` over the pixels in `bounds` by a signed distance (negative inside, in pixels),
/// whose half-pixel band at the edge becomes the anti-aliasing.
fn fill(img: &mut RgbImage, colour: Rgb<u8>, bounds: Rect, distance: impl Fn(f32, f32) -> f32) {
    let clamp_x = |v: f32| (v.max(0.0) as u32).min(WIDTH);
    let clamp_y = |v: f32| (v.max(0.0) as u32).min(HEIGHT);
    for py in clamp_y(bounds.y0.floor() - 1.0)..clamp_y(bounds.y1.ceil() + 1.0) {
        for px in clamp_x(bounds.x0.floor() - 1.0)..clamp_x(bounds.x1.ceil() + 1.0) {
            let coverage = (0.5 - distance(px as f32 + 0.5, py as f32 + 0.5)).clamp(0.0, 1.0);
            if coverage > 0.0 {
                let pixel = img.get_pixel_mut(px, py);
                *pixel = blend(*pixel, colour, coverage);
            }
        }
    }
}

/// Signed distance from a box with rounded corners.
fn rounded_box(rect: Rect, radius: f32, x: f32, y: f32) -> f32 {
    let (cx, cy) = rect.centre();
    let qx = (x - cx).abs() - (rect.width() / 2.0 - radius);
    let qy = (y - cy).abs() - (rect.height() / 2.0 - radius);
    let outside = qx.max(0.0).hypot(qy.max(0.0));
    let inside = qx.max(qy).min(0.0);
    outside + inside - radius
}

fn circle(cx: f32, cy: f32, r: f32, x: f32, y: f32) -> f32 {
    (x - cx).hypot(y - cy) - r
}

/// Signed distance (exact inside, close enough outside for anti-aliasing) from a convex polygon
/// whose corners go clockwise on screen.
fn convex(corners: &[(f32, f32)], x: f32, y: f32) -> f32 {
    let next = corners.iter().cycle().skip(1);
    corners
        .iter()
        .zip(next)
        .map(|(&(ax, ay), &(bx, by))| {
            let (ex, ey) = (bx - ax, by - ay);
            // The outward normal of a clockwise (y down) edge is (ey, −ex).
            ((x - ax) * ey - (y - ay) * ex) / ex.hypot(ey)
        })
        .fold(f32::NEG_INFINITY, f32::max)
}

/// `over` laid on `under` at `alpha`, in sRGB as browsers blend.
fn blend(under: Rgb<u8>, over: Rgb<u8>, alpha: f32) -> Rgb<u8> {
    let mix = |u: u8, o: u8| (u as f32 + (o as f32 - u as f32) * alpha).round() as u8;
    Rgb([
        mix(under[0], over[0]),
        mix(under[1], over[1]),
        mix(under[2], over[2]),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKET: ShareText<'static> = ShareText {
        title: "枇杷文化节共富集市",
        lines: &[
            "12月13日 周日 8:00–12:00",
            "塘栖镇 · 超山村 · 超山风景区北门广场",
        ],
    };

    const LONG: ShareText<'static> = ShareText {
        title: "塘栖镇超山村第一届枇杷文化节暨乡村振兴共同富裕农产品展销大集市欢迎各位乡亲",
        lines: &["12月13日 周日 8:00–12:00"],
    };

    /// Every character one unit wide, so wrapping is checked without a font.
    fn monospace(text: &str) -> f32 {
        text.chars().count() as f32
    }

    fn decode(png: &[u8]) -> RgbImage {
        image::load_from_memory_with_format(png, image::ImageFormat::Png)
            .expect("a PNG")
            .to_rgb8()
    }

    fn typeface() -> Option<Typeface<'static>> {
        font().and_then(LoadedFont::typeface)
    }

    /// Pixels in `area` near the title's colour: text drawn, not the card, the brand or
    /// anti-aliasing.
    fn title_coloured(img: &RgbImage, area: Rect) -> usize {
        let close = |p: &Rgb<u8>| {
            p.0.iter()
                .zip(TITLE.0)
                .all(|(a, b)| (*a as i32 - b as i32).abs() < 24)
        };
        (area.y0 as u32..area.y1 as u32)
            .flat_map(|y| (area.x0 as u32..area.x1 as u32).map(move |x| (x, y)))
            .filter(|&(x, y)| close(img.get_pixel(x, y)))
            .count()
    }

    #[test]
    fn draws_a_500_by_400_png() {
        let png = draw(&MARKET);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let img = decode(&png);
        assert_eq!(img.dimensions(), (500, 400));
        assert_eq!(*img.get_pixel(2, 2), BRAND);
        // Between the card's top edge and the text's padding.
        assert_eq!(*img.get_pixel(250, 34), CARD);
    }

    #[test]
    fn draws_the_title_when_there_is_a_font() {
        if !has_font() {
            eprintln!("no CJK font on this machine: skipping the check that text is drawn");
            return;
        }
        let img = decode(&draw(&MARKET));
        let title_area = text_rect().part(0.0, 0.0, 1.0, 0.5);
        assert!(
            title_coloured(&img, title_area) > 800,
            "the title is drawn in its colour"
        );
        // The lines are near-black, darker than anything else in the picture.
        let ink = img.pixels().filter(|p| p.0.iter().all(|&v| v < 60)).count();
        assert!(ink > 300, "the lines are drawn");
    }

    #[test]
    fn a_long_title_fits_in_two_lines_with_an_ellipsis() {
        let png = draw(&LONG);
        assert_eq!(decode(&png).dimensions(), (500, 400));
        let Some(face) = typeface() else {
            eprintln!("no CJK font on this machine: skipping the check of the title's measure");
            return;
        };
        let style = Style::new(&face, TITLE_EM, TITLE_LEADING, 0.9);
        let max = text_rect().width();
        let lines = wrap_title(LONG.title, max, &|s: &str| style.width(s));
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|line| style.width(line) <= max));
        assert!(lines[1].ends_with(ELLIPSIS));
        assert!(LONG.title.starts_with(&lines[0]));
    }

    #[test]
    fn without_a_font_the_stall_is_drawn() {
        let img = draw_with(None, &MARKET);
        let stall = fallback_stall_rect();
        let at = |fx: f32, fy: f32| {
            let (x, y) = (
                stall.x0 + fx * stall.width(),
                stall.y0 + fy * stall.height(),
            );
            *img.get_pixel(x as u32, y as u32)
        };
        // The awning's first and second stripes, a post, and the counter's top.
        assert_eq!(at(0.1, 0.2), BRAND);
        assert_eq!(at(0.3, 0.2), TINT);
        assert_eq!(at(0.1, 0.5), TITLE);
        assert_eq!(at(0.5, 0.74), TITLE);
        // And nothing where the text would be: the card shows above the stall.
        assert_eq!(*img.get_pixel(250, (card_rect().y0 + 12.0) as u32), CARD);
        assert_eq!(*img.get_pixel(250, HEIGHT - INSET as u32 - 12), CARD);
        assert_eq!(
            title_coloured(&img, Rect::new(30.0, 30.0, 470.0, stall.y0 - 2.0)),
            0
        );
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

    #[test]
    fn a_cjk_collection_gives_its_simplified_chinese_face() {
        let path = FONT_PATHS[0];
        let Ok(data) = std::fs::read(path) else {
            eprintln!("{path} is not on this machine: skipping");
            return;
        };
        let (index, bold) = pick_face(&data).expect("a face");
        let face = ttf_parser::Face::parse(&data, index).expect("the face parses");
        assert!(is_simplified_chinese(&face));
        assert!(bold);
    }

    #[test]
    fn garbage_is_not_a_font() {
        assert!(pick_face(b"not a font at all").is_none());
    }
}
