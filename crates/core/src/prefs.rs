//! The two preferences a server-written page must already follow, so the first paint is in the
//! phone's language and size with no flash of the other: the app keeps them in cookies beside its
//! own storage, and the server reads them from the request.

use crate::Lang;

/// The language chosen in 我的 (a [`Lang::tag`]); without it the server follows `Accept-Language`.
pub const LANG_COOKIE: &str = "jishi_lang";
/// `1` when elder mode (长辈模式) is on.
pub const ELDER_COOKIE: &str = "jishi_elder";

/// What a page is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PagePrefs {
    /// The language of every word.
    pub lang: Lang,
    /// Larger text and tap targets.
    pub elder: bool,
}

impl PagePrefs {
    /// Reads a request's `Cookie` and `Accept-Language` headers (either may be absent).
    pub fn from_request(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        let cookie_value = |name: &str| {
            cookie?.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                (key == name).then(|| value.trim())
            })
        };
        let lang = cookie_value(LANG_COOKIE)
            .and_then(Lang::from_tag)
            .or_else(|| accept_language.map(Lang::from_accept_language))
            .unwrap_or_default();
        Self {
            lang,
            elder: cookie_value(ELDER_COOKIE) == Some("1"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_choice_wins_over_the_phone_language() {
        let both = PagePrefs::from_request(
            Some("a=b; jishi_lang=zh-CN; jishi_elder=1"),
            Some("en-US,en;q=0.9"),
        );
        assert_eq!(
            both,
            PagePrefs {
                lang: Lang::ZhCn,
                elder: true
            }
        );
        let phone = PagePrefs::from_request(Some("jishi_elder=0"), Some("en-GB"));
        assert_eq!(phone.lang, Lang::En);
        assert!(!phone.elder);
        assert_eq!(PagePrefs::from_request(None, None), PagePrefs::default());
        let unknown = PagePrefs::from_request(Some("jishi_lang=fr"), Some("zh-TW"));
        assert_eq!(unknown.lang, Lang::ZhCn);
    }
}
