//! `/m/{id}` opened cold from a WeChat link: the app's `index.html` with the market's title and a
//! description already in `<title>` and the `og:` tags, so the share card and the first paint show
//! them before any wasm runs.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use jishi_core::{
    market::{Market, MarketStatus},
    when, Lang,
};

use crate::{startup::AppState, static_files, store::markets};

/// The app page of a market; an unknown id gets the plain app (which then says "not found").
pub async fn market_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    // A database hiccup must not break the page itself: it then opens without the preview.
    let market = markets::get(&state.db, &id).await.unwrap_or_else(|error| {
        tracing::warn!(%error, "no share preview for {id}");
        None
    });
    static_files::serve_index_with(&state.index_html, &headers, |html| match market {
        Some(market) => with_preview(html, &market),
        None => html,
    })
    .await
}

/// Replaces `<title>` and the description, and adds Open Graph tags.
fn with_preview(html: String, market: &Market) -> String {
    let when = format!(
        "{} {}",
        when::day_label(market.starts_at, Lang::ZhCn),
        when::time_range(market.starts_at, market.ends_at)
    );
    let title = format!("{} · {when}", market.title);
    let mut description = format!(
        "{}{} · {} · 牵头单位：{} · 空余摊位 {}/{}",
        market.venue.town,
        market.venue.village,
        market.venue.name,
        market.host_unit.name,
        market.stalls.free,
        market.stalls.total
    );
    if market.status == MarketStatus::Cancelled {
        description = format!(
            "已取消：{} · {description}",
            market.status_reason.as_deref().unwrap_or_default()
        );
    }
    let (title, description) = (escape(&title), escape(&description));
    let head = format!(
        "<title>{title} · 集市通</title>\
         <meta name=\"description\" content=\"{description}\">\
         <meta property=\"og:type\" content=\"website\">\
         <meta property=\"og:site_name\" content=\"集市通\">\
         <meta property=\"og:title\" content=\"{title}\">\
         <meta property=\"og:description\" content=\"{description}\">"
    );
    // trunk minifies index.html (unquoted attributes, no `<head>` tag), so anchor on what
    // survives minification: the charset declaration, which must come first anyway.
    let html = replace_between(&html, "<title>", "</title>", "");
    let html = remove_meta_named(&html, "description");
    match html
        .find("<meta charset")
        .and_then(|at| html[at..].find('>').map(|end| at + end + 1))
    {
        Some(after_charset) => {
            format!("{}{head}{}", &html[..after_charset], &html[after_charset..])
        }
        None => html,
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
    use super::*;

    #[test]
    fn markup_in_a_title_cannot_escape_the_attribute() {
        assert_eq!(
            escape("<script>\"x\"&'y'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;"
        );
    }

    #[test]
    fn the_old_title_and_description_make_way_in_plain_and_minified_html() {
        let plain = "<html><head><meta charset=\"utf-8\"><title>集市通</title><meta name=\"description\" content=\"old\"></head></html>";
        let minified = "<html lang=zh-CN><meta charset=utf-8><meta content=旧的 name=description><title>集市通</title><p>";
        for html in [plain, minified] {
            let adapted = with_preview(html.to_owned(), &sample_market());
            assert_eq!(adapted.matches("<title>").count(), 1, "{adapted}");
            assert!(
                !adapted.contains("old") && !adapted.contains("旧的"),
                "{adapted}"
            );
            assert!(adapted.contains("og:title"), "{adapted}");
            assert!(
                adapted.find("<title>") > adapted.find("<meta charset"),
                "{adapted}"
            );
        }
    }

    fn sample_market() -> Market {
        use jishi_core::{
            api::HostUnitRef,
            market::{Approval, BookingWindow, Contact, MarketKind, StallSummary, Venue},
        };
        let at = time::macros::datetime!(2026-12-05 08:00 +8);
        Market {
            id: "m-1".into(),
            title: "小桐村助富集市".into(),
            kind: MarketKind::ProduceFair,
            starts_at: at,
            ends_at: at + time::Duration::hours(4),
            status: MarketStatus::Scheduled,
            status_reason: None,
            host_unit: HostUnitRef {
                id: "hu-xiaotong".into(),
                name: "小桐村".into(),
            },
            venue: Venue {
                name: "广场".into(),
                town: "桐屿街道".into(),
                village: "小桐村".into(),
                address: "路桥区".into(),
                lat: 28.6,
                lng: 121.3,
            },
            stalls: StallSummary { total: 10, free: 8 },
            booking: BookingWindow {
                opens_at: at,
                closes_at: at,
                approval: Approval::Auto,
            },
            goods: "果蔬".into(),
            contact: Contact {
                name: "李主任".into(),
                phone: "0576".into(),
            },
        }
    }
}
