//! The HTML report: the markdown report as one self-contained page (inline style, no
//! scripts, nothing fetched), readable offline.

use super::Report;
use pulldown_cmark::{Event, Options, Parser, html};

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#1f2328;line-height:1.45}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;text-align:left}\
th{background:#f6f8fa}code{background:#f6f8fa;padding:1px 4px;border-radius:4px;font-size:90%}\
pre{background:#f6f8fa;padding:8px;overflow:auto}h1,h2,h3{border-bottom:1px solid #d8dee4;padding-bottom:4px}";

pub fn render(report: &Report) -> String {
    let md = super::markdown::render(report);
    let mut body = String::new();
    // The markdown escapes what it quotes from sources; raw HTML that gets through anyway is
    // shown as text, never inserted as markup.
    let events = Parser::new_ext(&md, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        e => e,
    });
    html::push_html(&mut body, events);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>schemadrift report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}
