//! A server-written page: the built `index.html` with the page's language and mode, its title and
//! share card, the drawn page in place of the boot skeleton, and the API answers it was drawn from
//! (see `jishi_core::preload`), so the app takes it over without asking again.

use jishi_core::{prefs::PagePrefs, preload};
use jishi_views::share::ShareCard;

/// What goes into `index.html`.
pub struct Document {
    /// The language and mode it is drawn in.
    pub prefs: PagePrefs,
    /// The browser tab's title.
    pub title: String,
    /// The share card, for pages one shares.
    pub card: Option<ShareCard>,
    /// The drawn page: the content of `#app`.
    pub body: String,
    /// `preload::element`s of the answers the page was drawn from.
    pub answers: String,
}

impl Document {
    /// `index` with this page in it. trunk minifies `index.html` (unquoted attributes, no `<head>`
    /// tag), so this anchors on what survives minification: `<html`, the charset declaration
    /// (which must come first anyway), and `<div id=app>`.
    pub fn write_into(self, index: &str) -> String {
        let html = with_root_element(index, &self.prefs);
        let html = replace_between(&html, "<title>", "</title>", "");
        let html = remove_meta_named(&html, "description");
        let html = crate::static_files::insert_after_charset(&html, &self.head());
        let html = replace_between(&html, "<noscript>", "</noscript>", "");
        with_app(&html, &self.body, &self.answers)
    }

    fn head(&self) -> String {
        let title = escape(&self.title);
        match &self.card {
            None => format!("<title>{title}</title>"),
            Some(card) => {
                let (card_title, description) = (escape(&card.title), escape(&card.description));
                let image = escape(&card.image);
                format!(
                    "<title>{title}</title>\
                     <meta name=\"description\" content=\"{description}\">\
                     <meta property=\"og:type\" content=\"website\">\
                     <meta property=\"og:site_name\" content=\"集市通\">\
                     <meta property=\"og:title\" content=\"{card_title}\">\
                     <meta property=\"og:description\" content=\"{description}\">\
                     <meta property=\"og:image\" content=\"{image}\">"
                )
            }
        }
    }
}

/// The answer `path` got, as the element the page carries it in.
pub fn answer_element(path: &str, status: u16, body: &[u8]) -> String {
    preload::element(path, status, &String::from_utf8_lossy(body))
}

/// `<html lang=… class=elder data-drawn>` for these preferences, whatever the built tag said:
/// `data-drawn` tells the loader (`style/start.js`) that the page is whole without the app.
fn with_root_element(html: &str, prefs: &PagePrefs) -> String {
    let Some(start) = html.find("<html") else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find('>') else {
        return html.to_owned();
    };
    let class = if prefs.elder { " class=\"elder\"" } else { "" };
    format!(
        "{}<html lang=\"{}\"{class} data-drawn>{}",
        &html[..start],
        prefs.lang.tag(),
        &html[start + len + 1..]
    )
}

/// `#app`'s content (the boot skeleton) replaced by `body`, and the answers right after `#app`, where
/// the app's mount, which empties `#app`, leaves them for its first reads.
fn with_app(html: &str, body: &str, answers: &str) -> String {
    let open = ["<div id=app>", "<div id=\"app\">"]
        .iter()
        .find_map(|tag| html.find(tag).map(|at| at + tag.len()));
    let Some(inner) = open else {
        return html.to_owned();
    };
    let Some(close) = matching_close(&html[inner..]).map(|len| inner + len) else {
        return html.to_owned();
    };
    let after = close + "</div>".len();
    format!("{}{body}</div>{answers}{}", &html[..inner], &html[after..])
}

/// Where the `</div>` closing an element whose content starts `html` begins: the skeleton is plain
/// markup of our own, so counting `<div` and `</div>` finds it.
fn matching_close(html: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        let next_open = html[at..].find("<div").map(|i| at + i);
        let next_close = html[at..].find("</div>").map(|i| at + i)?;
        match next_open {
            Some(open) if open < next_close => {
                depth += 1;
                at = open + 4;
            }
            _ if depth == 0 => return Some(next_close),
            _ => {
                depth -= 1;
                at = next_close + 6;
            }
        }
    }
}

/// Drops `<open…</close>` (the first one), keeping the rest.
fn replace_between(html: &str, open: &str, close: &str, with: &str) -> String {
    match (html.find(open), html.find(close)) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{with}{}", &html[..start], &html[end + close.len()..])
        }
        _ => html.to_owned(),
    }
}

/// Drops the `<meta>` whose name is `name`, quoted or not.
fn remove_meta_named(html: &str, name: &str) -> String {
    let found = [format!("name=\"{name}\""), format!("name={name}")]
        .iter()
        .find_map(|needle| html.find(needle.as_str()));
    let Some(at) = found else {
        return html.to_owned();
    };
    match (html[..at].rfind("<meta"), html[at..].find('>')) {
        (Some(start), Some(len)) => format!("{}{}", &html[..start], &html[at + len + 1..]),
        _ => html.to_owned(),
    }
}

/// Text safe inside an HTML attribute or element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use jishi_core::Lang;

    use super::*;

    const PLAIN: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>集市通</title>\n  <meta name=\"description\" content=\"old\">\n</head>\n<body>\n  <div id=\"app\">\n    <div class=\"shell\"><div class=\"skeleton\"><div class=\"bone\"></div></div></div>\n  </div>\n  <noscript>请开启 JavaScript</noscript>\n</body>\n</html>";
    const MINIFIED: &str = "<!doctype html><html lang=zh-CN><meta charset=utf-8><meta content=旧的 name=description><title>集市通</title><body><div id=app><div class=shell><div class=skeleton id=boot-skeleton><div class=bone></div></div></div></div><noscript>请开启 JavaScript</noscript></body></html>";

    fn document() -> Document {
        Document {
            prefs: PagePrefs {
                lang: Lang::En,
                elder: true,
            },
            title: "<Loquat> & co".into(),
            card: Some(ShareCard {
                title: "枇杷\"节\"".into(),
                description: "小桐村".into(),
                image: "https://jishi.example.cn/api/v1/markets/m-1/share.png".into(),
            }),
            body: "<div class=\"shell\">PAGE</div>".into(),
            answers: answer_element("/markets/m-1", 200, br#"{"title":"</script>"}"#),
        }
    }

    #[test]
    fn the_page_takes_the_skeletons_place_in_plain_and_minified_html() {
        for index in [PLAIN, MINIFIED] {
            let html = document().write_into(index);
            assert!(
                html.contains("<html lang=\"en\" class=\"elder\" data-drawn>"),
                "{html}"
            );
            assert_eq!(html.matches("<title>").count(), 1, "{html}");
            assert!(
                html.contains("<title>&lt;Loquat&gt; &amp; co</title>"),
                "{html}"
            );
            assert!(!html.contains("old") && !html.contains("旧的"), "{html}");
            assert!(
                html.contains("og:title\" content=\"枇杷&quot;节&quot;\""),
                "{html}"
            );
            assert!(html.find("<title>") > html.find("<meta charset"), "{html}");
            assert!(
                !html.contains("skeleton") && !html.contains("noscript"),
                "{html}"
            );
            let app = html.find(
                "PAGE</div></div><script type=\"application/json\" data-api=\"/markets/m-1\"",
            );
            assert!(app.is_some(), "{html}");
            assert!(
                !html.contains("</script>\"}"),
                "an answer cannot close its element: {html}"
            );
            assert!(html.trim_end().ends_with("</html>"), "{html}");
        }
    }
}
