//! The answers a server-written page carries for the app: the page's HTML is complete, and the app,
//! once loaded, must draw the very same page at once, without asking the server again and without a
//! moment of skeleton in between. So the server puts each API answer it used into the page as JSON
//! in a `<script type="application/json" data-api="/markets">` (data, never run), and the app's first
//! read of that path is answered from it.

/// The attribute that names the API path (under [`crate::api::API_PREFIX`], see
/// [`crate::api::path`]) whose answer the element holds.
pub const PATH_ATTRIBUTE: &str = "data-api";
/// The attribute with the answer's HTTP status (an error body is an answer too: "not found").
pub const STATUS_ATTRIBUTE: &str = "data-status";

/// The element carrying `answer`, the JSON the API sends for `path` with `status`. `<` is escaped
/// in the JSON and the path comes from [`crate::api::path`] (percent-encoded), so no market's text
/// can close the element or the attribute.
pub fn element(path: &str, status: u16, answer: &str) -> String {
    format!(
        "<script type=\"application/json\" {PATH_ATTRIBUTE}=\"{}\" {STATUS_ATTRIBUTE}=\"{status}\">{}</script>",
        path.replace('"', "%22"),
        answer.replace('<', "\\u003c")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_can_close_the_element() {
        let answer = serde_json::to_string("</script><script>alert(1)</script>").unwrap();
        let element = element("/markets/x\"y", 200, &answer);
        let inside = &element[element.find('>').unwrap() + 1..element.rfind("</script>").unwrap()];
        assert!(!inside.contains('<'), "{element}");
        let back: String = serde_json::from_str(inside).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script>");
        assert!(element.starts_with(
            "<script type=\"application/json\" data-api=\"/markets/x%22y\" data-status=\"200\">"
        ));
    }
}
