//! Local products (好物) and the workshops (共富工坊) that make them, as the API gives and takes them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

use crate::{
    field::{one_line, text, Field, Problem},
    market::{Contact, MarketStatus},
};

/// What kind of goods a product is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 果蔬: fruit and vegetables.
    Produce,
    /// 特产: local specialities (brown sugar, loquat syrup…).
    Specialty,
    /// 手工: handicrafts.
    Handicraft,
    /// 美食: food to eat at the fair or take home.
    Food,
    /// 苗木花卉: seedlings, trees and flowers.
    Nursery,
}

impl Category {
    /// Every category, in the order filters list them.
    pub const ALL: [Self; 5] = [
        Self::Produce,
        Self::Specialty,
        Self::Handicraft,
        Self::Food,
        Self::Nursery,
    ];

    /// The category as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Produce => "produce",
            Self::Specialty => "specialty",
            Self::Handicraft => "handicraft",
            Self::Food => "food",
            Self::Nursery => "nursery",
        }
    }

    /// Reads a stored or sent category.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The months of the year a product is in season, written as a list such as `[11, 12, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SeasonMonths(u16);

impl SeasonMonths {
    /// Every month.
    pub const ALL_YEAR: Self = Self(0x0fff);

    /// From month numbers 1–12; anything else is refused.
    pub fn from_months(months: &[u8]) -> Option<Self> {
        months.iter().try_fold(Self(0), |acc, &m| {
            (1..=12).contains(&m).then(|| Self(acc.0 | 1 << (m - 1)))
        })
    }

    /// The bits as stored: bit 0 is January.
    pub fn bits(self) -> u16 {
        self.0
    }

    /// From stored bits (extra bits are dropped).
    pub fn from_bits(bits: u16) -> Self {
        Self(bits & Self::ALL_YEAR.0)
    }

    /// Whether month 1–12 is in season.
    pub fn contains(self, month: u8) -> bool {
        (1..=12).contains(&month) && self.0 & (1 << (month - 1)) != 0
    }

    /// The months in season, in calendar order.
    pub fn months(self) -> Vec<u8> {
        (1..=12).filter(|m| self.contains(*m)).collect()
    }

    /// Whether no month is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The season as runs of months (first, last), a run may cross the new year: [11, 12, 1, 2, 3]
    /// is one run (11, 3). Empty for no months, and (1, 12) for all year.
    pub fn runs(self) -> Vec<(u8, u8)> {
        if self == Self::ALL_YEAR {
            return vec![(1, 12)];
        }
        // Start counting right after a month out of season, so no run is cut at December.
        let Some(gap) = (1..=12).find(|m| !self.contains(*m)) else {
            return Vec::new();
        };
        let mut runs = Vec::new();
        let mut open: Option<(u8, u8)> = None;
        for step in 1..=12u8 {
            let month = (gap + step - 1) % 12 + 1;
            match (self.contains(month), open) {
                (true, None) => open = Some((month, month)),
                (true, Some((first, _))) => open = Some((first, month)),
                (false, Some(run)) => {
                    runs.push(run);
                    open = None;
                }
                (false, None) => {}
            }
        }
        runs.extend(open);
        runs
    }
}

impl Serialize for SeasonMonths {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.months().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SeasonMonths {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let months = Vec::<u8>::deserialize(deserializer)?;
        Self::from_months(&months)
            .ok_or_else(|| serde::de::Error::custom("season months are 1 to 12"))
    }
}

/// A photo in two sizes, both JPEG without metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    /// Opaque id.
    pub id: String,
    /// Up to 480 px wide: lists.
    pub small: String,
    /// Up to 1280 px wide: the product page.
    pub large: String,
    /// The large copy's width.
    pub width: u32,
    /// The large copy's height.
    pub height: u32,
}

/// A workshop named in another answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopRef {
    /// Opaque id.
    pub id: String,
    /// e.g. 百花共富工坊.
    pub name: String,
}

/// A product as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    /// Opaque id.
    pub id: String,
    /// e.g. 枇杷露.
    pub name: String,
    /// What kind of goods.
    pub category: Category,
    /// Who makes it, when a workshop does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop: Option<WorkshopRef>,
    /// The months it is in season.
    pub season_months: SeasonMonths,
    /// e.g. 约 25 元/斤.
    pub price_text: String,
    /// The first photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Photo>,
}

/// A market where a product will be sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketRef {
    /// The market's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it opens, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    /// When it closes, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    /// Whether it goes ahead.
    pub status: MarketStatus,
    /// 镇/街道 · 村/社区 of its venue.
    pub place: String,
    /// The stall that carries the product there (e.g. A03), once one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stall: Option<String>,
}

/// `GET /api/v1/products/{id}`: what a list shows, and more. (No `#[serde(flatten)]` of the
/// summary: its buffering would cost the app's wasm several kilobytes.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    /// Opaque id.
    pub id: String,
    /// e.g. 枇杷露.
    pub name: String,
    /// What kind of goods.
    pub category: Category,
    /// Who makes it, when a workshop does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop: Option<WorkshopRef>,
    /// The months it is in season.
    pub season_months: SeasonMonths,
    /// e.g. 约 25 元/斤.
    pub price_text: String,
    /// A few sentences on it.
    pub description: String,
    /// Every photo, first one first.
    pub photos: Vec<Photo>,
    /// The coming markets that carry it, soonest first.
    pub markets: Vec<MarketRef>,
}

/// A workshop as `GET /api/v1/workshops` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkshopSummary {
    /// Opaque id.
    pub id: String,
    /// e.g. 知味红·红糖工坊.
    pub name: String,
    /// 镇/街道.
    pub town: String,
    /// 村/社区.
    pub village: String,
    /// What it does, in a sentence.
    pub summary: String,
    /// How many people it employs.
    pub employs: u32,
    /// The host unit whose organisers keep its products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_unit_id: Option<String>,
}

/// `GET /api/v1/workshops/{id}`: what a list shows, and more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workshop {
    /// Opaque id.
    pub id: String,
    /// e.g. 知味红·红糖工坊.
    pub name: String,
    /// 镇/街道.
    pub town: String,
    /// 村/社区.
    pub village: String,
    /// What it does, in a sentence.
    pub summary: String,
    /// How many people it employs.
    pub employs: u32,
    /// Whom to call.
    pub contact: Contact,
    /// Its products.
    pub products: Vec<ProductSummary>,
}

/// `POST /api/v1/products` and `PUT /api/v1/products/{id}`: a product as its maker enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductDraft {
    /// e.g. 枇杷露.
    pub name: String,
    /// What kind of goods.
    pub category: Category,
    /// The workshop that makes it; `None` for a stallholder's own goods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop_id: Option<String>,
    /// The months it is in season (at least one).
    pub season_months: SeasonMonths,
    /// e.g. 约 25 元/斤.
    #[serde(default)]
    pub price_text: String,
    /// A few sentences.
    #[serde(default)]
    pub description: String,
}

impl ProductDraft {
    /// Checks every rule, and trims the text fields.
    pub fn checked(mut self) -> Result<Self, Problem> {
        self.name = one_line(Field::Name, &self.name, 30)?;
        self.price_text = text(Field::Price, &self.price_text, 30)?;
        if self.price_text.contains('\n') {
            return Err(Problem::Invalid(Field::Price));
        }
        self.description = text(Field::Description, &self.description, 500)?;
        if self.season_months.is_empty() {
            return Err(Problem::Missing(Field::Season));
        }
        self.workshop_id = self
            .workshop_id
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty());
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasons_are_month_lists_on_the_wire_and_bits_in_the_store() {
        let winter = SeasonMonths::from_months(&[11, 12, 1]).unwrap();
        assert!(winter.contains(12) && winter.contains(1) && !winter.contains(6));
        assert_eq!(serde_json::to_string(&winter).unwrap(), "[1,11,12]");
        assert_eq!(SeasonMonths::from_bits(winter.bits()), winter);
        assert_eq!(SeasonMonths::from_months(&[0]), None);
        assert_eq!(SeasonMonths::from_months(&[13]), None);
        assert!(serde_json::from_str::<SeasonMonths>("[5, 13]").is_err());
        assert_eq!(SeasonMonths::ALL_YEAR.months().len(), 12);
    }

    #[test]
    fn a_draft_is_trimmed_and_needs_a_name_and_a_season() {
        let draft = ProductDraft {
            name: " 枇杷露 ".into(),
            category: Category::Specialty,
            workshop_id: Some(" ".into()),
            season_months: SeasonMonths::ALL_YEAR,
            price_text: "约 35 元/瓶".into(),
            description: String::new(),
        };
        let checked = draft.clone().checked().unwrap();
        assert_eq!(checked.name, "枇杷露");
        assert_eq!(checked.workshop_id, None);
        let nameless = ProductDraft {
            name: "  ".into(),
            ..draft.clone()
        };
        assert_eq!(nameless.checked(), Err(Problem::Missing(Field::Name)));
        let seasonless = ProductDraft {
            season_months: SeasonMonths::default(),
            ..draft
        };
        assert_eq!(seasonless.checked(), Err(Problem::Missing(Field::Season)));
    }

    #[test]
    fn seasons_read_as_runs_across_the_new_year() {
        let runs = |months: &[u8]| SeasonMonths::from_months(months).unwrap().runs();
        assert_eq!(runs(&[11, 12, 1, 2, 3]), [(11, 3)]);
        assert_eq!(runs(&[5, 6]), [(5, 6)]);
        assert_eq!(runs(&[3, 4, 9, 10, 11]), [(3, 4), (9, 11)]);
        assert_eq!(runs(&[12]), [(12, 12)]);
        assert_eq!(SeasonMonths::ALL_YEAR.runs(), [(1, 12)]);
        assert!(SeasonMonths::default().runs().is_empty());
    }

    #[test]
    fn categories_round_trip() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.as_str()), Some(category));
        }
        assert_eq!(
            serde_json::to_string(&Category::Nursery).unwrap(),
            "\"nursery\""
        );
    }
}
