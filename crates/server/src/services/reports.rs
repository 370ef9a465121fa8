//! 共富 reports: an organiser's count of what their host units' markets did over a span of days
//! (an admin's, of any unit or all), and the same as CSV for Excel.
//!
//! A market counts when its day falls in the span: held when it has begun and was not cancelled.
//! Its stalls count as its attendance page counts them (`services::checkins`): booked when confirmed
//! or marked absent; absent when marked so or, once it has closed, never scanned in. A stallholder
//! counts once however many stalls they held; a priority household is one the market's own unit
//! had marked on the market's day (a mark made or taken off later changes no past report).

use std::collections::{BTreeMap, HashMap, HashSet};

use jishi_core::{
    api::HostUnitRef,
    market::MarketKind,
    report::{
        KindCount, MarketLine, Report, ShownProduct, ShownWorkshop, StallCounts, VillageCount,
        MAX_DAYS,
    },
    when::{china_date, china_time, start_of_day},
};
use time::Date;

use crate::{
    csv::Csv,
    store::{
        places,
        reports::{self, HeldStall, ShownRow, Span, SpanMarket},
        users::UserRecord,
        Db, StoreError,
    },
};

/// Why a report was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// `to` before `from`, or a span longer than a year.
    #[error("bad span: {0}")]
    Span(String),
    /// No such host unit.
    #[error("not found")]
    NotFound,
    /// Not an organiser of the unit asked for (or of any).
    #[error("not yours")]
    NotYours,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The report of `from..=to` for `unit`, or for every unit `user` organises (every unit, for an
/// admin), as of `now`.
pub async fn report(
    db: &Db,
    now: i64,
    user: &UserRecord,
    from: Date,
    to: Date,
    unit: Option<&str>,
) -> Result<Report, ReportError> {
    if to < from {
        return Err(ReportError::Span("`to` is before `from`".into()));
    }
    if (to - from).whole_days() >= MAX_DAYS {
        return Err(ReportError::Span(format!("more than {MAX_DAYS} days")));
    }
    let units = counted_units(db, user, unit).await?;
    let span = Span {
        from: start_of_day(from),
        until: start_of_day(to.next_day().unwrap_or(to)),
    };
    let ours: HashSet<&str> = units.iter().map(|unit| unit.id.as_str()).collect();
    let markets: Vec<SpanMarket> = reports::markets(db, span)
        .await?
        .into_iter()
        .filter(|market| ours.contains(market.host_unit_id.as_str()))
        .collect();
    let held: Vec<&SpanMarket> = markets
        .iter()
        .filter(|m| !m.cancelled && m.starts_at <= now)
        .collect();
    let held_ids: HashSet<&str> = held.iter().map(|m| m.id.as_str()).collect();
    let stalls: Vec<HeldStall> = reports::stalls_held(db, span)
        .await?
        .into_iter()
        .filter(|stall| held_ids.contains(stall.market_id.as_str()))
        .collect();
    let shown: Vec<ShownRow> = reports::products_shown(db, span)
        .await?
        .into_iter()
        .filter(|row| held_ids.contains(row.market_id.as_str()))
        .collect();
    let offered: HashMap<String, i64> = reports::stalls_offered(db, span)
        .await?
        .into_iter()
        .collect();
    let visitors: HashMap<String, i64> = reports::visitors(db, span).await?.into_iter().collect();

    let mut held_at: HashMap<&str, Vec<&HeldStall>> = HashMap::new();
    for stall in &stalls {
        held_at
            .entry(stall.market_id.as_str())
            .or_default()
            .push(stall);
    }
    let lines: Vec<MarketLine> = held
        .iter()
        .map(|market| {
            let closed = now >= market.ends_at;
            let mut counts = StallCounts {
                offered: offered.get(&market.id).copied().unwrap_or_default(),
                visitors: visitors.get(&market.id).copied().unwrap_or_default(),
                ..StallCounts::default()
            };
            for stall in held_at.get(market.id.as_str()).into_iter().flatten() {
                counts.booked += 1;
                if stall.arrived {
                    counts.attended += 1;
                } else if stall.no_show || closed {
                    counts.no_shows += 1;
                }
            }
            MarketLine {
                id: market.id.clone(),
                title: market.title.clone(),
                kind: MarketKind::parse(&market.kind).unwrap_or(MarketKind::Other),
                day: china_date(china_time(market.starts_at)),
                host_unit: HostUnitRef {
                    id: market.host_unit_id.clone(),
                    name: market.host_unit_name.clone(),
                },
                counts,
            }
        })
        .collect();
    let (villages, stallholders, priority_stallholders) = by_village(&stalls);
    let (workshops, products) = shown_at(&shown);
    Ok(Report {
        from,
        to,
        units,
        markets_held: count(held.len()),
        markets_cancelled: count(markets.iter().filter(|m| m.cancelled).count()),
        markets_coming: count(
            markets
                .iter()
                .filter(|m| !m.cancelled && m.starts_at > now)
                .count(),
        ),
        by_kind: MarketKind::ALL
            .into_iter()
            .map(|kind| KindCount {
                kind,
                markets: count(lines.iter().filter(|line| line.kind == kind).count()),
            })
            .filter(|kind| kind.markets > 0)
            .collect(),
        totals: lines
            .iter()
            .fold(StallCounts::default(), |sum, line| sum.plus(line.counts)),
        stallholders,
        priority_stallholders,
        villages,
        markets: lines,
        workshops,
        products,
    })
}

/// The units a report counts: the one asked for, if `user` organises it; else all of theirs.
async fn counted_units(
    db: &Db,
    user: &UserRecord,
    unit: Option<&str>,
) -> Result<Vec<HostUnitRef>, ReportError> {
    let all = places::host_units(db).await?;
    let refs = all.into_iter().map(|unit| HostUnitRef {
        id: unit.id,
        name: unit.name,
    });
    match unit {
        Some(id) => {
            let asked: Vec<HostUnitRef> = refs.filter(|unit| unit.id == id).collect();
            if asked.is_empty() {
                return Err(ReportError::NotFound);
            }
            if !user.organises(id) {
                return Err(ReportError::NotYours);
            }
            Ok(asked)
        }
        None if user.is_admin => Ok(refs.collect()),
        None if user.host_units.is_empty() => Err(ReportError::NotYours),
        None => Ok(refs.filter(|unit| user.organises(&unit.id)).collect()),
    }
}

/// Distinct stallholders by village, the most first; and all of them, and the priority ones.
fn by_village(stalls: &[HeldStall]) -> (Vec<VillageCount>, i64, i64) {
    // A person is a priority household when any unit whose market they held a stall at marks them.
    let mut people: BTreeMap<&str, (&str, bool)> = BTreeMap::new();
    for stall in stalls {
        let entry = people
            .entry(stall.user_id.as_str())
            .or_insert((stall.village.trim(), false));
        entry.1 |= stall.priority;
    }
    let mut villages: BTreeMap<&str, VillageCount> = BTreeMap::new();
    for (village, priority) in people.values() {
        let line = villages.entry(village).or_insert_with(|| VillageCount {
            village: (*village).to_owned(),
            stallholders: 0,
            priority: 0,
        });
        line.stallholders += 1;
        line.priority += i64::from(*priority);
    }
    let mut villages: Vec<VillageCount> = villages.into_values().collect();
    // The most first; a name breaks ties, and those who gave no village come last among equals.
    villages.sort_by(|a, b| {
        (b.stallholders, a.village.is_empty(), &a.village).cmp(&(
            a.stallholders,
            b.village.is_empty(),
            &b.village,
        ))
    });
    let priority = people.values().filter(|(_, p)| *p).count();
    (villages, count(people.len()), count(priority))
}

/// The workshops and products shown, each with the markets that showed it, the most first.
fn shown_at(shown: &[ShownRow]) -> (Vec<ShownWorkshop>, Vec<ShownProduct>) {
    let mut products: BTreeMap<&str, (ShownProduct, HashSet<&str>)> = BTreeMap::new();
    let mut workshops: BTreeMap<&str, (ShownWorkshop, HashSet<&str>, HashSet<&str>)> =
        BTreeMap::new();
    for row in shown {
        let product = products.entry(&row.product_id).or_insert_with(|| {
            let workshop = row.workshop_name.clone().unwrap_or_default();
            let product = ShownProduct {
                id: row.product_id.clone(),
                name: row.product_name.clone(),
                workshop,
                markets: 0,
            };
            (product, HashSet::new())
        });
        product.1.insert(&row.market_id);
        if let Some(id) = &row.workshop_id {
            let workshop = workshops.entry(id).or_insert_with(|| {
                let workshop = ShownWorkshop {
                    id: id.clone(),
                    name: row.workshop_name.clone().unwrap_or_default(),
                    village: row.workshop_village.clone().unwrap_or_default(),
                    products: 0,
                    markets: 0,
                };
                (workshop, HashSet::new(), HashSet::new())
            });
            workshop.1.insert(&row.product_id);
            workshop.2.insert(&row.market_id);
        }
    }
    let mut products: Vec<ShownProduct> = products
        .into_values()
        .map(|(product, markets)| ShownProduct {
            markets: count(markets.len()),
            ..product
        })
        .collect();
    products.sort_by(|a, b| (b.markets, &a.name).cmp(&(a.markets, &b.name)));
    let mut workshops: Vec<ShownWorkshop> = workshops
        .into_values()
        .map(|(workshop, products, markets)| ShownWorkshop {
            products: count(products.len()),
            markets: count(markets.len()),
            ..workshop
        })
        .collect();
    workshops.sort_by(|a, b| (b.markets, &a.name).cmp(&(a.markets, &b.name)));
    (workshops, products)
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The report as CSV for Excel: the markets with their counts and a total line, then the villages,
/// then the workshops and products; headings in Chinese, the language of the district's forms.
pub fn csv(report: &Report) -> String {
    let mut csv = Csv::new();
    let units: Vec<&str> = report.units.iter().map(|u| u.name.as_str()).collect();
    csv.line(&[
        "共富集市报表".to_owned(),
        format!("{} 至 {}", report.from, report.to),
        units.join("、"),
    ]);
    csv.line(&[
        "举办集市".to_owned(),
        report.markets_held.to_string(),
        "取消".to_owned(),
        report.markets_cancelled.to_string(),
        "未举办".to_owned(),
        report.markets_coming.to_string(),
    ]);
    csv.line::<&str>(&[]);
    csv.line(&[
        "日期",
        "集市",
        "类型",
        "牵头单位",
        "提供摊位",
        "预订摊位",
        "到场",
        "未到场",
        "未到场率",
        "访客",
    ]);
    let counted = |counts: &StallCounts| {
        [
            counts.offered.to_string(),
            counts.booked.to_string(),
            counts.attended.to_string(),
            counts.no_shows.to_string(),
            counts
                .no_show_percent()
                .map(|p| format!("{p}%"))
                .unwrap_or_default(),
            counts.visitors.to_string(),
        ]
    };
    for line in &report.markets {
        let mut cells = vec![
            line.day.to_string(),
            line.title.clone(),
            line.kind.label_zh().to_owned(),
            line.host_unit.name.clone(),
        ];
        cells.extend(counted(&line.counts));
        csv.line(&cells);
    }
    let mut total = vec![
        "合计".to_owned(),
        format!("{} 场", report.markets_held),
        String::new(),
        String::new(),
    ];
    total.extend(counted(&report.totals));
    csv.line(&total);
    csv.line::<&str>(&[]);
    csv.line(&["村", "摊主", "其中帮扶户"]);
    for village in &report.villages {
        let name = match village.village.as_str() {
            "" => "未填写",
            name => name,
        };
        csv.line(&[
            name.to_owned(),
            village.stallholders.to_string(),
            village.priority.to_string(),
        ]);
    }
    csv.line(&[
        "合计".to_owned(),
        report.stallholders.to_string(),
        report.priority_stallholders.to_string(),
    ]);
    csv.line::<&str>(&[]);
    csv.line(&["共富工坊", "所在村", "展示产品", "参加集市"]);
    for workshop in &report.workshops {
        csv.line(&[
            workshop.name.clone(),
            workshop.village.clone(),
            workshop.products.to_string(),
            workshop.markets.to_string(),
        ]);
    }
    csv.line::<&str>(&[]);
    csv.line(&["产品", "共富工坊", "展示集市"]);
    for product in &report.products {
        csv.line(&[
            product.name.clone(),
            product.workshop.clone(),
            product.markets.to_string(),
        ]);
    }
    csv.finish()
}
