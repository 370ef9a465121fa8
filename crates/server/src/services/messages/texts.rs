//! The words of each message, Chinese first. They live here and not in `locales/`: the apps never
//! show them, and every string in the locale files is carried in the villagers' wasm.

use jishi_core::{market::Market, message::MessageKind, when, Lang};

use crate::store::bookings::BookingRow;

/// What a message is made of: the provider's template parameters, and our own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    title: String,
    day_zh: String,
    day_en: String,
    place: String,
    stall: String,
    reason: String,
    contact: String,
    link: String,
    rank: String,
}

/// The longest a template parameter may be at the provider (Alibaba Cloud: 35 characters).
const PARAM_CHARS: usize = 35;

impl Facts {
    /// The facts of `booking` at `market`, with its ticket's link when given.
    pub fn of(market: &Market, booking: &BookingRow, link: Option<&str>) -> Self {
        Self {
            stall: booking.stall_code.clone(),
            reason: booking
                .reason
                .clone()
                .or_else(|| market.status_reason.clone())
                .unwrap_or_default(),
            link: link.unwrap_or_default().to_owned(),
            ..Self::of_market(market)
        }
    }

    /// The facts of a place in line at `market`, `rank` from 1: no stall yet.
    pub fn in_line(market: &Market, rank: usize) -> Self {
        Self {
            rank: rank.to_string(),
            ..Self::of_market(market)
        }
    }

    fn of_market(market: &Market) -> Self {
        let day = |lang| when::day_and_hours(market.starts_at, market.ends_at, lang);
        let venue = &market.venue;
        Self {
            title: market.title.clone(),
            day_zh: day(Lang::ZhCn),
            day_en: day(Lang::En),
            place: format!("{}{}{}", venue.town, venue.village, venue.name),
            stall: String::new(),
            reason: String::new(),
            contact: market.contact.phone.clone(),
            link: String::new(),
            rank: String::new(),
        }
    }

    /// The provider's template parameters (each cut to what it takes).
    pub fn params(&self) -> serde_json::Value {
        let cut = |text: &str| text.chars().take(PARAM_CHARS).collect::<String>();
        serde_json::json!({
            "title": cut(&self.title),
            "time": cut(&self.day_zh),
            "place": cut(&self.place),
            "stall": cut(&self.stall),
            "reason": cut(&self.reason),
            "contact": cut(&self.contact),
            "link": self.link,
            "rank": self.rank,
        })
    }
}

/// A message's words in `lang`.
pub fn text(kind: MessageKind, lang: Lang, f: &Facts) -> String {
    let (title, place, stall, reason, contact, link, rank) = (
        &f.title, &f.place, &f.stall, &f.reason, &f.contact, &f.link, &f.rank,
    );
    match lang {
        Lang::ZhCn => {
            let day = &f.day_zh;
            match kind {
                MessageKind::Approved => {
                    format!("您在「{title}」预订的{stall}号摊位已通过审核。时间：{day}，地点：{place}。")
                }
                MessageKind::Rejected => {
                    format!("很抱歉，您在「{title}」预订的{stall}号摊位未通过审核：{reason}。")
                }
                MessageKind::Offered => format!(
                    "有摊位空出来了：「{title}」的{stall}号摊位归您了。时间：{day}，地点：{place}。来不了请在“我的摊位”里取消。"
                ),
                MessageKind::Cancelled => format!(
                    "「{title}」（{day}）已取消：{reason}。您的{stall}号摊位作废，请不要前往。"
                ),
                MessageKind::Postponed => format!(
                    "「{title}」延期：{reason}。新的时间：{day}，地点：{place}。您的{stall}号摊位保留。"
                ),
                MessageKind::Reminder => format!(
                    "明天{day}「{title}」在{place}开市，您的摊位是{stall}号。入场凭证：{link}"
                ),
                MessageKind::NoShow => format!(
                    "您在「{title}」（{day}）的{stall}号摊位被登记为缺席。如有异议，请致电组织方：{contact}。"
                ),
                MessageKind::Drawn => format!(
                    "恭喜，您在「{title}」摊位摇号中签：{stall}号摊位。时间：{day}，地点：{place}。来不了请在“我的摊位”里取消。"
                ),
                MessageKind::Waitlisted => format!(
                    "「{title}」摊位摇号结果：这次没有抽中，您排在候补第{rank}位。有摊位空出来会按顺序短信通知您。"
                ),
            }
        }
        Lang::En => {
            let day = &f.day_en;
            match kind {
                MessageKind::Approved => {
                    format!("Your stall {stall} at \"{title}\" is approved. {day}, {place}.")
                }
                MessageKind::Rejected => {
                    format!("Sorry, your booking of stall {stall} at \"{title}\" was not approved: {reason}.")
                }
                MessageKind::Offered => format!(
                    "A stall came free: stall {stall} at \"{title}\" is yours. {day}, {place}. If you cannot come, cancel it under My stalls."
                ),
                MessageKind::Cancelled => format!(
                    "\"{title}\" ({day}) is cancelled: {reason}. Stall {stall} is void; please do not come."
                ),
                MessageKind::Postponed => format!(
                    "\"{title}\" is postponed: {reason}. New time: {day}, {place}. Your stall {stall} is kept."
                ),
                MessageKind::Reminder => format!(
                    "Tomorrow: \"{title}\", {day}, {place}. Your stall: {stall}. Ticket: {link}"
                ),
                MessageKind::NoShow => format!(
                    "You were marked absent from stall {stall} at \"{title}\" ({day}). To appeal, call the organisers: {contact}."
                ),
                MessageKind::Drawn => format!(
                    "You were drawn in the stall lottery of \"{title}\": stall {stall}. {day}, {place}. If you cannot come, cancel it under My stalls."
                ),
                MessageKind::Waitlisted => format!(
                    "Stall lottery of \"{title}\": not drawn this time; you are number {rank} in line. We will text you in turn if a stall comes free."
                ),
            }
        }
    }
}
