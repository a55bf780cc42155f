//! Pathways: what to light up on the drawing for a root, nerve, muscle or cause, and the story
//! from the spine to the skin. Pure; shared by the map, the side panel, the handout and teach mode.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::knowledge::{CauseKind, KnowledgeBase, LinkKind, NoteId, Side};
use crate::lookup::{AreaRef, LookupResult, SelectedArea};
use crate::text::lower_first;

/// Something the user can trace, highlight or point at: a root, a nerve, a muscle, a cause
/// (entrapment sites are causes too) or a pain area. Each kind of id has its own variant, so
/// nothing has to look an id up to learn what it names.
///
/// Stored as the earlier `Focus` was, `{"kind": "nerve", "id": "sural"}` (`"entrapment"` loads
/// as a cause); an area as `{"area": {"base": "heel", "side": "left"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "StoredItem", into = "StoredItem")]
pub enum Item {
    /// A spinal root (`L5`).
    Root(String),
    /// A peripheral nerve (`sural`).
    Nerve(String),
    /// A muscle (`piriformis`).
    Muscle(String),
    /// A cause or an entrapment site (`piriformis_syndrome`).
    Cause(String),
    /// A pain area (pointed at on the drawing; areas are selected, not traced).
    Area(AreaRef),
}

impl Item {
    /// The item a link or a look-up candidate of `kind` points at.
    pub fn from_link(kind: LinkKind, id: impl Into<String>) -> Self {
        let id = id.into();
        match kind {
            LinkKind::Root => Item::Root(id),
            LinkKind::Nerve => Item::Nerve(id),
            LinkKind::Muscle => Item::Muscle(id),
            LinkKind::Entrapment | LinkKind::Cause => Item::Cause(id),
        }
    }

    /// The kind of record it is, for a root, nerve, muscle or cause (not for an area).
    pub fn link_kind(&self) -> Option<LinkKind> {
        match self {
            Item::Root(_) => Some(LinkKind::Root),
            Item::Nerve(_) => Some(LinkKind::Nerve),
            Item::Muscle(_) => Some(LinkKind::Muscle),
            Item::Cause(_) => Some(LinkKind::Cause),
            Item::Area(_) => None,
        }
    }

    /// Its name for the user ("Sural nerve", "Left heel").
    pub fn name(&self, kb: &KnowledgeBase) -> String {
        match self {
            Item::Root(id) => kb.name_of(LinkKind::Root, id),
            Item::Nerve(id) => kb.name_of(LinkKind::Nerve, id),
            Item::Muscle(id) => kb.name_of(LinkKind::Muscle, id),
            Item::Cause(id) => kb.name_of(LinkKind::Cause, id),
            Item::Area(area) => area.label(kb),
        }
    }
}

/// How an [`Item`] is written: the shape the earlier `Focus { kind, id }` had, or an area.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StoredItem {
    Link { kind: LinkKind, id: String },
    Area { area: AreaRef },
}

impl From<StoredItem> for Item {
    fn from(stored: StoredItem) -> Self {
        match stored {
            StoredItem::Link { kind, id } => Item::from_link(kind, id),
            StoredItem::Area { area } => Item::Area(area),
        }
    }
}

impl From<Item> for StoredItem {
    fn from(item: Item) -> Self {
        match item {
            Item::Root(id) => StoredItem::Link { kind: LinkKind::Root, id },
            Item::Nerve(id) => StoredItem::Link { kind: LinkKind::Nerve, id },
            Item::Muscle(id) => StoredItem::Link { kind: LinkKind::Muscle, id },
            Item::Cause(id) => StoredItem::Link { kind: LinkKind::Cause, id },
            Item::Area(area) => StoredItem::Area { area },
        }
    }
}

/// Everything to emphasise on the drawing for a traced [`Item`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    /// Root ids whose paths into the plexus are emphasised.
    pub roots: BTreeSet<String>,
    /// Nerve ids whose courses are emphasised.
    pub nerves: BTreeSet<String>,
    pub muscles: BTreeSet<String>,
    /// Nerve ids whose skin territories are emphasised (peripheral-nerve map).
    pub territories: BTreeSet<String>,
    /// Root ids whose dermatomes are emphasised.
    pub dermatomes: BTreeSet<String>,
    /// The one side lit, for a patient marked on one side only ([`one_side`]); `None` lights
    /// both. Midline structures are lit either way.
    pub side: Option<Side>,
}

impl Highlight {
    /// Whether nothing is lit (whatever the side).
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
            && self.nerves.is_empty()
            && self.muscles.is_empty()
            && self.territories.is_empty()
            && self.dermatomes.is_empty()
    }

    /// The same highlight lit on `side` only (`None`: both sides).
    #[must_use]
    pub fn on_side(mut self, side: Option<Side>) -> Self {
        self.side = side;
        self
    }

    /// Whether a structure drawn on `side` may be lit.
    pub fn lights_side(&self, side: Side) -> bool {
        match self.side {
            None => true,
            Some(only) => side == only || side == Side::Midline,
        }
    }

    /// Whether the nerve `id` drawn on `side` is lit.
    pub fn lights_nerve(&self, id: &str, side: Side) -> bool {
        self.nerves.contains(id) && self.lights_side(side)
    }

    /// Whether the root `id` drawn on `side` is lit.
    pub fn lights_root(&self, id: &str, side: Side) -> bool {
        self.roots.contains(id) && self.lights_side(side)
    }

    /// Whether the muscle `id` drawn on `side` is lit.
    pub fn lights_muscle(&self, id: &str, side: Side) -> bool {
        self.muscles.contains(id) && self.lights_side(side)
    }

    /// Whether the dermatome of root `id` drawn on `side` is lit.
    pub fn lights_dermatome(&self, id: &str, side: Side) -> bool {
        self.dermatomes.contains(id) && self.lights_side(side)
    }

    /// Whether the skin territory of nerve `id` drawn on `side` is lit.
    pub fn lights_territory(&self, id: &str, side: Side) -> bool {
        self.territories.contains(id) && self.lights_side(side)
    }
}

/// The side of a patient marked on one side only: every marked area off the midline is on it
/// (midline areas such as the low back say nothing about a side). `None` when nothing sided is
/// marked or both sides are.
pub fn one_side(selection: &[SelectedArea]) -> Option<Side> {
    let mut sides = selection.iter().map(|s| s.area.side).filter(|s| *s != Side::Midline);
    let first = sides.next()?;
    sides.all(|s| s == first).then_some(first)
}

/// One step of a pathway story: disc or root → plexus → sciatic nerve → branch → skin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathStep {
    /// Short heading ("L5 nerve root").
    pub title: String,
    /// One or two sentences for a patient.
    pub text: String,
    /// What to light up while this step is shown.
    #[serde(skip)]
    pub highlight: Highlight,
    pub sources: Vec<std::sync::Arc<str>>,
}

/// The nerve and its ancestors, from the top of the tree down to it.
fn chain(kb: &KnowledgeBase, nerve: &str) -> Vec<String> {
    let mut chain = vec![nerve.to_string()];
    let mut at = kb.nerve(nerve);
    for _ in 0..kb.nerves.len() {
        let Some(parent) = at.and_then(|n| n.parent.clone()) else { break };
        at = kb.nerve(&parent);
        chain.push(parent);
    }
    chain.reverse();
    chain
}

/// The nerve and every branch below it.
fn descendants(kb: &KnowledgeBase, nerve: &str) -> BTreeSet<String> {
    let mut found: BTreeSet<String> = BTreeSet::from([nerve.to_string()]);
    // Data order is not tree order, so repeat until nothing new is found (bounded by depth).
    for _ in 0..kb.nerves.len() {
        let before = found.len();
        for n in &kb.nerves {
            if n.parent.as_ref().is_some_and(|p| found.contains(p)) {
                found.insert(n.id.clone());
            }
        }
        if found.len() == before {
            break;
        }
    }
    found
}

/// What to emphasise for a traced item: a nerve lights its whole course (ancestors, branches),
/// roots and skin; a root lights its dermatome and every nerve it feeds; a cause lights what it
/// acts on. An area lights nothing (it is marked by selecting it).
pub fn highlight(kb: &KnowledgeBase, item: &Item) -> Highlight {
    let mut h = Highlight::default();
    match item {
        Item::Root(id) => {
            if kb.root(id).is_some() {
                h.roots.insert(id.clone());
                h.dermatomes.insert(id.clone());
                for nerve in kb.nerves.iter().filter(|n| n.roots.contains(id) && n.sciatic) {
                    h.nerves.insert(nerve.id.clone());
                }
            }
        }
        Item::Nerve(id) => add_nerve(kb, id, &mut h),
        Item::Muscle(id) => {
            if let Some(muscle) = kb.muscle(id) {
                h.muscles.insert(muscle.id.clone());
                if let Some(nerve) = &muscle.nerve {
                    h.nerves.extend(chain(kb, nerve));
                }
            }
        }
        Item::Cause(id) => {
            if let Some(cause) = kb.cause(id) {
                h.muscles.extend(cause.muscles.iter().cloned());
                for link in &cause.acts_on {
                    if kb.root(&link.target).is_some() {
                        h.roots.insert(link.target.clone());
                        h.dermatomes.insert(link.target.clone());
                    } else if cause.kind == CauseKind::Entrapment {
                        add_nerve(kb, &link.target, &mut h);
                    } else {
                        h.nerves.insert(link.target.clone());
                    }
                }
            }
        }
        Item::Area(_) => {}
    }
    h
}

fn add_nerve(kb: &KnowledgeBase, id: &str, h: &mut Highlight) {
    let Some(nerve) = kb.nerve(id) else { return };
    h.nerves.extend(chain(kb, id));
    let below = descendants(kb, id);
    h.territories.extend(below.iter().cloned());
    h.nerves.extend(below);
    h.roots.extend(nerve.roots.iter().cloned());
}

/// The story of a traced item for teaching, from the spine down to the skin (none for an area).
pub fn story(kb: &KnowledgeBase, item: &Item) -> Vec<PathStep> {
    story_for(kb, item, None)
}

/// The story teach mode tells for a look-up: as [`story`], but a nerve's or a muscle's story
/// starts at the root the look-up ranks best among the roots the nerve carries, and follows that
/// root alone. An S1 pattern's sciatic nerve story starts at S1, not at L4, the first of the
/// whole nerve's roots.
pub fn teach_story(kb: &KnowledgeBase, item: &Item, result: &LookupResult) -> Vec<PathStep> {
    story_for(kb, item, Some(result))
}

fn story_for(kb: &KnowledgeBase, item: &Item, ranked: Option<&LookupResult>) -> Vec<PathStep> {
    let cites = crate::text::cite_ids;
    let mut steps = Vec::new();
    let (roots, nerve_chain): (Vec<String>, Vec<String>) = match item {
        Item::Root(id) => {
            let trunk = kb.sciatic_trunk().filter(|n| n.roots.contains(id));
            (vec![id.clone()], trunk.map(|n| vec![n.id.clone()]).unwrap_or_default())
        }
        Item::Nerve(id) => {
            let roots = kb.nerve(id).map(|n| n.roots.clone()).unwrap_or_default();
            (roots, chain(kb, id))
        }
        Item::Muscle(id) => {
            let nerve = kb.muscle(id).and_then(|m| m.nerve.clone());
            let roots = nerve.as_deref().and_then(|n| kb.nerve(n)).map(|n| n.roots.clone()).unwrap_or_default();
            (roots, nerve.map(|n| chain(kb, &n)).unwrap_or_default())
        }
        Item::Area(_) => return steps,
        Item::Cause(id) => {
            let Some(cause) = kb.cause(id) else { return steps };
            steps.push(PathStep {
                title: cause.name.clone(),
                text: cause.description.to_string(),
                highlight: highlight(kb, item),
                sources: cites(&cause.cites),
            });
            let roots: Vec<String> =
                cause.acts_on.iter().filter(|l| kb.root(&l.target).is_some()).map(|l| l.target.clone()).collect();
            let nerve = cause.acts_on.iter().find(|l| kb.nerve(&l.target).is_some()).map(|l| l.target.clone());
            (roots, nerve.map(|n| chain(kb, &n)).unwrap_or_default())
        }
    };
    // The patient's pattern picks the root to follow down a nerve that several roots make up.
    let best_ranked_root = ranked.filter(|_| matches!(item, Item::Nerve(_) | Item::Muscle(_))).and_then(|result| {
        result
            .candidates
            .iter()
            .filter(|c| c.kind == LinkKind::Root)
            .find(|c| roots.iter().any(|r| r.as_str() == &*c.id))
    });
    let roots = match best_ranked_root {
        Some(root) => vec![root.id.to_string()],
        None => roots,
    };
    for root_id in &roots {
        if let Some(root) = kb.root(root_id) {
            steps.push(PathStep {
                title: root.name.clone(),
                text: format!(
                    "Leaves the spine and supplies the skin of the {}.",
                    lower_first(root.skin_area.trim_end_matches('.'))
                ),
                highlight: Highlight { roots: BTreeSet::from([root.id.clone()]), ..Highlight::default() },
                sources: cites(&root.cites),
            });
        }
    }
    let sacral = nerve_chain.first().and_then(|n| kb.nerve(n)).is_some_and(|n| n.sciatic || n.accompanies_sciatic);
    if sacral
        && !roots.is_empty()
        && let Some(plexus) = kb.note(NoteId::SacralPlexus)
    {
        steps.push(PathStep {
            title: plexus.title.clone().unwrap_or_default(),
            text: plexus.text.to_string(),
            highlight: Highlight { roots: roots.iter().cloned().collect(), ..Highlight::default() },
            sources: cites(&plexus.cites),
        });
    }
    for (i, nerve_id) in nerve_chain.iter().enumerate() {
        let Some(nerve) = kb.nerve(nerve_id) else { continue };
        let last = i + 1 == nerve_chain.len();
        let mut h = Highlight { nerves: chain(kb, nerve_id).into_iter().collect(), ..Highlight::default() };
        h.roots.extend(roots.iter().cloned());
        steps.push(PathStep {
            title: nerve.name.clone(),
            text: nerve.course.clone(),
            highlight: h,
            sources: cites(&nerve.cites),
        });
        if last && !matches!(item, Item::Root(_)) && nerve.skin.trim() != "—" {
            // The skin alone: the way there was the steps before.
            let skin = Highlight { territories: descendants(kb, nerve_id), ..Highlight::default() };
            steps.push(PathStep {
                title: "Where it is felt".to_string(),
                text: format!("Skin: {}", nerve.skin),
                highlight: skin,
                sources: cites(&nerve.cites),
            });
        }
    }
    if let Item::Root(id) = item
        && let Some(root) = kb.root(id)
    {
        steps.push(PathStep {
            title: "Where it is felt".to_string(),
            text: format!("Dermatome: {}", root.skin_area),
            highlight: Highlight { dermatomes: BTreeSet::from([root.id.clone()]), ..Highlight::default() },
            sources: cites(&root.cites),
        });
    }
    if let Item::Muscle(id) = item
        && let Some(muscle) = kb.muscle(id)
    {
        steps.push(PathStep {
            title: muscle.name.clone(),
            text: if muscle.referral.is_empty() {
                muscle.action.clone()
            } else {
                format!("Refers pain: {}", muscle.referral)
            },
            highlight: Highlight { muscles: BTreeSet::from([muscle.id.clone()]), ..Highlight::default() },
            sources: cites(&muscle.cites),
        });
    }
    steps
}

/// The subjects teach mode offers for a look-up, best first: the ranked nerves, roots, causes
/// and muscles whose story has at least two steps (at most `limit`).
pub fn teach_subjects(kb: &KnowledgeBase, result: &LookupResult, limit: usize) -> Vec<Item> {
    result
        .candidates
        .iter()
        .map(|c| Item::from_link(c.kind, &*c.id))
        .filter(|item| story(kb, item).len() >= 2)
        .take(limit)
        .collect()
}

/// What teach mode tells first: the traced item if any, else the best-ranked nerve (its story
/// runs root → plexus → sciatic nerve → branch → skin), else the best subject, else the sciatic
/// nerve itself (nothing marked yet).
pub fn teach_subject(kb: &KnowledgeBase, result: &LookupResult, traced: Option<&Item>) -> Item {
    if let Some(item) = traced
        && !story(kb, item).is_empty()
    {
        return item.clone();
    }
    let subjects = teach_subjects(kb, result, 12);
    subjects
        .iter()
        .find(|item| matches!(item, Item::Nerve(_)))
        .or(subjects.first())
        .cloned()
        .unwrap_or_else(|| Item::Nerve(kb.sciatic_trunk().map_or_else(String::new, |n| n.id.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookup::{Selection, lookup};

    fn kb() -> KnowledgeBase {
        KnowledgeBase::builtin().unwrap_or_else(|e| panic!("built-in data invalid: {e:#?}"))
    }

    fn marked(kb: &KnowledgeBase, keys: &[&str]) -> Vec<SelectedArea> {
        keys.iter()
            .map(|key| {
                let area = AreaRef::parse(kb, key).unwrap_or_else(|e| panic!("{key}: {e}"));
                SelectedArea { area, intensity: Some(6), numb: false }
            })
            .collect()
    }

    #[test]
    fn an_s1_pattern_tells_the_story_from_the_s1_root() {
        let kb = kb();
        let areas = ["left.buttock", "left.posterior_thigh", "left.posterior_calf", "left.lateral_foot", "left.sole"];
        let result = lookup(&kb, &Selection { areas: marked(&kb, &areas) });
        let subject = teach_subject(&kb, &result, None);
        let steps = teach_story(&kb, &subject, &result);
        let titles: Vec<&str> = steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles.first().copied(), Some("S1 nerve root"), "{subject:?}: {titles:?}");
        assert!(!titles.contains(&"L4 nerve root"), "the S1 story follows S1 alone: {titles:?}");
        assert!(titles.len() >= 4, "root, plexus, nerve, skin: {titles:?}");
        // The nerve steps light the root followed, not the nerve's other roots.
        let roots: BTreeSet<String> = steps.iter().flat_map(|s| s.highlight.roots.iter().cloned()).collect();
        assert_eq!(roots, BTreeSet::from(["S1".to_string()]));
        // Without a look-up the story of a nerve still names every root it carries.
        let whole = story(&kb, &subject);
        assert!(whole.len() > steps.len(), "{:?}", whole.iter().map(|s| &s.title).collect::<Vec<_>>());
    }

    #[test]
    fn where_it_is_felt_lights_the_skin_the_nerve_supplies() {
        let kb = kb();
        let steps = story(&kb, &Item::Nerve("sural".to_string()));
        let felt = steps.last().unwrap_or_else(|| panic!("no steps"));
        assert_eq!(felt.title, "Where it is felt");
        assert!(felt.highlight.territories.contains("sural"));
        assert!(felt.highlight.nerves.is_empty(), "the way down was the steps before");
        assert!(felt.highlight.roots.is_empty());
    }

    #[test]
    fn a_patient_marked_on_one_side_lights_that_side_and_the_midline() {
        let kb = kb();
        assert_eq!(one_side(&marked(&kb, &["left.buttock", "low_back", "left.heel"])), Some(Side::Left));
        assert_eq!(one_side(&marked(&kb, &["right.heel"])), Some(Side::Right));
        assert_eq!(one_side(&marked(&kb, &["left.buttock", "right.heel"])), None, "both sides");
        assert_eq!(one_side(&marked(&kb, &["low_back"])), None, "the midline says nothing of a side");
        assert_eq!(one_side(&[]), None);
        let lit = highlight(&kb, &Item::Nerve("sural".to_string())).on_side(Some(Side::Left));
        assert!(lit.lights_nerve("sural", Side::Left));
        assert!(!lit.lights_nerve("sural", Side::Right));
        assert!(lit.lights_territory("sural", Side::Left) && !lit.lights_territory("sural", Side::Right));
        assert!(lit.lights_side(Side::Midline));
        let both = highlight(&kb, &Item::Nerve("sural".to_string()));
        assert!(both.lights_nerve("sural", Side::Right) && both.lights_nerve("sural", Side::Left));
    }
}
