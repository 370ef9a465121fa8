//! Finding the CJK font the share pictures' text is drawn with, and the face to use in it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::FontRef;

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
pub(super) struct LoadedFont {
    data: Vec<u8>,
    index: u32,
    bold: bool,
}

/// The face to draw with, ready for ab_glyph.
pub(super) struct Typeface<'a> {
    pub(super) font: FontRef<'a>,
    /// Whether the face is bold already; a regular one gets its text thickened.
    pub(super) bold: bool,
}

impl LoadedFont {
    /// Parsing only reads the table directory and a few subtable offsets, so it is done per picture
    /// rather than keeping a self-referencing parsed face next to its bytes.
    pub(super) fn typeface(&self) -> Option<Typeface<'_>> {
        let font = FontRef::try_from_slice_and_index(&self.data, self.index).ok()?;
        Some(Typeface {
            font,
            bold: self.bold,
        })
    }
}

/// The font, looked for and read once per process: the file is large and the answer never changes.
pub(super) fn font() -> Option<&'static LoadedFont> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
