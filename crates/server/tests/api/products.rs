//! Products and workshops: search by characters, pinyin, initials and a mix; filters; entering
//! products and photos, and who may. The demo data is seeded for 2026-11-29 (November).

use std::io::Cursor;

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{error_code, spawn_app, TestApp};

async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let response = app.get(&format!("/api/v1/products{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let body: Value = response.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

fn q(text: &str) -> String {
    format!("?q={}", urlencode(text))
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn search_understands_characters_pinyin_initials_and_a_mix() {
    let app = spawn_app().await;

    let by_hanzi = names(&app, &q("枇杷")).await;
    for name in ["枇杷露", "枇杷膏", "白沙枇杷"] {
        assert!(
            by_hanzi.contains(&name.to_owned()),
            "{name} in {by_hanzi:?}"
        );
    }
    assert!(by_hanzi.iter().all(|n| n.contains("枇杷")), "{by_hanzi:?}");
    assert_eq!(
        names(&app, &q("pipalu")).await.first().map(String::as_str),
        Some("枇杷露")
    );
    assert_eq!(
        names(&app, &q("ppl")).await.first().map(String::as_str),
        Some("枇杷露")
    );
    assert_eq!(
        names(&app, &q("枇pal")).await.first().map(String::as_str),
        Some("枇杷露")
    );
    assert_eq!(
        names(&app, &q("PiPa Lu")).await.first().map(String::as_str),
        Some("枇杷露")
    );
    let sugar = names(&app, &q("hongtang")).await;
    assert_eq!(
        sugar.first().map(String::as_str),
        Some("古法红糖"),
        "{sugar:?}"
    );
    assert!(sugar.contains(&"红糖姜茶".to_owned()));
    let in_the_middle = names(&app, &q("糖")).await;
    assert!(in_the_middle.contains(&"古法红糖".to_owned()));
    // A workshop's name finds its products, ranked below name matches.
    let flowers = names(&app, &q("百花")).await;
    assert!(flowers.contains(&"盆栽山茶花".to_owned()), "{flowers:?}");
}

#[tokio::test]
async fn a_search_that_finds_nothing_is_an_empty_list_and_syntax_is_harmless() {
    let app = spawn_app().await;

    assert!(names(&app, &q("xyzxyz")).await.is_empty());
    assert!(names(&app, &q("火锅")).await.is_empty());
    for odd in ["\" OR 1", "name_hanzi:枇", "*", "(", "NOT"] {
        let response = app.get(&format!("/api/v1/products{}", q(odd))).await;
        assert_eq!(response.status(), 200, "{odd}");
    }
    let everything = names(&app, "").await;
    assert_eq!(
        names(&app, &q(" ，。")).await,
        everything,
        "punctuation alone searches nothing"
    );
}

#[tokio::test]
async fn filters_by_category_workshop_and_season() {
    let app = spawn_app().await;

    let nursery = names(&app, "?category=nursery").await;
    assert_eq!(nursery.len(), 4, "{nursery:?}");
    let sugar_workshop = names(&app, "?workshop=ws-zhiweihong").await;
    assert_eq!(sugar_workshop.len(), 3);
    let in_november = names(&app, "?in_season=true").await;
    assert!(in_november.contains(&"古法红糖".to_owned()));
    assert!(
        !in_november.contains(&"白沙枇杷".to_owned()),
        "loquats are May and June"
    );
    let everything = names(&app, "").await;
    let first_out_of_season = everything.iter().position(|n| n == "白沙枇杷").unwrap();
    assert!(
        everything.iter().position(|n| n == "古法红糖").unwrap() < first_out_of_season,
        "in season first"
    );
    let both = names(&app, &format!("{}&category=specialty", q("hongtang"))).await;
    assert_eq!(both, ["古法红糖", "红糖姜茶"]);

    let response = app.get("/api/v1/products?category=jewellery").await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
}

#[tokio::test]
async fn hongtang_leads_to_the_brown_sugar_and_the_market_where_it_is_sold_next() {
    let app = spawn_app().await;
    let found: Value = app
        .get(&format!("/api/v1/products{}", q("hongtang")))
        .await
        .json()
        .await
        .unwrap();
    let id = found["items"][0]["id"].as_str().unwrap();

    let product: Value = app
        .get(&format!("/api/v1/products/{id}"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(product["name"], "古法红糖");
    assert_eq!(product["workshop"]["name"], "知味红·红糖工坊");
    assert_eq!(product["season_months"], json!([1, 2, 3, 11, 12]));
    assert_eq!(product["price_text"], "约 30 元/斤");
    let market = &product["markets"][0];
    assert_eq!(market["id"], "m-shangping-sugar");
    assert_eq!(market["place"], "鹤塘乡 · 上坪村");
    assert_eq!(market["stall"], "A01", "the stall that carries it");
    assert!(market["starts_at"].as_str().unwrap() > "2026-11-29");

    let response = app.get("/api/v1/products/p-nothing").await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
}

#[tokio::test]
async fn workshops_are_listed_and_show_their_products() {
    let app = spawn_app().await;

    let list: Value = app.get("/api/v1/workshops").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 6);
    let workshop: Value = app
        .get("/api/v1/workshops/ws-yangguang")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(workshop["village"], "小桐村");
    assert_eq!(workshop["contact"]["name"], "蒋书记");
    assert_eq!(workshop["products"].as_array().unwrap().len(), 3);
    let response = app.get("/api/v1/workshops/ws-nothing").await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
}

/// Enters [`my_goods`] as `owner`'s and returns the product's id.
async fn my_product(app: &TestApp, owner: &str) -> String {
    let created: Value = app
        .send(Method::POST, "/api/v1/products", owner, &my_goods())
        .await
        .json()
        .await
        .unwrap();
    created["id"].as_str().unwrap().to_owned()
}

fn my_goods() -> Value {
    json!({
        "name": "自家腌的咸菜",
        "category": "food",
        "season_months": [11, 12, 1],
        "price_text": "约 12 元/斤",
        "description": "雪里蕻腌的，下饭。"
    })
}

#[tokio::test]
async fn a_stallholder_enters_and_changes_their_own_goods_and_no_one_elses() {
    let app = spawn_app().await;
    let stallholder = app.log_in("13700137001").await;
    let neighbour = app.log_in("13700137002").await;

    let response = app
        .send(Method::POST, "/api/v1/products", &stallholder, &my_goods())
        .await;
    assert_eq!(response.status(), 201);
    let product: Value = response.json().await.unwrap();
    let path = format!("/api/v1/products/{}", product["id"].as_str().unwrap());
    assert!(product.get("workshop").is_none());
    assert_eq!(
        names(&app, &q("xiancai")).await,
        ["自家腌的咸菜"],
        "indexed at once"
    );

    let mut changed = my_goods();
    changed["name"] = json!("雪菜");
    let response = app.send(Method::PUT, &path, &stallholder, &changed).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        names(&app, &q("xiancai")).await,
        Vec::<String>::new(),
        "the old name is gone"
    );
    assert_eq!(names(&app, &q("xuecai")).await, ["雪菜"]);

    let response = app.send(Method::PUT, &path, &neighbour, &my_goods()).await;
    assert_eq!(error_code(response).await, (403, "forbidden".into()));
    let mine: Value = app
        .authed(Method::GET, "/api/v1/me/products", &stallholder)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let theirs: Value = app
        .authed(Method::GET, "/api/v1/me/products", &neighbour)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(theirs["items"].as_array().unwrap().is_empty());
    let response = app
        .client
        .post(format!("{}/api/v1/products", app.address))
        .json(&my_goods())
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(response).await, (401, "unauthorized".into()));
    let mut blank = my_goods();
    blank["name"] = json!(" ");
    let response = app
        .send(Method::POST, "/api/v1/products", &stallholder, &blank)
        .await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
    let mut no_season = my_goods();
    no_season["season_months"] = json!([]);
    let response = app
        .send(Method::POST, "/api/v1/products", &stallholder, &no_season)
        .await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
    let response = app
        .send(
            Method::PUT,
            "/api/v1/products/p-nothing",
            &stallholder,
            &my_goods(),
        )
        .await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
}

#[tokio::test]
async fn a_workshops_products_are_kept_by_its_host_units_organisers() {
    let app = spawn_app().await;
    let stallholder = app.log_in("13700137003").await;
    let organiser = app.log_in_organiser("13900139021", &["hu-shangping"]).await;
    let mut workshop_goods = my_goods();
    workshop_goods["workshop_id"] = json!("ws-zhiweihong");

    let response = app
        .send(
            Method::POST,
            "/api/v1/products",
            &stallholder,
            &workshop_goods,
        )
        .await;
    assert_eq!(error_code(response).await, (403, "forbidden".into()));
    let response = app
        .send(
            Method::POST,
            "/api/v1/products",
            &organiser,
            &workshop_goods,
        )
        .await;
    assert_eq!(response.status(), 201);
    let response = app
        .send(
            Method::PUT,
            "/api/v1/products/p-hongtang",
            &organiser,
            &workshop_goods,
        )
        .await;
    assert_eq!(
        response.status(),
        200,
        "the unit's organiser keeps the workshop's products"
    );
    let response = app
        .send(
            Method::PUT,
            "/api/v1/products/p-pipalu",
            &organiser,
            &workshop_goods,
        )
        .await;
    assert_eq!(
        error_code(response).await,
        (403, "forbidden".into()),
        "another unit's workshop"
    );
    workshop_goods["workshop_id"] = json!("ws-nothing");
    let response = app
        .send(
            Method::POST,
            "/api/v1/products",
            &organiser,
            &workshop_goods,
        )
        .await;
    assert_eq!(error_code(response).await, (422, "invalid_input".into()));
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])
    });
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload(app: &TestApp, path: &str, token: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.authed(Method::POST, path, token)
        .header("content-type", "image/png")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_good_photo_is_stored_resized_and_served_and_bad_ones_change_nothing() {
    let app = spawn_app().await;
    let owner = app.log_in("13700137004").await;
    let stranger = app.log_in("13700137005").await;
    let id = my_product(&app, &owner).await;
    let photos = format!("/api/v1/products/{id}/photos");

    let response = upload(&app, &photos, &owner, png(1600, 1200)).await;
    assert_eq!(response.status(), 201);
    let product: Value = response.json().await.unwrap();
    let photo = &product["photos"][0];
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(1280), Some(960))
    );
    let small = app.get(photo["small"].as_str().unwrap()).await;
    assert_eq!(small.status(), 200);
    assert_eq!(small.headers()["content-type"], "image/jpeg");
    assert!(small.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let small = image::load_from_memory(&small.bytes().await.unwrap()).unwrap();
    assert_eq!((small.width(), small.height()), (480, 360));
    let listed: Value = app
        .get(&format!("/api/v1/products{}", q("xiancai")))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["photo"]["id"], photo["id"]);

    let oversized = vec![0xFFu8; 8 * 1024 * 1024 + 1];
    let response = upload(&app, &photos, &owner, oversized).await;
    assert_eq!(
        error_code(response).await,
        (413, "payload_too_large".into())
    );
    let response = upload(&app, &photos, &owner, b"%PDF-1.4 not a photo".to_vec()).await;
    assert_eq!(error_code(response).await, (422, "invalid_image".into()));
    let response = upload(&app, &photos, &stranger, png(100, 100)).await;
    assert_eq!(error_code(response).await, (403, "forbidden".into()));
    let response = upload(
        &app,
        "/api/v1/products/p-nothing/photos",
        &owner,
        png(100, 100),
    )
    .await;
    assert_eq!(error_code(response).await, (404, "not_found".into()));
    let after: Value = app
        .get(&format!("/api/v1/products/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        after["photos"].as_array().unwrap().len(),
        1,
        "nothing half-saved"
    );
    assert_eq!(app.get("/media/ph_nothing-s.jpg").await.status(), 404);
}

/// A small real PNG whose header is rewritten to claim 12000×12000 RGBA at 16 bits (1.1 GB once
/// decoded).
fn png_bomb() -> Vec<u8> {
    let mut bytes = png(16, 16);
    // Signature (8), length (4), then "IHDR" and its 13 bytes, then their CRC.
    let ihdr = 12..12 + 4 + 13;
    bytes[16..20].copy_from_slice(&12_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&12_000u32.to_be_bytes());
    bytes[24] = 16;
    bytes[25] = 6;
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[ihdr.clone()]);
    bytes[ihdr.end..ihdr.end + 4].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

#[tokio::test]
async fn pictures_larger_than_a_phone_photo_are_refused_however_many_arrive_at_once() {
    let app = spawn_app().await;
    let owner = app.log_in("13700137006").await;
    let photos = format!("/api/v1/products/{}/photos", my_product(&app, &owner).await);

    let uploads: Vec<_> = (0..20)
        .map(|_| {
            let request = app
                .authed(Method::POST, &photos, &owner)
                .header("content-type", "image/png")
                .body(png_bomb());
            tokio::spawn(async move { error_code(request.send().await.unwrap()).await })
        })
        .collect();

    for upload in uploads {
        assert_eq!(upload.await.unwrap(), (422, "image_too_large".into()));
    }
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

#[tokio::test]
async fn a_markets_goods_are_the_products_it_carries() {
    let app = spawn_app().await;
    let today = names(&app, "?market=m-jinliang-farmers").await;
    assert!(today.contains(&"二嫂麦饼".to_owned()), "{today:?}");
    assert!(
        !today.contains(&"古法红糖".to_owned()),
        "sold at another market"
    );
    assert!(names(&app, "?market=m-nowhere").await.is_empty());
}
