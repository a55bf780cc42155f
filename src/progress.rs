//! Progress over visits, pure (no UI types): what changed between two visits, each visit's
//! summary (worst and mean pain, number of areas, extent, the lowest level the pain reaches) and
//! the verdict over a run of visits: centralising, peripheralising, unchanged or mixed, said in
//! plain words with its source.
//!
//! How far down the leg an area lies is data (`level` in `data/areas.toml`); area sizes come from
//! the drawing ([`AreaSizes::from_map`]). Pain that retreats from the foot towards the back
//! (centralisation) is linked to a better outlook, pain that spreads down the leg
//! (peripheralisation) to a worse one (May and Aina 2012, a systematic review).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::geometry::BodyMap;
use crate::geometry::display::{ChangeTag, ChangeTone, Comparison};
use crate::knowledge::{AreaRef, KnowledgeBase, Level, Side, View};
use crate::lookup::SelectedArea;
use crate::session::Visit;
use crate::text::lower_first;

/// The source the verdict cites (`sources.toml`): the systematic review of centralisation.
pub const CENTRALISATION_SOURCE: &str = "may_aina_2012";

/// How one area changed from one visit to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Marked now, not before.
    New,
    /// Marked before, not now.
    Gone,
    /// A lower pain level now.
    Better,
    /// A higher pain level now.
    Worse,
    /// The same pain level.
    Unchanged,
    /// Marked both times, but a level is missing on one of them, so there is nothing to compare.
    NotRated,
}

impl Change {
    /// The change in plain words ("better", "no longer marked").
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Gone => "no longer marked",
            Change::Better => "better",
            Change::Worse => "worse",
            Change::Unchanged => "unchanged",
            Change::NotRated => "not rated",
        }
    }
}

/// One area compared between two visits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AreaChange {
    /// The area id (`left.lateral_foot`).
    pub area: String,
    /// "Left outer foot".
    pub label: String,
    pub change: Change,
    /// The pain level at the earlier visit (absent: not marked or not rated).
    pub before: Option<u8>,
    /// The pain level at the later visit.
    pub after: Option<u8>,
    /// `after - before` when both are known.
    pub delta: Option<i8>,
}

impl AreaChange {
    /// The change as the drawing tags it, in a word or two: "better −3", "worse +2", "new",
    /// "gone", "same", "not rated" (the sign is a true minus, as print has it).
    pub fn tag(&self) -> String {
        match (self.change, self.delta) {
            (Change::Better, Some(delta)) => format!("better \u{2212}{}", delta.unsigned_abs()),
            (Change::Worse, Some(delta)) => format!("worse +{delta}"),
            (Change::Better, None) => "better".to_string(),
            (Change::Worse, None) => "worse".to_string(),
            (Change::New, _) => "new".to_string(),
            (Change::Gone, _) => "gone".to_string(),
            (Change::Unchanged, _) => "same".to_string(),
            (Change::NotRated, _) => "not rated".to_string(),
        }
    }

    /// How the drawing colours the tag.
    pub fn tone(&self) -> ChangeTone {
        match self.change {
            Change::Better => ChangeTone::Better,
            Change::Worse => ChangeTone::Worse,
            Change::New => ChangeTone::New,
            Change::Gone => ChangeTone::Gone,
            Change::Unchanged | Change::NotRated => ChangeTone::Same,
        }
    }
}

/// Two visits compared for the drawing ([`crate::geometry::display::comparison`]): the
/// earlier visit's areas, drawn as outlines, and each area's change from [`compare`] as a tag.
pub fn drawing_comparison(kb: &KnowledgeBase, earlier: &Visit, later: &Visit) -> Comparison {
    let area_of =
        |key: &str| earlier.areas.iter().chain(&later.areas).find(|a| a.area.key() == key).map(|a| a.area.clone());
    let tags = compare(kb, earlier, later)
        .iter()
        .filter_map(|change| {
            let area = area_of(&change.area)?;
            Some(ChangeTag { id: area.base, side: area.side, text: change.tag(), tone: change.tone() })
        })
        .collect();
    Comparison { earlier: earlier.areas.iter().map(|a| (a.area.base.clone(), a.area.side)).collect(), tags }
}

/// Each area of either visit: those of the later visit in its order, then those gone.
pub fn compare(kb: &KnowledgeBase, earlier: &Visit, later: &Visit) -> Vec<AreaChange> {
    let find = |visit: &Visit, area: &AreaRef| visit.areas.iter().find(|a| &a.area == area).cloned();
    let mut changes: Vec<AreaChange> = later
        .areas
        .iter()
        .map(|now| {
            let before = find(earlier, &now.area);
            let (change, delta) = match (before.as_ref().map(|b| b.intensity), now.intensity) {
                (None, _) => (Change::New, None),
                (Some(Some(b)), Some(a)) => {
                    let delta = i8::try_from(i16::from(a) - i16::from(b)).unwrap_or(0);
                    let change = match delta.signum() {
                        -1 => Change::Better,
                        1 => Change::Worse,
                        _ => Change::Unchanged,
                    };
                    (change, Some(delta))
                }
                (Some(_), _) => (Change::NotRated, None),
            };
            AreaChange {
                area: now.area.key(),
                label: now.area.label(kb),
                change,
                before: before.and_then(|b| b.intensity),
                after: now.intensity,
                delta,
            }
        })
        .collect();
    changes.extend(earlier.areas.iter().filter(|b| find(later, &b.area).is_none()).map(|gone| AreaChange {
        area: gone.area.key(),
        label: gone.area.label(kb),
        change: Change::Gone,
        before: gone.intensity,
        after: None,
        delta: None,
    }));
    changes
}

/// The drawn size of every pain area (both views added), for the extent of a visit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaSizes {
    sizes: HashMap<(String, Side), f32>,
    /// The size of every sided area of one leg (the left): the leg's skin as the map divides it.
    leg: f32,
}

impl AreaSizes {
    /// Sizes measured on the drawing: each area's outline, in the back and the front view.
    pub fn from_map(map: &BodyMap) -> Self {
        let mut sizes: HashMap<(String, Side), f32> = HashMap::new();
        for view in [View::Posterior, View::Anterior] {
            for area in &map.view(view).areas {
                let size: f32 = area
                    .geometry
                    .polys
                    .iter()
                    .filter(|p| p.closed)
                    .map(|p| polygon_area(&p.points.iter().map(|q| (q.x, q.y)).collect::<Vec<_>>()))
                    .sum();
                *sizes.entry((area.id.clone(), area.side)).or_default() += size;
            }
        }
        let leg = sizes.iter().filter(|((_, side), _)| *side == Side::Left).map(|(_, size)| size).sum();
        AreaSizes { sizes, leg }
    }

    /// The share (0 to 1) of one leg's skin that `areas` cover, on the leg with more marked:
    /// midline areas (low back, sacrum, saddle) are not the leg's. `None` without sizes.
    pub fn extent(&self, areas: &[&SelectedArea]) -> Option<f32> {
        if self.leg <= 0.0 {
            return None;
        }
        let side = |side: Side| -> f32 {
            areas
                .iter()
                .filter(|a| a.area.side == side)
                .map(|a| self.sizes.get(&(a.area.base.clone(), side)).copied().unwrap_or(0.0))
                .sum()
        };
        Some((side(Side::Left).max(side(Side::Right)) / self.leg).clamp(0.0, 1.0))
    }
}

/// The area of a simple polygon of `(x, y)` points (shoelace formula).
fn polygon_area(points: &[(f32, f32)]) -> f32 {
    let n = points.len();
    let twice: f32 = (0..n)
        .map(|i| {
            let (p, q) = (points[i], points[(i + 1) % n]);
            p.0 * q.1 - q.0 * p.1
        })
        .sum();
    twice.abs() / 2.0
}

/// One visit at a glance, for the timeline and the progress chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VisitSummary {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// How many areas are marked.
    pub areas: usize,
    /// The highest pain level (absent when no area is rated).
    pub worst: Option<u8>,
    /// The mean of the rated levels, to a tenth.
    pub mean: Option<f64>,
    /// The share (0 to 1, to a hundredth) of one leg's skin the symptoms cover, on the leg with
    /// more marked.
    pub extent: Option<f64>,
    /// The lowest level down the leg the symptoms reach (absent: no symptoms marked).
    pub level: Option<Level>,
    /// The areas at that level ("Left outer foot").
    pub level_areas: Vec<String>,
}

/// Whether a marked area has symptoms: an area rated 0 without numbness has none (it is marked
/// to say the pain has gone from it).
fn has_symptoms(area: &SelectedArea) -> bool {
    area.intensity != Some(0) || area.numb
}

/// The summary of one visit; `sizes` gives the extent (none without).
pub fn summarize(kb: &KnowledgeBase, sizes: Option<&AreaSizes>, visit: &Visit) -> VisitSummary {
    let rated: Vec<u8> = visit.areas.iter().filter_map(|a| a.intensity).collect();
    let symptomatic: Vec<&SelectedArea> = visit.areas.iter().filter(|a| has_symptoms(a)).collect();
    let level_of = |a: &SelectedArea| kb.area(&a.area.base).map(|def| def.level());
    let level = symptomatic.iter().filter_map(|a| level_of(a)).max();
    VisitSummary {
        date: visit.date.clone(),
        areas: visit.areas.len(),
        worst: rated.iter().copied().max(),
        // Rounded as people read them: a level to a tenth, a share to a hundredth.
        mean: (!rated.is_empty()).then(|| {
            let mean = rated.iter().map(|&l| f64::from(l)).sum::<f64>() / rated.len() as f64;
            (mean * 10.0).round() / 10.0
        }),
        extent: sizes.and_then(|s| s.extent(&symptomatic)).map(|share| (f64::from(share) * 100.0).round() / 100.0),
        level,
        level_areas: symptomatic
            .iter()
            .filter(|a| level.is_some() && level_of(a) == level)
            .map(|a| a.area.label(kb))
            .collect(),
    }
}

/// Every visit's summary, in order.
pub fn summaries(kb: &KnowledgeBase, sizes: Option<&AreaSizes>, visits: &[Visit]) -> Vec<VisitSummary> {
    visits.iter().map(|v| summarize(kb, sizes, v)).collect()
}

/// Where the lowest point of the pain went over a run of visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// It moved up towards the back (or the pain went), never down: a good sign.
    Centralising,
    /// It moved down the leg (or pain appeared), never up: a reason to contact the clinician.
    Peripheralising,
    /// It stayed at the same level.
    Unchanged,
    /// It moved both up and down along the way.
    Mixed,
    /// One visit: nothing to compare.
    FirstVisit,
}

/// The verdict over a run of visits, with the sentence a patient reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub trend: Trend,
    /// The first visit compared (`YYYY-MM-DD`).
    pub since: String,
    /// The lowest level then and now (absent: no symptoms marked).
    pub from: Option<Level>,
    pub to: Option<Level>,
    /// In plain words, with its source as a readable citation.
    pub sentence: String,
    /// The source's readable citation ("May & Aina 2012").
    pub cites: String,
}

/// The verdict over `summaries` (in visit order): the lowest level of the first visit against
/// the last, and whether it ever moved the other way between.
pub fn verdict(kb: &KnowledgeBase, summaries: &[VisitSummary]) -> Verdict {
    let cites =
        kb.source(CENTRALISATION_SOURCE).map_or_else(|| "May and Aina 2012".to_string(), |s| s.short_citation());
    let (Some(first), Some(last)) = (summaries.first(), summaries.last()) else {
        return Verdict {
            trend: Trend::FirstVisit,
            since: String::new(),
            from: None,
            to: None,
            sentence: "No visit has been recorded yet.".to_string(),
            cites,
        };
    };
    // No symptoms sorts above the back: pain that went away has retreated all the way.
    let steps: Vec<std::cmp::Ordering> = summaries.windows(2).map(|w| w[1].level.cmp(&w[0].level)).collect();
    let went_up = steps.contains(&std::cmp::Ordering::Less);
    let went_down = steps.contains(&std::cmp::Ordering::Greater);
    let trend = match (summaries.len(), went_up, went_down) {
        (1, ..) => Trend::FirstVisit,
        (_, true, true) => Trend::Mixed,
        (_, true, false) => Trend::Centralising,
        (_, false, true) => Trend::Peripheralising,
        (_, false, false) => Trend::Unchanged,
    };
    let since = format!("Since {}", day_month(&first.date, &last.date));
    let at = |s: &VisitSummary| match s.level {
        Some(level) if s.level_areas.is_empty() => format!("the {}", level.label()),
        Some(level) => {
            let areas: Vec<String> = s.level_areas.iter().map(|a| lower_first(a)).collect();
            format!("the {} ({})", level.label(), areas.join(", "))
        }
        None => "nowhere".to_string(),
    };
    let sentence = match trend {
        Trend::FirstVisit => match first.level {
            Some(_) => format!(
                "This is the first visit, so there is nothing to compare yet: the pain reaches down to {}.",
                at(first)
            ),
            None => "This is the first visit, so there is nothing to compare yet.".to_string(),
        },
        Trend::Centralising => match (first.level, last.level) {
            (Some(_), None) => format!(
                "{since} the pain that reached down to {} is no longer marked anywhere: a good sign. Pain that retreats towards the back (centralisation) goes with a better outlook ({cites}).",
                at(first)
            ),
            _ => format!(
                "{since} the pain has moved up from {} to {}: a good sign. Pain that retreats towards the back (centralisation) goes with a better outlook ({cites}).",
                at(first),
                at(last)
            ),
        },
        Trend::Peripheralising => match first.level {
            None => format!(
                "{since} pain has appeared, reaching down to {}. Contact your clinician to talk it over ({cites}).",
                at(last)
            ),
            Some(_) => format!(
                "{since} the pain has spread down from {} to {}. Pain that spreads further down the leg (peripheralisation) goes with a worse outlook ({cites}): contact your clinician soon.",
                at(first),
                at(last)
            ),
        },
        Trend::Unchanged => match last.level {
            Some(_) => {
                format!("{since} the pain has reached no lower and no higher: it still goes down to {}.", at(last))
            }
            None => format!("{since} no pain has been marked."),
        },
        Trend::Mixed => {
            // The levels in turn, each run of visits at one level said once; a long back and
            // forth is summed up rather than spelt out.
            let mut path: Vec<&str> = summaries.iter().map(|s| s.level.map_or("none", Level::label)).collect();
            path.dedup();
            let moves = if path.len() <= 6 {
                format!(" ({})", path.join(", then "))
            } else {
                format!(" {} times", path.len() - 1)
            };
            format!(
                "{since} the lowest point of the pain has moved both up and down the leg{moves}; it now reaches down to {}. No clear trend yet: tell your clinician how it changes. Pain that retreats towards the back is a good sign, pain that spreads down the leg a reason to call ({cites}).",
                at(last)
            )
        }
    };
    Verdict { trend, since: first.date.clone(), from: first.level, to: last.level, sentence, cites }
}

/// "3 Nov", with the year when it is not the year of `now` ("3 Nov 2025"); the text as given
/// when it is not a date.
pub fn day_month(date: &str, now: &str) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return date.to_string() };
    let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) else { return date.to_string() };
    let Some(name) = month.checked_sub(1).and_then(|m| MONTHS.get(m)) else { return date.to_string() };
    if now.get(..4) == Some(*year) { format!("{day} {name}") } else { format!("{day} {name} {year}") }
}

/// The earlier visit `which` names, to compare the visit on screen with: its number (1 = the
/// first) or its date (`YYYY-MM-DD`); `earlier` are the dates of the visits before the one on
/// screen. The message says what there is to choose from.
pub fn earlier_visit(earlier: &[String], which: &str) -> Result<usize, String> {
    if earlier.is_empty() {
        return Err("the file has no visit before the one shown, so there is nothing to compare with".to_string());
    }
    let choices = match earlier.len() {
        1 => "visit 1 comes before the one shown".to_string(),
        n => format!("visits 1 to {n} come before the one shown"),
    };
    find_visit(earlier, which).map_err(|e| match e {
        VisitNotFound::NoSuchNumber(n) => format!("there is no earlier visit {n} to compare with: {choices}"),
        VisitNotFound::NoneOn(day) => {
            format!("no earlier visit on {day}; the earlier visits are on {}", earlier.join(", "))
        }
        VisitNotFound::SeveralOn(day, several) => {
            format!(
                "{} visits on {day}: give the number of the one to compare with ({several})",
                several.split(" or ").count()
            )
        }
        other => other.to_string(),
    })
}

/// Why [`find_visit`] found no single visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisitNotFound {
    /// Neither a number nor a `YYYY-MM-DD` date.
    Unreadable(String),
    /// A number outside 1..=count.
    NoSuchNumber(String),
    /// A date no visit has.
    NoneOn(String),
    /// A date several visits have; their numbers, "2 or 3".
    SeveralOn(String, String),
}

impl std::fmt::Display for VisitNotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VisitNotFound::Unreadable(w) => {
                write!(f, "`{w}` is neither a visit number nor a date in the form YYYY-MM-DD")
            }
            VisitNotFound::NoSuchNumber(n) => write!(f, "there is no visit {n}"),
            VisitNotFound::NoneOn(day) => write!(f, "no visit on {day}"),
            VisitNotFound::SeveralOn(day, several) => write!(f, "several visits on {day}: give its number ({several})"),
        }
    }
}

/// The index of the visit `which` names among visits dated `dates` (oldest first): its number
/// (1 = the first) or its date (`YYYY-MM-DD`, which must be exactly one visit's). The one rule
/// behind `--compare-with` and `handout --visit`; each says the errors in its own words.
pub fn find_visit(dates: &[String], which: &str) -> Result<usize, VisitNotFound> {
    let which = which.trim();
    if !which.is_empty() && which.chars().all(|c| c.is_ascii_digit()) {
        return match which.parse::<usize>() {
            Ok(n) if (1..=dates.len()).contains(&n) => Ok(n - 1),
            _ => Err(VisitNotFound::NoSuchNumber(which.to_string())),
        };
    }
    if !crate::export::session::is_date(which) {
        return Err(VisitNotFound::Unreadable(which.to_string()));
    }
    let on: Vec<usize> = dates.iter().enumerate().filter(|(_, d)| d.as_str() == which).map(|(i, _)| i).collect();
    match on.as_slice() {
        [only] => Ok(*only),
        [] => Err(VisitNotFound::NoneOn(which.to_string())),
        several => Err(VisitNotFound::SeveralOn(
            which.to_string(),
            several.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(" or "),
        )),
    }
}

/// What changed since the earlier visit, in plain words, one line each: the worst pain, then the
/// areas better, worse, new, no longer marked and not rated.
pub fn change_lines(kb: &KnowledgeBase, earlier: &Visit, later: &Visit) -> Vec<String> {
    let changes = compare(kb, earlier, later);
    let mut lines = Vec::new();
    let worst = |v: &Visit| v.areas.iter().filter_map(|a| a.intensity).max();
    match (worst(earlier), worst(later)) {
        (Some(b), Some(a)) if a < b => lines.push(format!("Worst pain down from {b}/10 to {a}/10.")),
        (Some(b), Some(a)) if a > b => lines.push(format!("Worst pain up from {b}/10 to {a}/10.")),
        (Some(b), Some(_)) => lines.push(format!("Worst pain the same, {b}/10.")),
        _ => {}
    }
    let list = |kind: Change, with_levels: bool| -> Option<String> {
        let items: Vec<String> = changes
            .iter()
            .filter(|c| c.change == kind)
            .map(|c| match (with_levels, c.before, c.after) {
                (true, Some(b), Some(a)) => format!("{} ({b}/10 to {a}/10)", c.label),
                _ => c.label.clone(),
            })
            .collect();
        (!items.is_empty()).then(|| items.join(", "))
    };
    for (kind, words, with_levels) in [
        (Change::Better, "Better", true),
        (Change::Worse, "Worse", true),
        (Change::New, "New", false),
        (Change::Gone, "No longer marked", false),
        (Change::NotRated, "Still marked, not rated this time", false),
    ] {
        if let Some(items) = list(kind, with_levels) {
            let mut line = String::new();
            let _ = write!(line, "{words}: {items}.");
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push("No change in the marked areas.".to_string());
    }
    lines
}

/// A share of the leg in words ("about a quarter"), never a percentage.
pub fn share_words(share: f64) -> &'static str {
    const WORDS: [(f64, &str); 10] = [
        (0.1, "about a tenth"),
        (0.2, "about a fifth"),
        (0.25, "about a quarter"),
        (1.0 / 3.0, "about a third"),
        (0.4, "about two fifths"),
        (0.5, "about half"),
        (0.6, "about three fifths"),
        (2.0 / 3.0, "about two thirds"),
        (0.75, "about three quarters"),
        (1.0, "nearly all"),
    ];
    if share <= 0.0 {
        return "none";
    }
    if share < 0.07 {
        return "a small part";
    }
    WORDS.iter().min_by(|a, b| (a.0 - share).abs().total_cmp(&(b.0 - share).abs())).map_or("some", |(_, words)| words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        KnowledgeBase::builtin().expect("built-in")
    }

    /// A visit on `date` with `areas` as the CLI writes them (`left.lateral_foot@7`).
    fn visit(kb: &KnowledgeBase, date: &str, areas: &[&str]) -> Visit {
        let selection = crate::lookup::Selection::parse_args(kb, areas).expect("areas");
        Visit { date: date.to_string(), areas: selection.areas, ..Visit::default() }
    }

    fn run(kb: &KnowledgeBase, visits: &[Visit]) -> Verdict {
        verdict(kb, &summaries(kb, None, visits))
    }

    #[test]
    fn centralising_pain_moves_up_and_is_called_a_good_sign() {
        let kb = kb();
        let visits = [
            visit(&kb, "2026-11-03", &["left.buttock@7", "left.posterior_thigh@6", "left.lateral_foot@8"]),
            visit(&kb, "2026-11-17", &["left.buttock@5", "left.posterior_calf@4"]),
            visit(&kb, "2026-12-01", &["left.buttock@3", "left.posterior_thigh@2", "left.lateral_thigh@1"]),
        ];
        let v = run(&kb, &visits);
        assert_eq!((v.trend, v.from, v.to), (Trend::Centralising, Some(Level::Foot), Some(Level::Thigh)));
        assert!(
            v.sentence.starts_with("Since 3 Nov the pain has moved up from the foot (left outer foot) to the thigh (left back of thigh, left outer thigh): a good sign."),
            "{}",
            v.sentence
        );
        assert!(v.sentence.contains("(May & Aina 2012)"), "a readable citation: {}", v.sentence);
    }

    #[test]
    fn pain_that_goes_away_is_centralising_too() {
        let kb = kb();
        let visits = [visit(&kb, "2026-11-03", &["left.heel@4"]), visit(&kb, "2026-11-17", &["left.heel@0"])];
        let v = run(&kb, &visits);
        assert_eq!((v.trend, v.to), (Trend::Centralising, None));
        assert!(v.sentence.contains("no longer marked anywhere: a good sign"), "{}", v.sentence);
    }

    #[test]
    fn peripheralising_pain_spreads_down_and_advises_contact() {
        let kb = kb();
        let visits = [
            visit(&kb, "2025-12-20", &["low_back@5"]),
            visit(&kb, "2026-01-05", &["low_back@5", "right.buttock@4"]),
            visit(&kb, "2026-01-19", &["right.buttock@6", "right.anterolateral_leg@5"]),
        ];
        let v = run(&kb, &visits);
        assert_eq!((v.trend, v.from, v.to), (Trend::Peripheralising, Some(Level::Back), Some(Level::Leg)));
        assert!(v.sentence.starts_with("Since 20 Dec 2025 the pain has spread down from the lower back (low back) to the lower leg (right outer shin)."), "{}", v.sentence);
        assert!(v.sentence.contains("contact your clinician"), "{}", v.sentence);
        assert!(v.sentence.contains("May & Aina 2012"), "{}", v.sentence);
    }

    #[test]
    fn unchanged_and_mixed_runs() {
        let kb = kb();
        let same = [
            visit(&kb, "2026-11-03", &["left.posterior_calf@6"]),
            visit(&kb, "2026-11-10", &["left.medial_leg@3", "left.buttock@2"]),
        ];
        let v = run(&kb, &same);
        assert_eq!(v.trend, Trend::Unchanged);
        assert!(v.sentence.contains("no lower and no higher"), "{}", v.sentence);

        // The areas jump around: down to the foot, up to the thigh, down to the calf.
        let jumping = [
            visit(&kb, "2026-11-03", &["left.posterior_thigh@5"]),
            visit(&kb, "2026-11-10", &["right.sole@4"]),
            visit(&kb, "2026-11-17", &["left.lateral_thigh@3"]),
            visit(&kb, "2026-11-24", &["right.posterior_calf@5", "left.groin@2"]),
        ];
        let v = run(&kb, &jumping);
        assert_eq!((v.trend, v.from, v.to), (Trend::Mixed, Some(Level::Thigh), Some(Level::Leg)));
        assert!(v.sentence.contains("thigh, then foot, then thigh, then lower leg"), "{}", v.sentence);
        assert!(v.sentence.contains("No clear trend"), "{}", v.sentence);

        // A long back and forth is summed up, and repeated levels are said once.
        let mut long = Vec::new();
        for week in 0..10 {
            let area = if week % 2 == 0 { "left.posterior_thigh@4" } else { "left.heel@4" };
            long.push(visit(&kb, &format!("2026-0{}-01", week % 9 + 1), &[area]));
            long.push(visit(&kb, &format!("2026-0{}-02", week % 9 + 1), &[area]));
        }
        let v = run(&kb, &long);
        assert_eq!(v.trend, Trend::Mixed);
        assert!(v.sentence.contains("moved both up and down the leg 9 times"), "{}", v.sentence);
        let v = run(&kb, &[jumping[0].clone(), jumping[0].clone(), jumping[1].clone(), jumping[2].clone()]);
        assert!(v.sentence.contains("(thigh, then foot, then thigh)"), "{}", v.sentence);

        let one = run(&kb, &jumping[..1]);
        assert_eq!(one.trend, Trend::FirstVisit);
    }

    #[test]
    fn comparing_two_visits_labels_every_area() {
        let kb = kb();
        let before = visit(&kb, "2026-11-03", &["left.buttock@7", "left.posterior_thigh@4", "left.heel@3", "saddle"]);
        let after = visit(&kb, "2026-11-17", &["left.buttock@5", "left.posterior_thigh@6", "left.groin@2", "saddle@1"]);
        let changes = compare(&kb, &before, &after);
        let got: Vec<(&str, Change, Option<i8>)> =
            changes.iter().map(|c| (c.area.as_str(), c.change, c.delta)).collect();
        assert_eq!(
            got,
            [
                ("left.buttock", Change::Better, Some(-2)),
                ("left.posterior_thigh", Change::Worse, Some(2)),
                ("left.groin", Change::New, None),
                ("saddle", Change::NotRated, None),
                ("left.heel", Change::Gone, None),
            ]
        );
        let lines = change_lines(&kb, &before, &after);
        assert_eq!(lines[0], "Worst pain down from 7/10 to 6/10.");
        assert!(lines.contains(&"Better: Left buttock (7/10 to 5/10).".to_string()), "{lines:?}");
        assert!(lines.contains(&"No longer marked: Left heel.".to_string()), "{lines:?}");
    }

    #[test]
    fn the_drawing_tags_each_area_with_its_change_in_level() {
        let kb = kb();
        let before = visit(
            &kb,
            "2026-11-03",
            &["left.buttock@7", "left.posterior_thigh@4", "left.heel@3", "saddle", "low_back@2"],
        );
        let after = visit(
            &kb,
            "2026-11-17",
            &["left.buttock@4", "left.posterior_thigh@6", "right.groin@2", "saddle@1", "low_back@2"],
        );
        let c = drawing_comparison(&kb, &before, &after);
        let tags: Vec<(&str, Side, &str, ChangeTone)> =
            c.tags.iter().map(|t| (t.id.as_str(), t.side, t.text.as_str(), t.tone)).collect();
        assert_eq!(
            tags,
            [
                ("buttock", Side::Left, "better \u{2212}3", ChangeTone::Better),
                ("posterior_thigh", Side::Left, "worse +2", ChangeTone::Worse),
                ("groin", Side::Right, "new", ChangeTone::New),
                ("saddle", Side::Midline, "not rated", ChangeTone::Same),
                ("low_back", Side::Midline, "same", ChangeTone::Same),
                ("heel", Side::Left, "gone", ChangeTone::Gone),
            ]
        );
        let earlier: Vec<(&str, Side)> = c.earlier.iter().map(|(id, side)| (id.as_str(), *side)).collect();
        assert_eq!(
            earlier,
            [
                ("buttock", Side::Left),
                ("posterior_thigh", Side::Left),
                ("heel", Side::Left),
                ("saddle", Side::Midline),
                ("low_back", Side::Midline)
            ]
        );
        assert_eq!(c.tag("heel", Side::Left).map(|t| t.text.as_str()), Some("gone"));
        assert_eq!(c.tag("heel", Side::Right), None, "the other side was never marked");
        // The same visit twice: nothing changed, nothing new or gone.
        let same = drawing_comparison(&kb, &after, &after);
        assert!(same.tags.iter().all(|t| t.tone == ChangeTone::Same), "{same:?}");
    }

    #[test]
    fn summaries_give_worst_mean_count_extent_and_level() {
        let kb = kb();
        let map = BodyMap::builtin().expect("map");
        let sizes = AreaSizes::from_map(&map);
        let v =
            visit(&kb, "2026-11-03", &["left.buttock@7", "left.posterior_thigh@4", "left.lateral_foot", "low_back@0"]);
        let s = summarize(&kb, Some(&sizes), &v);
        assert_eq!((s.areas, s.worst, s.level), (4, Some(7), Some(Level::Foot)));
        assert_eq!(s.mean, Some(3.7), "11 / 3, to a tenth");
        assert_eq!(s.level_areas, ["Left outer foot"]);
        let extent = s.extent.expect("sizes");
        assert!(extent > 0.05 && extent < 0.6, "{extent}");
        // The whole leg is all of it; the other leg adds nothing to the share.
        let all: Vec<String> = kb
            .areas
            .iter()
            .filter(|a| a.laterality == crate::knowledge::Laterality::Sided)
            .map(|a| format!("left.{}", a.id))
            .collect();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let whole = summarize(&kb, Some(&sizes), &visit(&kb, "2026-11-03", &all));
        assert!((whole.extent.expect("sizes") - 1.0).abs() < 1e-4, "{:?}", whole.extent);
        assert_eq!(share_words(0.26), "about a quarter");
        assert_eq!(share_words(0.0), "none");
    }

    #[test]
    fn an_earlier_visit_is_chosen_by_number_or_date() {
        let dates: Vec<String> = ["2026-11-03", "2026-11-17", "2026-11-17"].map(String::from).to_vec();
        assert_eq!(earlier_visit(&dates, "1"), Ok(0));
        assert_eq!(earlier_visit(&dates, " 3 "), Ok(2));
        assert_eq!(earlier_visit(&dates, "2026-11-03"), Ok(0));
        let err = |which: &str| earlier_visit(&dates, which).err().unwrap_or_default();
        assert!(err("4").contains("visits 1 to 3 come before"), "{}", err("4"));
        assert!(err("0").contains("no earlier visit 0"), "{}", err("0"));
        assert!(err("2026-11-17").contains("2 or 3"), "{}", err("2026-11-17"));
        assert!(err("2026-12-01").contains("earlier visits are on 2026-11-03"), "{}", err("2026-12-01"));
        assert!(err("last").contains("neither a visit number nor a date"), "{}", err("last"));
        assert!(earlier_visit(&[], "1").is_err_and(|e| e.contains("nothing to compare with")));
    }

    #[test]
    fn the_cited_source_is_in_the_data() {
        assert!(kb().source(CENTRALISATION_SOURCE).is_some());
    }
}
