//! Share pictures: the 500×400 PNG that a shared link shows in chat apps (WeChat's card thumbnail,
//! a page's `og:image`).
//!
//! A villager decides whether to tap a forwarded link from that one small picture, so it says what
//! the market is, when and where, in large type on the app's colours. The text is drawn here on the
//! server with a CJK font found on the machine: a font is 20 MB, too much to ship in the repository
//! or the binary. Without one the picture still carries the colours and a market-stall pictogram,
//! so a shared link never shows a broken or blank image.
//!
//! This file is the picture itself: its layout, and what goes where. The parts it is drawn with:
//! the font (`font`), the text's line breaking (`wrap`), shapes and glyphs on pixels (`paint`), and
//! the pictogram (`stall`).

mod font;
mod paint;
mod stall;
mod wrap;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{Rgb, RgbImage};

use font::{font, LoadedFont, Typeface};
use paint::{fill, paint_lines, rounded_box, Rect, Style};
use stall::{draw_stall, StallColours};
use wrap::{clean, ellipsise, wrap_title};

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
        assert!(lines[1].ends_with('…'));
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
}
