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
    let without_title = replace_between(&html, "<title>", "</title>", "");
    let without_description = remove_tag(&without_title, "<meta name=\"description\"");
    without_description.replacen("<head>", &format!("<head>{head}"), 1)
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

/// Drops the first tag starting with `start` up to its `>`.
fn remove_tag(html: &str, start: &str) -> String {
    match html.find(start) {
        Some(at) => match html[at..].find('>') {
            Some(len) => format!("{}{}", &html[..at], &html[at + len + 1..]),
            None => html.to_owned(),
        },
        None => html.to_owned(),
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
    fn the_old_title_and_description_make_way() {
        let html = "<html><head><meta charset=\"utf-8\"><title>集市通</title><meta name=\"description\" content=\"old\"></head></html>";
        let title_gone = replace_between(html, "<title>", "</title>", "");
        let both_gone = remove_tag(&title_gone, "<meta name=\"description\"");
        assert_eq!(
            both_gone,
            "<html><head><meta charset=\"utf-8\"></head></html>"
        );
    }
}
