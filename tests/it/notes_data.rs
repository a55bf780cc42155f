//! The notes' wording, citations and rule inputs are data (`data/notes.toml`), and so is the
//! sciatic nerve the pathway stories start from: the validator checks them like every other
//! record (file, line, field), a clinic pack may add to a note but never reword or weaken it,
//! and the look-up and the pathway stories read them from the knowledge base.

use crate::common;
use common::{TempPack, data_record};

use sciatica_explorer::knowledge::{DataError, KnowledgeBase, NoteId};
use sciatica_explorer::lookup::{NoteKind, Selection, lookup};
use sciatica_explorer::pathway::{Item, story};

fn dump(errors: &[DataError]) -> String {
    errors.iter().map(|e| format!("  {e}\n")).collect()
}

fn errors_of(result: Result<KnowledgeBase, Vec<DataError>>) -> Vec<DataError> {
    match result {
        Ok(_) => panic!("the broken pack loaded without errors"),
        Err(errors) => errors,
    }
}

fn loaded(result: Result<KnowledgeBase, Vec<DataError>>) -> KnowledgeBase {
    match result {
        Ok(kb) => kb,
        Err(errors) => panic!("the pack should load:\n{}", dump(&errors)),
    }
}

/// The error for `field`, checked to be in `file` on the line holding `marker`.
fn located<'a>(errors: &'a [DataError], pack: &TempPack, file: &str, field: &str, marker: &str) -> &'a DataError {
    let Some(error) = errors.iter().find(|e| e.field == field) else {
        panic!("no error for `{field}`:\n{}", dump(errors))
    };
    let text = pack.read(file);
    let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.contains(marker)).map(|(i, _)| i + 1).collect();
    assert_eq!(lines.len(), 1, "marker {marker:?} must be on one line of {file}");
    assert_eq!(error.file, pack.dir.join(file).display().to_string(), "{error}");
    assert_eq!(error.line, lines[0], "{error}");
    error
}

fn select(kb: &KnowledgeBase, areas: &[&str]) -> Selection {
    match Selection::parse_args(kb, areas) {
        Ok(selection) => selection,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_note_the_app_shows_has_its_wording_in_the_built_in_data() {
    let kb = common::builtin_kb();
    for id in NoteId::ALL {
        let Some(note) = kb.note(id) else { panic!("no `{}` in data/notes.toml", id.as_str()) };
        assert!(!note.text.trim().is_empty() && !note.cites.is_empty(), "{note:?}");
    }
    let overlap = kb.note(NoteId::RootOverlap).map(|n| n.roots.clone());
    assert_eq!(overlap, Some(vec!["L5".to_string(), "S1".to_string()]));
    assert_eq!(kb.sciatic_trunk().map(|n| n.id.as_str()), Some("sciatic"));
}

#[test]
fn unknown_sources_roots_and_note_ids_are_located_errors() {
    let pack = TempPack::copy("notes-broken");
    pack.edit_after("notes.toml", "id = \"education\"", "cites = [\"albert_2019\"]", "cites = [\"albert_2091\"]");
    pack.edit_after("notes.toml", "id = \"l5_s1_overlap\"", "roots = [\"L5\", \"S1\"]", "roots = [\"L5\", \"S7\"]");
    pack.edit_after("notes.toml", "id = \"groups\"", "id = \"groups\"", "id = \"grups\"");
    let errors = errors_of(KnowledgeBase::from_dir(&pack.dir));

    let cite = located(&errors, &pack, "notes.toml", "note[education].cites[0]", "albert_2091");
    assert!(cite.message.contains("unknown source `albert_2091`"), "{cite}");
    let root = located(&errors, &pack, "notes.toml", "note[l5_s1_overlap].roots[1]", "S7");
    assert!(root.message.contains("unknown root `S7`"), "{root}");
    let id = located(&errors, &pack, "notes.toml", "note[grups].id", "grups");
    assert!(id.message.contains("unknown note `grups`") && id.message.contains("groups"), "{id}");
    // The misspelt note leaves `groups` missing: said once for the file, naming the note.
    let missing = errors.iter().find(|e| e.message.contains("missing note `groups`"));
    assert!(missing.is_some_and(|e| e.file.ends_with("notes.toml")), "{}", dump(&errors));
    assert_eq!(errors.len(), 4, "{}", dump(&errors));
}

#[test]
fn the_overlap_note_names_two_roots_and_only_the_plexus_step_has_a_title() {
    let pack = TempPack::copy("notes-shape");
    pack.edit_after("notes.toml", "id = \"l5_s1_overlap\"", "roots = [\"L5\", \"S1\"]", "roots = [\"L5\"]");
    pack.edit_after("notes.toml", "id = \"groups\"", "text = ", "title = \"Groups\"\ntext = ");
    let errors = errors_of(KnowledgeBase::from_dir(&pack.dir));
    located(&errors, &pack, "notes.toml", "note[l5_s1_overlap].roots", "roots = [\"L5\"]");
    located(&errors, &pack, "notes.toml", "note[groups].title", "title = \"Groups\"");
    assert_eq!(errors.len(), 2, "{}", dump(&errors));
}

#[test]
fn there_is_exactly_one_sciatic_nerve_without_a_parent() {
    let pack = TempPack::copy("two-trunks");
    pack.edit_after("nerves.toml", "id = \"tibial\"", "parent = \"sciatic\"\n", "");
    pack.edit_after("nerves.toml", "id = \"tibial\"", "sciatic = true", "sciatic = true # tibial");
    let errors = errors_of(KnowledgeBase::from_dir(&pack.dir));
    let error = located(&errors, &pack, "nerves.toml", "nerve[tibial].sciatic", "sciatic = true # tibial");
    assert!(error.message.contains("`sciatic` is the sciatic nerve"), "{error}");
    assert_eq!(errors.len(), 1, "{}", dump(&errors));
}

#[test]
fn the_look_up_takes_the_notes_wording_and_citations_from_the_data() {
    let pack = TempPack::empty("notes-amended");
    let education = data_record("notes.toml", "note", "education")
        .replace("text = \"This is", "text = \"Our clinic's own words first. This is")
        .replace("cites = [\"albert_2019\"]", "cites = [\"albert_2019\", \"koes_2007\"]");
    pack.write("notes.toml", &education);
    let kb = loaded(KnowledgeBase::with_pack(&pack.dir));
    let result = lookup(&kb, &Selection::default());
    let Some(note) = result.note(NoteKind::Education) else { panic!("no education note") };
    assert!(note.text.starts_with("Our clinic's own words first. This is education"), "{}", note.text);
    assert_eq!(note.id, "education");
    assert_eq!(note.sources.iter().map(|s| &**s).collect::<Vec<_>>(), ["albert_2019", "koes_2007"]);
}

#[test]
fn the_overlap_caveat_and_its_checks_follow_the_roots_the_data_names() {
    let kb = common::builtin_kb();
    // The back of the calf and the top of the foot: both L5 and S1 fit.
    let selection = select(&kb, &["left.posterior_calf", "left.dorsum_foot"]);
    let result = lookup(&kb, &selection);
    let note = result.note(NoteKind::RootOverlap);
    assert!(note.is_some_and(|n| n.id == "l5_s1_overlap"), "{:?}", result.notes);
    let pair = |d: &sciatica_explorer::lookup::Distinction| {
        let mut ids = [d.between[0].to_string(), d.between[1].to_string()];
        ids.sort();
        ids
    };
    assert!(result.distinguish.iter().any(|d| pair(d) == ["L5", "S1"]), "{:?}", result.distinguish);
}

#[test]
fn a_clinic_pack_may_add_to_a_note_but_not_reword_it_drop_a_citation_or_move_its_roots() {
    let pack = TempPack::empty("notes-weakened");
    let education = data_record("notes.toml", "note", "education")
        .replace("This is education, not a diagnosis.", "This is a diagnosis.");
    let overlap = data_record("notes.toml", "note", "l5_s1_overlap")
        .replace("roots = [\"L5\", \"S1\"]", "roots = [\"L4\", \"S1\"]")
        .replace("cites = [\"albert_2019\", \"lee_2008\"]", "cites = [ \"albert_2019\" ]");
    pack.write("notes.toml", &format!("{education}\n{overlap}"));
    let errors = errors_of(KnowledgeBase::with_pack(&pack.dir));
    let rule = |field: &str, marker: &str| {
        let error = located(&errors, &pack, "notes.toml", field, marker);
        assert!(error.message.contains("a clinic pack may not"), "{error}");
    };
    rule("note[education].text", "This is a diagnosis.");
    rule("note[l5_s1_overlap].roots", "roots = ");
    rule("note[l5_s1_overlap].cites", "cites = [ \"albert_2019\" ]");
    assert_eq!(errors.len(), 3, "{}", dump(&errors));
}

#[test]
fn the_pathway_story_takes_the_plexus_step_and_the_sciatic_nerve_from_the_data() {
    let pack = TempPack::empty("plexus");
    let plexus = data_record("notes.toml", "note", "sacral_plexus")
        .replace("title = \"Sacral plexus\"", "title = \"Sacral plexus (nerve network)\"")
        .replace("cites = [", "cites = [\"moores_anatomy\", ");
    pack.write("notes.toml", &plexus);
    let kb = loaded(KnowledgeBase::with_pack(&pack.dir));
    let steps = story(&kb, &Item::Root("S1".to_string()));
    let Some(step) = steps.iter().find(|s| s.title.starts_with("Sacral plexus")) else {
        panic!("no plexus step: {steps:?}")
    };
    assert_eq!(step.title, "Sacral plexus (nerve network)");
    assert_eq!(step.sources.first().map(|s| &**s), Some("moores_anatomy"));
    // S1 feeds the sciatic nerve, which the data marks as the trunk (sciatic, no parent).
    assert!(steps.iter().any(|s| s.title == kb.nerve("sciatic").map_or("", |n| n.name.as_str())), "{steps:?}");
}
