//! Reading QR codes from camera frames: the browser's `BarcodeDetector` where it has one (Chrome on
//! Android), else a Rust decoder compiled into the app (WeChat's and desktop browsers).

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The first QR code found in an RGBA frame (as `getImageData` gives it).
pub fn decode_rgba(rgba: &[u8], width: usize, height: usize) -> Option<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        // Luma with integer weights (0.30 R + 0.59 G + 0.11 B).
        let luma =
            77 * u32::from(rgba[i]) + 150 * u32::from(rgba[i + 1]) + 29 * u32::from(rgba[i + 2]);
        (luma >> 8) as u8
    });
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// The browser's QR detector, if it has one that reads QR codes.
pub fn browser_detector() -> Option<JsValue> {
    let class: Function = Reflect::get(&js_sys::global(), &"BarcodeDetector".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
    // The constructor throws where QR codes are not supported.
    Reflect::construct(&class, &Array::of1(&options)).ok()
}

/// What `detector` finds in `source` (a video or canvas element).
pub async fn detect_with(detector: &JsValue, source: &JsValue) -> Option<String> {
    let detect: Function = Reflect::get(detector, &"detect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = detect.call1(detector, source).ok()?.dyn_into().ok()?;
    let found: Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    found
        .iter()
        .find_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string())
}
