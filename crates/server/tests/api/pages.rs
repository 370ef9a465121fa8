//! The pages the server draws from the app's components (`/`, `/m/{id}`, `/products`, `/p/{id}`,
//! `/w/{id}`): complete in the HTML, in the phone's language and mode, carrying the API answers they
//! were drawn from.

use crate::helpers::{spawn_app, TestApp};

/// The page at `path` with these request headers, as text without Leptos' `<!>` text separators.
async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

/// What the page carries for `api_path`: its status and the answer's bytes.
fn carried(html: &str, api_path: &str) -> Option<(String, String)> {
    let open = format!("<script type=\"application/json\" data-api=\"{api_path}\" data-status=\"");
    let at = html.find(&open)? + open.len();
    let status = html[at..].split('"').next()?.to_owned();
    let body_at = at + html[at..].find('>')? + 1;
    let end = body_at + html[body_at..].find("</script>")?;
    Some((status, html[body_at..end].replace("\\u003c", "<")))
}

#[tokio::test]
async fn the_schedule_is_drawn_by_day_with_the_answer_it_came_from() {
    let app = spawn_app().await;

    let (status, html) = page(&app, "/", &[]).await;

    assert_eq!(status, 200);
    assert!(!html.contains("skeleton"), "no skeleton: {html}");
    assert!(html.contains("<title>近期集市 · 集市通</title>"), "{html}");
    assert!(
        html.contains("<h2 class=\"day-label\">12月5日 周六</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/m/m-luqiao-202612\">小桐村助富集市 · 特色农产品展销</a>"),
        "{html}"
    );
    assert!(html.contains("空余摊位 <strong>26 / 26</strong>"), "{html}");
    assert!(html.contains("已取消：本期场地路面施工"), "{html}");
    let api = app.get("/api/v1/markets").await.text().await.unwrap();
    assert_eq!(
        carried(&html, "/markets"),
        Some(("200".to_owned(), api.clone())),
        "the very answer the app would get"
    );
    let markets = api.matches("\"id\":\"m-").count();
    assert_eq!(
        html.matches("<article class=\"card market").count(),
        markets
    );
}

#[tokio::test]
async fn filters_and_the_month_are_read_from_the_url() {
    let app = spawn_app().await;

    let (_, town) = page(&app, "/?town=%E9%B9%A4%E5%A1%98%E4%B9%A1", &[]).await;
    let (_, month) = page(&app, "/?month=2026-12&day=2026-12-12", &[]).await;

    let cards = town.matches("<article class=\"card market").count();
    assert!(cards >= 1, "{town}");
    assert_eq!(town.matches("鹤塘乡 · ").count(), cards, "{town}");
    assert!(town.contains("aria-current=\"true\">鹤塘乡</a>"), "{town}");
    assert!(
        month.contains("<h2 id=\"cal-month\">2026年12月</h2>"),
        "{month}"
    );
    assert!(
        carried(&month, "/markets?from=2026-12-01&to=2026-12-31").is_some(),
        "{month}"
    );
    assert!(month.contains("aria-current=\"date\""), "{month}");
}

#[tokio::test]
async fn a_shared_market_link_carries_the_whole_page_and_its_share_card() {
    let app = spawn_app().await;

    let response = app.get("/m/m-xiaotong-loquat").await;
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert_eq!(
        response.headers()["vary"],
        "Accept-Encoding, Cookie, Accept-Language"
    );
    let html = response.text().await.unwrap().replace("<!>", "");

    assert!(html.contains("<title>枇杷文化节共富集市 · "), "{html}");
    assert_eq!(html.matches("<title>").count(), 1);
    assert!(
        html.contains("<meta property=\"og:title\" content=\"枇杷文化节共富集市 · "),
        "{html}"
    );
    assert!(html.contains("<h1>枇杷文化节共富集市</h1>"), "{html}");
    assert!(html.contains("href=\"tel:0576"), "{html}");
    assert!(html.contains("uri.amap.com/marker?position="), "{html}");
    assert!(
        html.contains("/api/v1/markets/m-xiaotong-loquat/calendar.ics"),
        "{html}"
    );
    assert!(html.contains("【集市通】枇杷文化节共富集市"), "{html}");
    assert!(carried(&html, "/markets/m-xiaotong-loquat").is_some_and(|(s, _)| s == "200"));
}

#[tokio::test]
async fn a_cancelled_market_says_so_in_its_page_and_card() {
    let app = spawn_app().await;

    let (_, html) = page(&app, "/m/m-jinliang-trunk-b", &[]).await;

    assert!(
        html.contains("og:description\" content=\"已取消："),
        "{html}"
    );
    assert!(html.contains("class=\"status-note\""), "{html}");
}

#[tokio::test]
async fn what_does_not_exist_is_a_404_page_that_says_so() {
    let app = spawn_app().await;

    let (market, market_html) = page(&app, "/m/m-nowhere", &[]).await;
    let (product, product_html) = page(&app, "/p/p-nowhere", &[]).await;

    assert_eq!((market, product), (404, 404));
    assert!(market_html.contains("没有找到这个集市"), "{market_html}");
    assert!(
        carried(&market_html, "/markets/m-nowhere").is_some_and(|(s, _)| s == "404"),
        "the app needs not ask again: {market_html}"
    );
    assert!(product_html.contains("没有找到"), "{product_html}");
}

#[tokio::test]
async fn products_a_product_and_a_workshop_are_drawn_complete() {
    let app = spawn_app().await;

    let (_, list) = page(&app, "/products?q=hongtang&category=specialty", &[]).await;
    let (_, product) = page(&app, "/p/p-hongtang", &[]).await;
    let (_, workshop) = page(&app, "/w/ws-zhiweihong", &[]).await;

    assert!(list.contains("value=\"hongtang\""), "{list}");
    assert!(
        list.contains("<input type=\"hidden\" name=\"category\" value=\"specialty\">"),
        "the search keeps the filter without scripts: {list}"
    );
    assert!(list.contains("古法红糖"), "{list}");
    assert!(
        carried(&list, "/products?q=hongtang&category=specialty").is_some(),
        "{list}"
    );
    assert!(product.contains("<h1>古法红糖</h1>"), "{product}");
    assert!(
        product.contains("<title>古法红糖 · 集市通</title>"),
        "{product}"
    );
    assert!(
        product.contains("红糖助富集市"),
        "where it is sold: {product}"
    );
    assert!(workshop.contains("<h1>知味红·红糖工坊</h1>"), "{workshop}");
    assert!(workshop.contains("class=\"card product\""), "{workshop}");
}

#[tokio::test]
async fn the_page_is_in_the_saved_language_and_mode_else_the_phones_language() {
    let app = spawn_app().await;

    let (_, saved) = page(
        &app,
        "/",
        &[
            ("Cookie", "jishi_lang=en; jishi_elder=1"),
            ("Accept-Language", "zh-CN"),
        ],
    )
    .await;
    let (_, phone) = page(&app, "/products", &[("Accept-Language", "en-GB,en;q=0.8")]).await;
    let (_, chinese) = page(&app, "/products", &[]).await;

    assert!(
        saved.contains("<html lang=\"en\" class=\"elder\" data-drawn>"),
        "{saved}"
    );
    assert!(saved.contains("<h1>Upcoming markets</h1>"), "{saved}");
    assert!(saved.contains("Free stalls"), "{saved}");
    assert!(phone.contains("<html lang=\"en\" data-drawn>"), "{phone}");
    assert!(
        phone.contains("<title>Local products · Jishi</title>"),
        "{phone}"
    );
    assert!(
        chinese.contains("<html lang=\"zh-CN\" data-drawn>"),
        "{chinese}"
    );
    assert!(chinese.contains("<h1>本地好物</h1>"), "{chinese}");
}
