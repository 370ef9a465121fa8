//! What a shared link's card shows: a title, a line about it and a picture. The server writes it
//! as `og:` tags (what most chat apps read); inside WeChat, whose browser reads only what a page
//! gives its JS-SDK, the app hands WeChat the same card. In Chinese: the group it goes to reads it.

use jishi_core::{
    market::{Market, MarketStatus},
    product::{Photo, Product, Workshop},
    when, Lang,
};

use crate::paths;

/// A shared link's card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareCard {
    /// The card's title.
    pub title: String,
    /// The line under it.
    pub description: String,
    /// The picture's absolute URL (chat apps fetch it from elsewhere).
    pub image: String,
}

/// The schedule's card (and the card of any page without one of its own).
pub fn schedule_card(origin: &str) -> ShareCard {
    ShareCard {
        title: "集市通 · 本月助富集市".to_owned(),
        description: "浙江乡村助富集市：本月集市的时间地点、摊位预约、扫码签到。".to_owned(),
        image: format!("{origin}{}", paths::site_share_image()),
    }
}

/// A market's card: its title with the day and hours; where, who, and the free stalls; its own
/// picture with the title, day and place in large type.
pub fn market_card(market: &Market, origin: &str) -> ShareCard {
    let when = when::day_and_hours(market.starts_at, market.ends_at, Lang::ZhCn);
    let mut description = format!(
        "{}{} · {} · 牵头单位：{} · {}",
        market.venue.town,
        market.venue.village,
        market.venue.name,
        market.host_unit.name,
        market.stalls.in_chinese()
    );
    let status = match market.status {
        MarketStatus::Scheduled => None,
        MarketStatus::Cancelled => Some("已取消"),
        MarketStatus::Postponed => Some("已延期"),
    };
    if let Some(status) = status {
        let reason = market.status_reason.as_deref().unwrap_or_default();
        description = format!("{status}：{reason} · {description}");
    }
    ShareCard {
        title: format!("{} · {when}", market.title),
        description,
        image: format!("{origin}{}", paths::market_share_image(&market.id)),
    }
}

/// A product's card: its name and description, and its first photo.
pub fn product_card(product: &Product, origin: &str) -> ShareCard {
    ShareCard {
        title: product.name.clone(),
        description: product.description.clone(),
        image: picture(product.photos.first(), origin),
    }
}

/// A workshop's card: its name and summary, and the first photo of its products.
pub fn workshop_card(workshop: &Workshop, origin: &str) -> ShareCard {
    ShareCard {
        title: workshop.name.clone(),
        description: workshop.summary.clone(),
        image: picture(
            workshop.products.iter().find_map(|p| p.photo.as_ref()),
            origin,
        ),
    }
}

/// A photo's small copy (a card's picture is shown small), or the site's picture.
fn picture(photo: Option<&Photo>, origin: &str) -> String {
    match photo {
        Some(photo) => format!("{origin}{}", photo.small),
        None => format!("{origin}{}", paths::site_share_image()),
    }
}
