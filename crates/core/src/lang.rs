//! The two languages Jishi speaks, and how a request says which it wants.

/// A language of the app and of API messages. Chinese comes first: it is the default everywhere.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    /// Simplified Chinese, `zh-CN`.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English, `en`.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag, as sent in `Accept-Language` and set on `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    /// Reads a stored or sent tag; anything Chinese is `zh-CN`, anything English is `en`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Self::ZhCn),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// Picks the language an `Accept-Language` header prefers most, by its q-values.
    ///
    /// Ties keep the header's order; a header naming neither language (or none at all) gets Chinese,
    /// because that is what our users read.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(Self, f32)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let Some(lang) = parts.next().and_then(Self::from_tag) else {
                continue;
            };
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for lang in [Lang::ZhCn, Lang::En] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn regional_variants_map_to_the_language() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn accept_language_defaults_to_chinese() {
        assert_eq!(Lang::from_accept_language(""), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("fr-FR,de;q=0.8"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("*"), Lang::ZhCn);
    }

    #[test]
    fn accept_language_follows_order_and_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::ZhCn
        );
        assert_eq!(Lang::from_accept_language("zh;q=0.5, en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, en;q=0.1"), Lang::En);
    }

    #[test]
    fn accept_language_ignores_refused_and_garbled_entries() {
        assert_eq!(Lang::from_accept_language("en;q=0, zh;q=0.2"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("en;q=abc"), Lang::En);
        assert_eq!(Lang::from_accept_language(";;,,"), Lang::ZhCn);
    }
}
