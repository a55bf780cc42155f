//! A clinic pack may make the built-in safety content stricter, never weaker.
//!
//! A pack amends a built-in record by repeating it in full, so without a rule it could move the
//! saddle flag's trigger, downgrade an emergency, reword a red flag or drop an exercise's
//! cautions, and the look-up, the window and the handout would follow it silently. Here every
//! amendment of a built-in red flag, exercise or pain area is compared with the built-in record,
//! and anything that weakens it is an error in the pack's own file, naming the rule:
//!
//! - a red flag keeps its trigger kind and every trigger area (it may add areas), keeps or raises
//!   its urgency, keeps its `text` and `advice` word for word inside the new ones (words may be
//!   added before or after) and keeps every citation;
//! - an exercise keeps every caution (it may add cautions);
//! - a note (`notes.toml`: "education, not a diagnosis", the overlap caveat …) keeps its `text`
//!   and `title` word for word inside the new ones, every citation, and its roots;
//! - a pain area keeps its region (the "radiates to the foot" red flag reads it), and its
//!   laterality and every view: the drawing (`assets/body_map.toml`) draws
//!   the built-in areas exactly as `data/areas.toml` describes them (`tests/consistency.rs` holds
//!   the two equal), so a pack that changed them would be refused by the drawing later, blamed on
//!   the drawing. Checked here, the error names the pack's own line, at every pack load.
//!
//! New records (new ids) are free: the validator checks them like any other.

use std::collections::HashMap;

use super::ParsedPack;
use super::load::{DataError, Located, Site};
use super::model::*;
use super::validate::Checker;

/// The built-in records a pack must not weaken, as they were before the pack was laid over them.
#[derive(Default)]
pub(super) struct Builtin {
    red_flags: HashMap<String, RedFlag>,
    exercises: HashMap<String, Exercise>,
    areas: HashMap<String, AreaDef>,
    notes: HashMap<String, NoteText>,
}

fn by_id<T: Clone>(records: &[Located<T>], id: impl Fn(&T) -> &str) -> HashMap<String, T> {
    let mut map = HashMap::new();
    for record in records {
        // A duplicate id in the built-in files is the validator's error; the first one counts.
        map.entry(id(&record.value).to_string()).or_insert_with(|| record.value.clone());
    }
    map
}

impl Builtin {
    /// The safety-bearing records of `pack` before any clinic layer is added.
    pub fn of(pack: &ParsedPack) -> Builtin {
        Builtin {
            red_flags: by_id(&pack.red_flags, |r| &r.id),
            exercises: by_id(&pack.exercises, |e| &e.id),
            areas: by_id(&pack.areas, |a| &a.id),
            notes: by_id(&pack.notes, |n| &n.id),
        }
    }
}

/// How urgent, higher is more urgent. Written out rather than taken from the enum's order, so a
/// new level must be placed here on purpose.
fn urgency_rank(urgency: Urgency) -> u8 {
    match urgency {
        Urgency::Soon => 1,
        Urgency::Emergency => 2,
    }
}

/// Words separated by single spaces: re-wrapping a sentence across lines does not reword it.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `text` holds all of `kept`, word for word, as whole words (words may be added
/// before or after it; "Ego to…" does not hold "Go to…").
fn keeps_words(text: &str, kept: &str) -> bool {
    let (text, kept) = (words(text), words(kept));
    text.match_indices(&kept).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + kept.len()..].chars().next();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    })
}

/// `text` cut to a readable length for a message.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    let text = words(text);
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Every way the clinic layers (records from texts `first_pack_text..`) weaken a built-in red
/// flag, exercise caution or drawn area, located in the pack's file.
pub(super) fn check(builtin: &Builtin, pack: &ParsedPack, first_pack_text: usize) -> Vec<DataError> {
    let mut errors = Vec::new();
    let mut c = Checker { texts: &pack.texts, errors: &mut errors };
    for r in pack.red_flags.iter().filter(|r| r.text >= first_pack_text) {
        if let Some(old) = builtin.red_flags.get(&*r.value.id) {
            red_flag(&mut c, r.site(), old, &r.value);
        }
    }
    for r in pack.exercises.iter().filter(|r| r.text >= first_pack_text) {
        if let Some(old) = builtin.exercises.get(&*r.value.id) {
            exercise(&mut c, r.site(), old, &r.value);
        }
    }
    for r in pack.areas.iter().filter(|r| r.text >= first_pack_text) {
        if let Some(old) = builtin.areas.get(&r.value.id) {
            area(&mut c, r.site(), old, &r.value);
        }
    }
    for r in pack.notes.iter().filter(|r| r.text >= first_pack_text) {
        if let Some(old) = builtin.notes.get(&r.value.id) {
            note(&mut c, r.site(), old, &r.value);
        }
    }
    errors
}

/// Each built-in text (`field`, before, after) must keep its words in the pack's record; an empty
/// built-in text has nothing to keep.
fn keep_texts<const N: usize>(
    c: &mut Checker<'_>,
    site: Site<'_>,
    f: &str,
    what: &str,
    texts: [(&str, &str, &str); N],
) {
    for (field, before, after) in texts {
        if !before.trim().is_empty() && !keeps_words(after, before) {
            c.at(
                site,
                "",
                format!("{f}.{field}"),
                format!(
                    "a clinic pack may not reword or remove a built-in {what}'s {field}; keep \"{}\" unchanged and add words before or after it",
                    excerpt(before)
                ),
            );
        }
    }
}

/// Every built-in citation must stay; a pack may add citations.
fn keep_cites(c: &mut Checker<'_>, site: Site<'_>, f: &str, what: &str, old: &[Citation], new: &[Citation]) {
    let missing: Vec<&str> =
        old.iter().filter(|cite| !new.iter().any(|n| n.id == cite.id)).map(|cite| &*cite.id).collect();
    if !missing.is_empty() {
        c.at(
            site,
            "",
            format!("{f}.cites"),
            format!(
                "a clinic pack may not remove a built-in {what}'s citation (missing: {}); it may add citations",
                missing.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

fn red_flag(c: &mut Checker<'_>, site: Site<'_>, old: &RedFlag, new: &RedFlag) {
    let f = format!("red_flag[{}]", new.id);
    match (&old.trigger, &new.trigger) {
        (Trigger::Areas { areas: before }, Trigger::Areas { areas: after }) => {
            let missing: Vec<&str> = before.iter().filter(|a| !after.contains(a)).map(String::as_str).collect();
            if !missing.is_empty() {
                c.at(
                    site,
                    "",
                    format!("{f}.trigger.areas"),
                    format!(
                        "a clinic pack may not remove an area from a built-in red flag's trigger (missing: {}); it may add areas",
                        missing.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
        }
        (before, after) if before.kind_str() != after.kind_str() => {
            c.at(
                site,
                "",
                format!("{f}.trigger.kind"),
                format!(
                    "a clinic pack may not change a built-in red flag's trigger ({} → {})",
                    before.kind_str(),
                    after.kind_str()
                ),
            );
        }
        _ => {}
    }
    if urgency_rank(new.urgency) < urgency_rank(old.urgency) {
        c.at(
            site,
            "",
            format!("{f}.urgency"),
            format!(
                "a clinic pack may not lower a built-in red flag's urgency ({} → {})",
                old.urgency.as_str(),
                new.urgency.as_str()
            ),
        );
    }
    keep_texts(c, site, &f, "red flag", [("text", &*old.text, &*new.text), ("advice", &*old.advice, &*new.advice)]);
    keep_cites(c, site, &f, "red flag", &old.cites, &new.cites);
}

fn exercise(c: &mut Checker<'_>, site: Site<'_>, old: &Exercise, new: &Exercise) {
    let kept: Vec<String> = new.cautions.iter().map(|s| words(s)).collect();
    let missing: Vec<&String> = old.cautions.iter().filter(|caution| !kept.contains(&words(caution))).collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().map(|m| format!("\"{}\"", excerpt(m))).collect();
        c.at(
            site,
            "",
            format!("exercise[{}].cautions", new.id),
            format!(
                "a clinic pack may not remove or reword a built-in exercise's caution (missing: {}); it may add cautions",
                shown.join(", ")
            ),
        );
    }
}

fn area(c: &mut Checker<'_>, site: Site<'_>, old: &AreaDef, new: &AreaDef) {
    let f = format!("area[{}]", new.id);
    if new.laterality != old.laterality {
        c.at(
            site,
            "",
            format!("{f}.laterality"),
            format!(
                "a clinic pack may not change a built-in area's laterality ({} → {}): the drawing shows `{}` as a {} area",
                old.laterality.as_str(),
                new.laterality.as_str(),
                new.id,
                old.laterality.as_str()
            ),
        );
    }
    // The "radiates to the foot" red flag is raised by the regions of the selected areas.
    if new.region != old.region {
        c.at(
            site,
            "",
            format!("{f}.region"),
            format!(
                "a clinic pack may not change a built-in area's region ({} → {}): red flags such as pain running down to the foot are raised by it",
                old.region.as_str(),
                new.region.as_str()
            ),
        );
    }
    let missing: Vec<&str> = old.views.iter().filter(|v| !new.views.contains(v)).map(|v| v.as_str()).collect();
    if !missing.is_empty() {
        c.at(
            site,
            "",
            format!("{f}.views"),
            format!(
                "a clinic pack may not remove a view from a built-in area: the drawing shows `{}` in the {} view{}",
                new.id,
                missing.join(" and "),
                if missing.len() == 1 { "" } else { "s" }
            ),
        );
    }
}

fn note(c: &mut Checker<'_>, site: Site<'_>, old: &NoteText, new: &NoteText) {
    let f = format!("note[{}]", new.id);
    let titles = (old.title.as_deref().unwrap_or(""), new.title.as_deref().unwrap_or(""));
    keep_texts(c, site, &f, "note", [("text", &*old.text, &*new.text), ("title", titles.0, titles.1)]);
    keep_cites(c, site, &f, "note", &old.cites, &new.cites);
    if new.roots != old.roots {
        c.at(
            site,
            "",
            format!("{f}.roots"),
            format!("a clinic pack may not change a built-in note's roots (keep {})", old.roots.join(", ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::keeps_words;

    #[test]
    fn kept_words_may_be_rewrapped_and_added_to_but_not_cut_into() {
        let builtin = "Go to an emergency department now.";
        assert!(keeps_words(builtin, builtin));
        assert!(keeps_words("Our clinic: Go to an\n  emergency department now. Call 111.", builtin));
        assert!(!keeps_words("Ego to an emergency department now.", builtin));
        assert!(!keeps_words("Go to an emergency department now.Later", builtin));
        assert!(!keeps_words("Go to an emergency department.", builtin));
        assert!(!keeps_words("", builtin));
    }
}
