//! Ready notices for WeChat groups: a few lines in plain Chinese (what the groups read) with the
//! day, the place, what changed and the market's link, for an organiser to copy in one tap.

use jishi_core::{
    market::{BookingState, Market, MarketStatus},
    message::{Notice, NoticeKind},
    when, Lang,
};
use jishi_views::{market::share_text, paths};

/// The notices that fit `market` at `now`: what happened to it last, and what a group can still
/// act on (booking open, stalls free).
pub fn for_market(market: &Market, origin: &str, now: i64) -> Vec<Notice> {
    let link = format!("{origin}{}", paths::market(&market.id));
    let day = when::day_and_hours(market.starts_at, market.ends_at, Lang::ZhCn);
    let venue = &market.venue;
    let place = format!("{}{} {}", venue.town, venue.village, venue.name);
    let reason = market.status_reason.as_deref().unwrap_or_default();
    let title = &market.title;
    let mut notices = Vec::new();
    let mut add = |kind, text: String| notices.push(Notice { kind, text });
    match market.status {
        MarketStatus::Cancelled => {
            add(
                NoticeKind::Cancelled,
                format!(
                    "【集市取消】{title}\n原定时间：{day}\n地点：{place}\n取消原因：{reason}\n已预订摊位的摊主会收到短信，请互相转告。\n{link}"
                ),
            );
            return notices;
        }
        MarketStatus::Postponed => add(
            NoticeKind::Postponed,
            format!(
                "【集市延期】{title}\n新的时间：{day}\n地点：{place}\n延期原因：{reason}\n已预订的摊位保留，请互相转告。\n{link}"
            ),
        ),
        MarketStatus::Scheduled => add(NoticeKind::New, share_text(market, origin)),
    }
    let stalls = market.stalls;
    match market.booking.state(now) {
        BookingState::NotYet(opens) => add(
            NoticeKind::BookingOpen,
            format!(
                "【摊位预订】{title}（{day}）\n{}起开放预订，共{}个摊位，先到先得。\n{link}",
                when::moment_label(opens.unix_timestamp(), Lang::ZhCn),
                stalls.total
            ),
        ),
        BookingState::Open(closes) => {
            add(
                NoticeKind::BookingOpen,
                format!(
                    "【摊位预订中】{title}（{day}）\n现在可以预订摊位，{}截止。\n{link}",
                    when::moment_label(closes.unix_timestamp(), Lang::ZhCn)
                ),
            );
            if stalls.laid_out() && stalls.free > 0 {
                add(
                    NoticeKind::StallsFree,
                    format!(
                        "【还有空摊位】{title}（{day}）\n还剩{}个摊位（共{}个），要摆摊的抓紧预订。\n{link}",
                        stalls.free, stalls.total
                    ),
                );
            }
        }
        BookingState::Closed(_) => {}
    }
    notices
}
