//! Painting on the share picture's pixels: anti-aliased shapes by signed distance, and lines of
//! text in a face.

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use image::{Rgb, RgbImage};

use super::font::Typeface;
use super::wrap::{is_closing, is_opening};
use super::{HEIGHT, WIDTH};

// -------------------------------------------------------------------------------------------------
// Shapes

/// An axis-aligned box in pixel coordinates (edges between pixels).
#[derive(Clone, Copy)]
pub(super) struct Rect {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
}

impl Rect {
    pub(super) fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Rect { x0, y0, x1, y1 }
    }
    pub(super) fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub(super) fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    pub(super) fn centre(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    pub(super) fn inset(&self, dx: f32, dy: f32) -> Self {
        Rect::new(self.x0 + dx, self.y0 + dy, self.x1 - dx, self.y1 - dy)
    }
    /// A box at fractions of this one's width and height: the pictogram is drawn at any size.
    pub(super) fn part(&self, fx0: f32, fy0: f32, fx1: f32, fy1: f32) -> Self {
        let (w, h) = (self.width(), self.height());
        Rect::new(
            self.x0 + fx0 * w,
            self.y0 + fy0 * h,
            self.x0 + fx1 * w,
            self.y0 + fy1 * h,
        )
    }
}

/// Paints `colour` over the pixels in `bounds` by a signed distance (negative inside, in pixels),
/// whose half-pixel band at the edge becomes the anti-aliasing.
pub(super) fn fill(
    img: &mut RgbImage,
    colour: Rgb<u8>,
    bounds: Rect,
    distance: impl Fn(f32, f32) -> f32,
) {
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
pub(super) fn rounded_box(rect: Rect, radius: f32, x: f32, y: f32) -> f32 {
    let (cx, cy) = rect.centre();
    let qx = (x - cx).abs() - (rect.width() / 2.0 - radius);
    let qy = (y - cy).abs() - (rect.height() / 2.0 - radius);
    let outside = qx.max(0.0).hypot(qy.max(0.0));
    let inside = qx.max(qy).min(0.0);
    outside + inside - radius
}

pub(super) fn circle(cx: f32, cy: f32, r: f32, x: f32, y: f32) -> f32 {
    (x - cx).hypot(y - cy) - r
}

/// Signed distance (exact inside, close enough outside for anti-aliasing) from a convex polygon
/// whose corners go clockwise on screen.
pub(super) fn convex(corners: &[(f32, f32)], x: f32, y: f32) -> f32 {
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

// -------------------------------------------------------------------------------------------------
// Text

/// How one kind of text is set: a face at an em size, the height of its lines, and how to thicken
/// it if the face is not bold.
pub(super) struct Style<'f, 'a> {
    font: ab_glyph::PxScaleFont<&'f FontRef<'a>>,
    em: f32,
    pub(super) line_height: f32,
    /// A regular face gets a second pass this far to the right, a cheap bold: the picture is mostly
    /// seen shrunk, where thin strokes fade.
    thicken: Option<f32>,
}

impl<'f, 'a> Style<'f, 'a> {
    /// ab_glyph's scale is the height from descender to ascender; a CJK face's is ~1.45 em, so an
    /// em size is converted through the font's own metrics.
    pub(super) fn new(face: &'f Typeface<'a>, em: f32, leading: f32, thicken: f32) -> Self {
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

    pub(super) fn width(&self, text: &str) -> f32 {
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

/// Lines one under the other from (`x`, `top`); returns where the next would start.
pub(super) fn paint_lines(
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
// Blending, for shapes and text alike

/// `over` laid on `under` at `alpha`, in sRGB as browsers blend.
fn blend(under: Rgb<u8>, over: Rgb<u8>, alpha: f32) -> Rgb<u8> {
    let mix = |u: u8, o: u8| (u as f32 + (o as f32 - u as f32) * alpha).round() as u8;
    Rgb([
        mix(under[0], over[0]),
        mix(under[1], over[1]),
        mix(under[2], over[2]),
    ])
}
