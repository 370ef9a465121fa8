//! QR codes as SVG, for tickets and posters.

/// `text` as a QR code in SVG (error correction M: readable from a cracked phone screen).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .quiet_zone(true)
            .min_dimensions(240, 240)
            .build(),
    )
}
