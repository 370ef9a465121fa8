//! Photos taken on a phone, made fit to serve: the bytes must decode as JPEG, PNG or WebP (whatever
//! the upload claims to be), within size limits; the picture is turned upright by its EXIF
//! orientation, shrunk to two sizes and re-encoded as JPEG, which leaves every byte of metadata
//! (GPS position, camera, time) behind.

use std::{io::Cursor, sync::LazyLock};

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use tokio::sync::Semaphore;

/// The largest upload taken: a phone photo is 2–6 MB.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// The most pixels a photo may have: a 50-megapixel phone camera's. A small file can claim far
/// more (a decompression bomb), so this is read from the header before anything is decoded.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory one decoded picture may take: 50 megapixels of 8-bit RGB is 150 MB.
const MAX_DECODED_BYTES: u64 = 200 * 1024 * 1024;
/// Megabytes that all decodes in flight may take together, counted as twice each picture's size
/// (the decoded picture and its resized copies): the server's memory stays bounded however many
/// photos arrive at once; the others wait their turn.
const DECODE_BUDGET_MB: u32 = 420;

/// The longest side a photo may have (a panorama's), so a 50-megapixel picture cannot be one row.
const MAX_SIDE: u32 = 16_384;
/// Uploads held at once, decoding or waiting their turn: each holds its body (up to 8 MB), so past
/// this many the answer is 503 with `Retry-After` rather than a queue that grows with the clients.
const UPLOADS_AT_ONCE: usize = 8;

/// What the decodes in flight may still take, in megabytes.
static DECODE_BUDGET: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(DECODE_BUDGET_MB as usize));
/// Places for uploads being decoded or waiting to be.
static UPLOADS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(UPLOADS_AT_ONCE));
/// The larger copy's longest side, for the product page on a phone.
const LARGE_SIDE: u32 = 1280;
/// The smaller copy's longest side, for lists.
const SMALL_SIDE: u32 = 480;
/// JPEG quality: small files on 3G with no visible blocks on a phone screen.
const QUALITY: u8 = 80;

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The larger copy, JPEG.
    pub large: Vec<u8>,
    /// Its width and height.
    pub large_size: (u32, u32),
    /// The smaller copy, JPEG.
    pub small: Vec<u8>,
}

/// Why an upload is not a photo we keep.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// Larger than [`MAX_UPLOAD_BYTES`].
    #[error("upload of {0} bytes is over the limit")]
    TooLarge(usize),
    /// Not an image we can read.
    #[error("not a readable image: {0}")]
    NotAnImage(String),
    /// More pixels (or more memory once decoded) than a phone photo has: width and height.
    #[error("{0}×{1} is too large a picture")]
    TooManyPixels(u32, u32),
    /// As many uploads as the server takes at once are in hand: try again shortly.
    #[error("too many photos being processed")]
    Busy,
}

/// As [`prepare`], off the async workers and within the decoding memory budget: waits while other
/// decodes hold it.
pub async fn prepare_in_budget(upload: Vec<u8>) -> Result<Prepared, PhotoError> {
    let cost = decode_cost(&upload)?;
    let place = UPLOADS.try_acquire().map_err(|_| PhotoError::Busy)?;
    let budget = DECODE_BUDGET
        .acquire_many(cost)
        .await
        .map_err(|_| PhotoError::Busy)?;
    // The permits go into the blocking task: if the client hangs up, this future is dropped but
    // the decode runs on, and must go on holding its share until it ends.
    tokio::task::spawn_blocking(move || {
        let prepared = prepare(&upload);
        drop((budget, place));
        prepared
    })
    .await
    .map_err(|e| PhotoError::NotAnImage(format!("decoding failed: {e}")))?
}

/// The megabytes of budget decoding `bytes` takes, read from the header alone; refuses what no
/// phone photo is before any pixel is decoded.
fn decode_cost(bytes: &[u8]) -> Result<u32, PhotoError> {
    let decoder = decoder_of(bytes)?;
    let megabytes = decoder.total_bytes().saturating_mul(2) / (1024 * 1024) + 1;
    Ok(u32::try_from(megabytes).map_or(DECODE_BUDGET_MB, |mb| mb.min(DECODE_BUDGET_MB)))
}

/// A decoder for `bytes` whose header was read and found within the limits, with the decoder's own
/// memory limits set as a second guard.
fn decoder_of(bytes: &[u8]) -> Result<impl ImageDecoder + '_, PhotoError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PhotoError::TooLarge(bytes.len()));
    }
    let not_image = |e: image::ImageError| PhotoError::NotAnImage(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::NotAnImage(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES + 16 * 1024 * 1024);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(not_image)?;
    let (width, height) = decoder.dimensions();
    if width.max(height) > MAX_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(PhotoError::TooManyPixels(width, height));
    }
    Ok(decoder)
}

/// Checks, turns upright, shrinks and re-encodes `bytes`.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PhotoError> {
    let not_image = |e: image::ImageError| PhotoError::NotAnImage(e.to_string());
    let mut decoder = decoder_of(bytes)?;
    let orientation = decoder.orientation().map_err(not_image)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(not_image)?;
    picture.apply_orientation(orientation);
    let large = shrunk(&picture, LARGE_SIDE);
    let small = shrunk(&large, SMALL_SIDE);
    Ok(Prepared {
        large_size: (large.width(), large.height()),
        large: jpeg(&large)?,
        small: jpeg(&small)?,
    })
}

/// `picture` with its longest side at most `side` (never enlarged). `thumbnail` averages areas in
/// integers, where `resize` would first build a float copy as wide as the original (16 bytes a
/// pixel): the memory a decode is charged for would not cover that.
fn shrunk(picture: &DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        picture.clone()
    } else {
        picture.thumbnail(side, side)
    }
}

fn jpeg(picture: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY);
    // JPEG has no alpha: flatten first.
    picture
        .to_rgb8()
        .write_with_encoder(encoder)
        .map_err(|e| PhotoError::NotAnImage(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use image::{ImageFormat, Rgb, RgbImage};

    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 255) as u8, (y % 255) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_photo_is_shrunk_to_two_jpegs_keeping_its_shape() {
        let prepared = prepare(&png(2000, 1500)).unwrap();
        assert_eq!(prepared.large_size, (1280, 960));
        assert_eq!(&prepared.large[..3], &[0xFF, 0xD8, 0xFF], "JPEG");
        let small = image::load_from_memory(&prepared.small).unwrap();
        assert_eq!((small.width(), small.height()), (480, 360));
    }

    /// A JPEG as a phone writes it: an EXIF block saying "rotate 90° clockwise to view".
    fn sideways_jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, _| Rgb([(x % 255) as u8, 40, 40]));
        let mut plain = Cursor::new(Vec::new());
        picture.write_to(&mut plain, ImageFormat::Jpeg).unwrap();
        let plain = plain.into_inner();
        // TIFF header (big-endian), one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let length = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1, length[0], length[1]]);
        out.extend_from_slice(&exif);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn a_phone_photo_is_turned_upright_and_loses_its_metadata() {
        let upload = sideways_jpeg_with_exif(200, 100);
        assert!(upload.windows(4).any(|w| w == b"Exif"));

        let prepared = prepare(&upload).unwrap();

        assert_eq!(prepared.large_size, (100, 200), "rotated upright");
        for copy in [&prepared.large, &prepared.small] {
            assert!(!copy.windows(4).any(|w| w == b"Exif"), "no EXIF left");
        }
    }

    #[test]
    fn a_small_photo_is_not_enlarged() {
        let prepared = prepare(&png(300, 200)).unwrap();
        assert_eq!(prepared.large_size, (300, 200));
    }

    #[test]
    fn text_and_truncated_images_are_refused() {
        assert!(matches!(
            prepare(b"hello, not a photo"),
            Err(PhotoError::NotAnImage(_))
        ));
        let half = png(64, 64);
        assert!(matches!(
            prepare(&half[..half.len() / 2]),
            Err(PhotoError::NotAnImage(_))
        ));
    }

    /// A PNG header that claims `width`×`height` RGBA at 16 bits, with a sliver of data.
    fn png_bomb(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[16, 6, 0, 0, 0]);
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(&ihdr);
        out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        // The first rows' worth of zeros, compressed: a real bomb goes on for a megabyte.
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut zlib, &[0; 65_536]).unwrap();
        let mut idat = b"IDAT".to_vec();
        idat.extend_from_slice(&zlib.finish().unwrap());
        out.extend_from_slice(&u32::try_from(idat.len() - 4).unwrap().to_be_bytes());
        out.extend_from_slice(&idat);
        out.extend_from_slice(&crc32(&idat).to_be_bytes());
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A real 16×16 JPEG whose frame header (SOF0) is rewritten to claim `width`×`height`.
    fn jpeg_bomb(width: u16, height: u16) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        RgbImage::new(16, 16)
            .write_to(&mut out, ImageFormat::Jpeg)
            .unwrap();
        let mut out = out.into_inner();
        let sof = out.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        out
    }

    #[test]
    fn a_picture_that_claims_more_pixels_than_a_phone_photo_is_refused_from_its_header() {
        let bomb = decode_cost(&png_bomb(12_000, 12_000));
        assert!(
            matches!(bomb, Err(PhotoError::TooManyPixels(12_000, 12_000))),
            "{bomb:?}"
        );
        let bomb = prepare(&jpeg_bomb(11_000, 11_000)).map(|_| ());
        assert!(
            matches!(bomb, Err(PhotoError::TooManyPixels(11_000, 11_000))),
            "{bomb:?}"
        );
        // Within the pixels but 16-bit RGBA: 320 MB once decoded.
        assert!(matches!(
            prepare(&png_bomb(6_000, 6_000)),
            Err(PhotoError::TooManyPixels(6_000, 6_000))
        ));
        // A real photo's size costs its share of the budget, never more than all of it.
        assert_eq!(decode_cost(&png(2000, 1500)).unwrap(), 18);
    }

    #[test]
    fn an_oversized_upload_is_refused_before_decoding() {
        let big = vec![0u8; MAX_UPLOAD_BYTES + 1];
        assert!(matches!(prepare(&big), Err(PhotoError::TooLarge(_))));
    }
}
