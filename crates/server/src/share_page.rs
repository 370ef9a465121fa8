//! Pages opened cold from a WeChat link carry their content in the HTML, before any wasm runs:
//! `/m/{id}` has the market's title and description in `<title>` and the `og:` tags (the share card),
//! and `/` has the coming markets written out, so the schedule is readable on first paint.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use jishi_core::{
    market::{Market, MarketKind, MarketStatus, CHINA},
    when, Lang,
};

use crate::{
    startup::AppState,
    static_files,
    store::markets::{self, MarketFilter},
};

/// How many markets the first paint shows: a phone screen or two; the app shows the rest.
const FIRST_PAINT_MARKETS: usize = 8;

/// `/`: the app, with the coming markets already in the page.
pub async fn home_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let today = when::china_time(state.clock.now()).date();
    let filter = MarketFilter {
        from: today.midnight().assume_offset(CHINA).unix_timestamp(),
        ..MarketFilter::default()
    };
    let upcoming = markets::list(&state.db, &filter)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "first paint without the schedule");
            Vec::new()
        });
    static_files::serve_index_with(&state.index_html, &headers, |html| {
        if upcoming.is_empty() {
            html
        } else {
            with_schedule(html, &upcoming[..upcoming.len().min(FIRST_PAINT_MARKETS)])
        }
    })
    .await
}

/// Writes the schedule right after the top bar; the stylesheet hides the skeleton that follows,
/// and the app replaces all of it when it starts.
fn with_schedule(html: String, upcoming: &[Market]) -> String {
    let Some(at) = html.find("</header>").map(|i| i + "</header>".len()) else {
        return html;
    };
    let mut page = String::from("<div class=\"page prerender\"><h1>近期集市</h1>");
    let mut day = None;
    for market in upcoming {
        let this_day = when::china_date(market.starts_at);
        if day != Some(this_day) {
            if day.is_some() {
                page.push_str("</section>");
            }
            day = Some(this_day);
            page.push_str(&format!(
                "<section class=\"day\"><h2 class=\"day-label\">{}</h2>",
                when::day_label(market.starts_at, Lang::ZhCn)
            ));
        }
        page.push_str(&card(market));
    }
    page.push_str("</section></div>");
    format!("{}{page}{}", &html[..at], &html[at..])
}

/// The same markup as the app's `MarketCard`, in Chinese (the app takes over in the chosen language).
fn card(market: &Market) -> String {
    let note = match market.status {
        MarketStatus::Scheduled => String::new(),
        MarketStatus::Cancelled | MarketStatus::Postponed => format!(
            "<p class=\"status-note\" role=\"note\">{}：{}</p>",
            if market.status == MarketStatus::Cancelled {
                "已取消"
            } else {
                "已延期"
            },
            escape(market.status_reason.as_deref().unwrap_or_default())
        ),
    };
    format!(
        "<article class=\"card market{cancelled}\"><p class=\"market-when\"><strong>{hours}</strong><span class=\"chip\">{kind}</span></p>\
         <h3><a href=\"/m/{id}\">{title}</a></h3>{note}<p class=\"muted\">{town} · {village} · {venue}</p>\
         <p class=\"muted\">牵头单位：{host}</p><p class=\"stalls\">空余摊位 <strong>{free} / {total}</strong></p></article>",
        cancelled = if market.status == MarketStatus::Scheduled { "" } else { " cancelled" },
        hours = when::time_range(market.starts_at, market.ends_at),
        kind = kind_label(market.kind),
        id = escape(&market.id),
        title = escape(&market.title),
        town = escape(&market.venue.town),
        village = escape(&market.venue.village),
        venue = escape(&market.venue.name),
        host = escape(&market.host_unit.name),
        free = market.stalls.free,
        total = market.stalls.total,
    )
}

fn kind_label(kind: MarketKind) -> &'static str {
    match kind {
        MarketKind::ProduceFair => "特色农产品展销",
        MarketKind::TrunkMarket => "后备箱集市",
        MarketKind::Festival => "节庆集市",
        MarketKind::NightMarket => "夜市",
        MarketKind::Other => "集市",
    }
}

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
                lat: Some(28.6),
                lng: Some(121.3),
            },
            stalls: StallSummary { total: 10, free: 8 },
            booking: BookingWindow {
                opens_at: at,
                closes_at: at,
                approval: Approval::Auto,
                stalls_per_person: 1,
                cancel_hours: 24,
            },
            goods: "果蔬".into(),
            contact: Contact {
                name: "李主任".into(),
                phone: "0576".into(),
            },
        }
    }
}
