//! Proof of a person: a picture of four digits, drawn here as a PNG with each digit turned, moved
//! and warped and the whole crossed with noise, so a script must read it as a person does. A
//! challenge carries its own answer, signed (HMAC-SHA-256 with a secret every instance shares), so
//! asking for one writes nothing; answering one writes its nonce, so each is tried once.

use std::{f32::consts::TAU, io::Cursor, sync::Arc};

use base64::Engine;
use hmac::{Hmac, Mac};
use image::{GrayImage, ImageFormat, Luma};
use jishi_core::api::{Challenge, ChallengeAnswer};
use rand::Rng;
use sha2::Sha256;

use crate::{
    ids::{hex, random_bytes},
    store::{challenges, Db, StoreError},
};

/// Seconds a challenge may be answered in.
pub const CHALLENGE_TTL_SECS: i64 = 300;
/// Digits in a picture.
const DIGITS: usize = 4;
/// The picture's size: wide enough for large digits an elderly eye reads at once.
const WIDTH: u32 = 240;
const HEIGHT: u32 = 90;

/// Issues and checks challenges.
#[derive(Clone)]
pub struct Challenges {
    secret: Arc<Vec<u8>>,
}

impl std::fmt::Debug for Challenges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Challenges { secret: … }")
    }
}

impl Challenges {
    /// With the database's challenge secret (made at first start).
    pub async fn load(db: &Db) -> Result<Self, StoreError> {
        let secret = challenges::secret(db, "challenge", &random_bytes::<32>()).await?;
        Ok(Self {
            secret: Arc::new(secret),
        })
    }

    /// A new challenge, valid from `now` for [`CHALLENGE_TTL_SECS`].
    pub fn issue(&self, now: i64) -> Challenge {
        let mut rng = rand::thread_rng();
        let answer: String = (0..DIGITS)
            .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
            .collect();
        let expires_at = now + CHALLENGE_TTL_SECS;
        let nonce = hex(&random_bytes::<12>());
        let signed = self.signed(expires_at, &nonce);
        let token = format!("{signed}.{}", self.mac(&format!("{signed}.{answer}")));
        Challenge {
            token,
            image: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(draw(&answer, &mut rng))
            ),
            expires_in_secs: CHALLENGE_TTL_SECS,
        }
    }

    /// Whether `answer` is right for its challenge, which must not have expired or been answered
    /// before. Answering uses the challenge up, rightly or wrongly.
    pub async fn check(
        &self,
        db: &Db,
        answer: &ChallengeAnswer,
        now: i64,
    ) -> Result<bool, StoreError> {
        let Some((signed, mac)) = answer.token.rsplit_once('.') else {
            return Ok(false);
        };
        let mut parts = signed.splitn(3, '.');
        let (Some(expires_at), Some(nonce)) = (parts.next(), parts.next()) else {
            return Ok(false);
        };
        let Ok(expires_at) = expires_at.parse::<i64>() else {
            return Ok(false);
        };
        // Only a token this server issued, still fresh, may write its nonce: a forged one costs
        // no write at all.
        let issued_here =
            constant_time_eq(self.signed(expires_at, nonce).as_bytes(), signed.as_bytes());
        if !issued_here || expires_at < now || expires_at > now + CHALLENGE_TTL_SECS {
            return Ok(false);
        }
        if !challenges::use_nonce(db, nonce, expires_at, now).await? {
            return Ok(false);
        }
        let typed: String = answer.answer.chars().filter(char::is_ascii_digit).collect();
        let expected = self.mac(&format!("{signed}.{typed}"));
        Ok(constant_time_eq(expected.as_bytes(), mac.as_bytes()))
    }

    /// `expires.nonce.tag`: the part of a token that says this server issued it.
    fn signed(&self, expires_at: i64, nonce: &str) -> String {
        let tag = self.mac(&format!("issued:{expires_at}.{nonce}"));
        format!("{expires_at}.{nonce}.{}", &tag[..16])
    }

    fn mac(&self, text: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        mac.update(text.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Each digit as strokes through points on a 10×16 grid.
fn strokes(digit: u8) -> &'static [&'static [(f32, f32)]] {
    match digit {
        0 => &[&[
            (5., 0.),
            (9., 3.),
            (10., 8.),
            (9., 13.),
            (5., 16.),
            (1., 13.),
            (0., 8.),
            (1., 3.),
            (5., 0.),
        ]],
        1 => &[&[(2., 4.), (6., 0.), (6., 16.)], &[(2., 16.), (10., 16.)]],
        2 => &[&[
            (1., 3.),
            (4., 0.),
            (8., 1.),
            (9., 4.),
            (8., 7.),
            (0., 16.),
            (10., 16.),
        ]],
        3 => &[&[
            (1., 1.),
            (8., 0.),
            (9., 4.),
            (5., 7.),
            (9., 10.),
            (9., 14.),
            (5., 16.),
            (0., 14.),
        ]],
        4 => &[&[(7., 16.), (7., 0.), (0., 11.), (10., 11.)]],
        5 => &[&[
            (9., 0.),
            (1., 0.),
            (0., 7.),
            (6., 6.),
            (9., 9.),
            (9., 13.),
            (5., 16.),
            (0., 14.),
        ]],
        6 => &[&[
            (8., 0.),
            (3., 3.),
            (0., 9.),
            (1., 14.),
            (5., 16.),
            (9., 13.),
            (9., 9.),
            (5., 7.),
            (1., 9.),
        ]],
        7 => &[&[(0., 0.), (10., 0.), (4., 16.)]],
        8 => &[&[
            (5., 7.),
            (1., 4.),
            (5., 0.),
            (9., 4.),
            (5., 7.),
            (0., 11.),
            (5., 16.),
            (10., 11.),
            (5., 7.),
        ]],
        _ => &[&[
            (9., 7.),
            (5., 9.),
            (1., 7.),
            (1., 3.),
            (5., 0.),
            (9., 3.),
            (9., 8.),
            (6., 14.),
            (2., 16.),
        ]],
    }
}

/// Paints a disc of radius `r` at (x, y) with `ink` (darker wins).
fn dab(picture: &mut GrayImage, x: f32, y: f32, r: f32, ink: u8) {
    let (x0, x1) = ((x - r).floor().max(0.0) as u32, (x + r).ceil() as u32);
    let (y0, y1) = ((y - r).floor().max(0.0) as u32, (y + r).ceil() as u32);
    for py in y0..=y1.min(HEIGHT - 1) {
        for px in x0..=x1.min(WIDTH - 1) {
            let (dx, dy) = (px as f32 - x, py as f32 - y);
            if dx * dx + dy * dy <= r * r {
                let pixel = picture.get_pixel_mut(px, py);
                pixel.0[0] = pixel.0[0].min(ink);
            }
        }
    }
}

/// A line from `a` to `b`, as dabs close enough to join.
fn line(picture: &mut GrayImage, a: (f32, f32), b: (f32, f32), r: f32, ink: u8) {
    let steps = ((b.0 - a.0).hypot(b.1 - a.1) / (r * 0.5)).ceil().max(1.0) as usize;
    for step in 0..=steps {
        let t = step as f32 / steps as f32;
        dab(
            picture,
            a.0 + (b.0 - a.0) * t,
            a.1 + (b.1 - a.1) * t,
            r,
            ink,
        );
    }
}

/// The PNG of `answer`.
fn draw(answer: &str, rng: &mut impl Rng) -> Vec<u8> {
    let mut picture = GrayImage::from_pixel(WIDTH, HEIGHT, Luma([255]));
    let cell = WIDTH as f32 / DIGITS as f32;
    for (i, digit) in answer.bytes().enumerate() {
        let angle: f32 = rng.gen_range(-0.35..0.35);
        let scale: f32 = rng.gen_range(3.1..3.8);
        let origin = (
            cell * i as f32 + cell / 2.0 + rng.gen_range(-6.0..6.0),
            HEIGHT as f32 / 2.0 + rng.gen_range(-6.0..6.0),
        );
        let (sin, cos) = angle.sin_cos();
        let place = |(x, y): (f32, f32), rng: &mut dyn rand::RngCore| {
            let (x, y) = ((x - 5.0) * scale, (y - 8.0) * scale * 0.9);
            (
                origin.0 + x * cos - y * sin + rng.gen_range(-1.5..1.5),
                origin.1 + x * sin + y * cos + rng.gen_range(-1.5..1.5),
            )
        };
        let width = rng.gen_range(2.6..3.6);
        for stroke in strokes(digit - b'0') {
            let points: Vec<(f32, f32)> = stroke.iter().map(|p| place(*p, rng)).collect();
            for pair in points.windows(2) {
                line(&mut picture, pair[0], pair[1], width, rng.gen_range(0..60));
            }
        }
    }
    // Two wavy lines across everything, and speckles.
    for _ in 0..2 {
        let (phase, height, depth) = (
            rng.gen_range(0.0..TAU),
            rng.gen_range(25.0..65.0),
            rng.gen_range(6.0..14.0),
        );
        let wave = |x: f32| height + depth * (x / 37.0 + phase).sin();
        for x in (0..WIDTH).step_by(3) {
            let (x0, x1) = (x as f32, x as f32 + 3.0);
            line(&mut picture, (x0, wave(x0)), (x1, wave(x1)), 1.2, 90);
        }
    }
    for _ in 0..220 {
        let (x, y) = (rng.gen_range(0..WIDTH), rng.gen_range(0..HEIGHT));
        picture.put_pixel(x, y, Luma([rng.gen_range(0..160)]));
    }
    // A gentle vertical warp, so no digit is a straight copy of its strokes.
    let (phase, depth): (f32, f32) = (rng.gen_range(0.0..TAU), rng.gen_range(2.0..4.0));
    let warped = GrayImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let shift = (depth * (x as f32 / 23.0 + phase).sin()).round() as i64;
        let source = (i64::from(y) + shift).clamp(0, i64::from(HEIGHT) - 1) as u32;
        *picture.get_pixel(x, source)
    });
    let mut png = Cursor::new(Vec::new());
    warped
        .write_to(&mut png, ImageFormat::Png)
        .expect("a PNG encodes into memory");
    png.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenges() -> Challenges {
        Challenges {
            secret: Arc::new(vec![7; 32]),
        }
    }

    /// The answer a challenge was issued with, found by trying them all (a test may; the server
    /// lets each challenge be answered once).
    fn answer_of(challenges: &Challenges, token: &str) -> String {
        let (signed, mac) = token.rsplit_once('.').unwrap();
        (0..10_000)
            .map(|n| format!("{n:04}"))
            .find(|answer| challenges.mac(&format!("{signed}.{answer}")) == mac)
            .unwrap()
    }

    #[test]
    fn a_challenge_is_a_small_png_signed_with_its_answer() {
        let challenges = challenges();
        let challenge = challenges.issue(1_000);
        let png = base64::engine::general_purpose::STANDARD
            .decode(
                challenge
                    .image
                    .strip_prefix("data:image/png;base64,")
                    .unwrap(),
            )
            .unwrap();
        let picture = image::load_from_memory(&png).unwrap();
        assert_eq!((picture.width(), picture.height()), (WIDTH, HEIGHT));
        assert!(png.len() < 16 * 1024, "{} bytes", png.len());
        let answer = answer_of(&challenges, &challenge.token);
        assert_eq!(answer.len(), 4);
        assert!(
            !challenge.token.contains(&format!(".{answer}")),
            "the answer is not in the token"
        );
    }
}
