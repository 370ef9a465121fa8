//! The market-stall pictogram: large on the card when there is no font for the text, small beside
//! the app's name in the footer.

use image::{Rgb, RgbImage};

use super::paint::{circle, convex, fill, rounded_box, Rect};
use super::{AMBER, BRAND, TINT, TITLE, WHITE};

/// The pictogram's colours, for the card or for the brand-coloured footer.
pub(super) struct StallColours {
    stripe: Rgb<u8>,
    pale_stripe: Rgb<u8>,
    wood: Rgb<u8>,
    fruit: Option<Rgb<u8>>,
}

impl StallColours {
    pub(super) const ON_CARD: StallColours = StallColours {
        stripe: BRAND,
        pale_stripe: TINT,
        wood: TITLE,
        fruit: Some(AMBER),
    };
    /// Small and on the brand: two tones of white, and no fruit, which would be specks at that
    /// size.
    pub(super) const ON_BRAND: StallColours = StallColours {
        stripe: WHITE,
        pale_stripe: TINT,
        wood: WHITE,
        fruit: None,
    };
}

/// A market stall filling `area`: a striped awning with a scalloped edge, two posts, a counter.
pub(super) fn draw_stall(img: &mut RgbImage, area: Rect, colours: &StallColours) {
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
