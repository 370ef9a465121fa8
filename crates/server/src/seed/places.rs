//! Real places of the article the project grew from: the host units (组织单位) and market venues.

/// A host unit: id, name, town, county, usual venue.
pub const HOST_UNITS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "hu-jiangsengqiao",
        "蒋僧桥村",
        "峰江街道",
        "台州市路桥区",
        "v-jiangsengqiao",
    ),
    (
        "hu-jinliang",
        "金良社区",
        "新桥镇",
        "台州市路桥区",
        "v-jinliang",
    ),
    (
        "hu-xiaotong",
        "小桐村",
        "桐屿街道",
        "台州市路桥区",
        "v-xiaotong",
    ),
    (
        "hu-changan",
        "长安镇共富工坊服务中心",
        "长安镇",
        "嘉兴海宁市",
        "v-changan",
    ),
    (
        "hu-shangping",
        "上坪村",
        "鹤塘乡",
        "丽水市青田县",
        "v-shangping",
    ),
    (
        "hu-songshi",
        "宋市村",
        "新市镇",
        "湖州市德清县",
        "v-songshi",
    ),
];

/// A venue: id, name, town, village, address, latitude, longitude (GCJ-02, approximate).
pub type VenueRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
);

/// Where the demo markets are held.
pub const VENUES: &[VenueRow] = &[
    (
        "v-jiangsengqiao",
        "蒋僧桥村文化礼堂广场",
        "峰江街道",
        "蒋僧桥村",
        "台州市路桥区峰江街道蒋僧桥村百花共富工坊旁",
        28.5368,
        121.3392,
    ),
    (
        "v-jinliang",
        "金良社区稻香果园停车场",
        "新桥镇",
        "金良社区",
        "台州市路桥区新桥镇金良社区二嫂乡苑北侧",
        28.5561,
        121.3035,
    ),
    (
        "v-xiaotong",
        "小桐村阳光工坊前广场",
        "桐屿街道",
        "小桐村",
        "台州市路桥区桐屿街道小桐村",
        28.6013,
        121.3301,
    ),
    (
        "v-changan",
        "长安镇共富工坊服务中心",
        "长安镇",
        "兴城村",
        "嘉兴海宁市长安镇兴城村",
        30.4652,
        120.4381,
    ),
    (
        "v-shangping",
        "上坪村红糖工坊晒场",
        "鹤塘乡",
        "上坪村",
        "丽水市青田县鹤塘乡上坪村知味红红糖工坊",
        28.1452,
        120.2463,
    ),
    (
        "v-songshi",
        "新市古镇运河边",
        "新市镇",
        "宋市村",
        "湖州市德清县新市镇运河沿岸",
        30.6142,
        120.2953,
    ),
];

/// The venue with this id, as the API shows it.
pub fn venue(id: &str) -> jishi_core::market::Venue {
    let (_, name, town, village, address, lat, lng) = VENUES
        .iter()
        .find(|row| row.0 == id)
        .copied()
        .unwrap_or(VENUES[0]);
    jishi_core::market::Venue {
        name: name.into(),
        town: town.into(),
        village: village.into(),
        address: address.into(),
        lat: Some(lat),
        lng: Some(lng),
    }
}
