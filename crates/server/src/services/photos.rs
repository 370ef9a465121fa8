//! Photos taken on a phone, made fit to serve: the bytes must decode as JPEG, PNG or WebP (whatever
//! the upload claims to be), within size limits; the picture is turned upright by its EXIF
//! orientation, shrunk to two sizes and re-encoded as JPEG, which leaves every byte of metadata
//! (GPS position, camera, time) behind.

use std::io::Cursor;

use image::{imageops::FilterType, DynamicImage, ImageDecoder, ImageReader, Limits};

/// The largest upload taken: a phone photo is 2–6 MB.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
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
    /// Not an image we can read, or one too large in pixels.
    #[error("not a readable image: {0}")]
    NotAnImage(String),
}

/// Checks, turns upright, shrinks and re-encodes `bytes`.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PhotoError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PhotoError::TooLarge(bytes.len()));
    }
    let not_image = |e: image::ImageError| PhotoError::NotAnImage(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::NotAnImage(e.to_string()))?;
    // A small file can claim a huge size (a decompression bomb): cap pixels and memory.
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(not_image)?;
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

/// `picture` with its longest side at most `side` (never enlarged).
fn shrunk(picture: &DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        picture.clone()
    } else {
        picture.resize(side, side, FilterType::Triangle)
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

    #[test]
    fn an_oversized_upload_is_refused_before_decoding() {
        let big = vec![0u8; MAX_UPLOAD_BYTES + 1];
        assert!(matches!(prepare(&big), Err(PhotoError::TooLarge(_))));
    }
}
