//! Small text helpers that several layers share, each written once: lists without repeats, HTML
//! escaping, dates, and the case changes that put a name or label inside a sentence.

use std::borrow::Cow;
use std::sync::Arc;

use crate::knowledge::Citation;

/// Appends each item of `items` that `list` does not hold yet, keeping first-mention order (the
/// order sources are cited in). Lists are short, so a linear scan beats hashing here.
pub fn extend_unique<T: PartialEq>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// The source ids of a citation list, each once, in order.
pub fn cite_ids(cites: &[Citation]) -> Vec<Arc<str>> {
    let mut ids = Vec::with_capacity(cites.len());
    extend_unique(&mut ids, cites.iter().map(|c| c.id.clone()));
    ids
}

/// Escapes text for HTML (and SVG) element content and attribute values: `& < > " '`. Control
/// characters other than tab, line feed and carriage return (a NUL, an escape) are dropped: HTML
/// does not allow them in a page and they carry nothing a reader could see.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Today's date in UTC as `2026-11-22`, as printed on handouts and suggested in file names.
pub fn today() -> String {
    utc_now().chars().take(10).collect()
}

/// The current UTC time as `2026-11-22T05:10:00Z` (no date crate needed for one format).
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    utc_timestamp(secs)
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Text for use mid-sentence: "Left outer foot" → "left outer foot", "A midline strip" → "a
/// midline strip". A first word that is an abbreviation or a code keeps its case: "L5 nerve
/// root", "S1", "SIJ pain" (the first letter is lowered only when the second is lower case, or
/// when the word is the article "A").
pub fn lower_first(text: &str) -> String {
    lowered(text).into_owned()
}

/// [`lower_first`] without allocating when nothing changes case (the look-up's hot paths).
pub fn lowered(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return Cow::Borrowed(text) };
    let lower = match chars.next() {
        Some(second) => second.is_lowercase() || (first == 'A' && second.is_whitespace()),
        None => false,
    };
    if !(first.is_uppercase() && lower) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    out.extend(first.to_lowercase());
    out.push_str(&text[first.len_utf8()..]);
    Cow::Owned(out)
}

/// "Saddle area" from "saddle area": the first letter upper case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extend_unique_keeps_first_mention_order() {
        let mut list = vec!["b"];
        extend_unique(&mut list, ["a", "b", "c", "a"]);
        assert_eq!(list, ["b", "a", "c"]);
    }

    #[test]
    fn cite_ids_drop_repeats_in_order() {
        let cite = |id: &str, section: Option<&str>| Citation { id: id.into(), section: section.map(str::to_string) };
        let ids = cite_ids(&[cite("lee_2008", None), cite("grays_anatomy", None), cite("lee_2008", Some("Fig. 2"))]);
        assert_eq!(ids, [Arc::<str>::from("lee_2008"), Arc::from("grays_anatomy")]);
    }

    #[test]
    fn escaping_covers_markup_and_both_quotes() {
        assert_eq!(html_escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(html_escape("a\u{1b}b\tc"), "ab\tc");
    }

    #[test]
    fn timestamps_are_civil_dates() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_timestamp(1_795_324_245), "2026-11-22T05:10:45Z");
    }

    #[test]
    fn today_is_a_date() {
        let today = today();
        assert_eq!(today.len(), 10);
        assert!(crate::export::session::is_timestamp(&format!("{today}T00:00:00Z")), "{today}");
    }

    #[test]
    fn lower_first_keeps_codes_and_abbreviations() {
        assert_eq!(lower_first("Left outer foot"), "left outer foot");
        assert_eq!(lower_first("Outer back of the calf"), "outer back of the calf");
        assert_eq!(lower_first("A midline strip"), "a midline strip");
        assert_eq!(lower_first("L5 nerve root"), "L5 nerve root");
        assert_eq!(lower_first("S1"), "S1");
        assert_eq!(lower_first("SIJ pain"), "SIJ pain");
        assert_eq!(lower_first("Écart"), "écart");
        assert_eq!(lower_first("already lower"), "already lower");
        assert_eq!(lower_first(""), "");
        assert!(matches!(lowered("L5 nerve root"), Cow::Borrowed(_)));
    }

    #[test]
    fn capitalize_raises_the_first_letter_only() {
        assert_eq!(capitalize("saddle area"), "Saddle area");
        assert_eq!(capitalize(""), "");
    }
}
