//! Exercise figures: forward kinematics, the pose validator's located errors (an angle out of
//! range, a floating figure, a limb through a prop, an unknown exercise), the built-in figures,
//! the SVG they are written as, and the `figures` subcommand.

use crate::common::{TempDir, TempPack};

use sciatica_explorer::figures::model::{Angles, H, forward_kinematics};
use sciatica_explorer::figures::{FIGURE_STYLE, FigureSet};
use sciatica_explorer::knowledge::{DataError, ExerciseKind, KnowledgeBase};

fn kb() -> KnowledgeBase {
    KnowledgeBase::builtin().expect("built-in data loads")
}

/// The errors of a clinic pack holding only `figures.toml` with `text`.
fn pack_errors(text: &str) -> (TempPack, Vec<DataError>) {
    let pack = TempPack::empty("figures");
    pack.write("figures.toml", text);
    match FigureSet::load(&kb(), Some(&pack.dir)) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(errors) => (pack, errors),
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1).unwrap_or_else(|| panic!("{needle:?} not in text"))
}

const LYING: &str = r#"[[figure]]
id = "figure_four_supine"
side = "right"
props = [{ kind = "mat" }]

[[figure.pose]]
name = "start"
pelvis = { pitch = 90 }
rests = ["pelvis on mat", "head on mat", "feet on mat"]
left = { hip_flexion = 45, knee_flexion = 100, ankle_dorsiflexion = -35 }
right = { hip_flexion = 45, knee_flexion = 100, ankle_dorsiflexion = -35 }
arrow = "right.knee"

[[figure.pose]]
name = "end"
pelvis = { pitch = 90 }
rests = ["pelvis on mat", "head on mat", "left.foot on mat"]
left = { hip_flexion = 45, knee_flexion = 100, ankle_dorsiflexion = -35, shoulder_abduction = 25 }
right = { hip_flexion = 100, hip_abduction = 25, hip_rotation = 45, knee_flexion = 110, shoulder_abduction = 25 }
"#;

#[test]
fn a_valid_pack_figure_replaces_the_built_in_one() {
    let pack = TempPack::empty("figures-ok");
    pack.write("figures.toml", LYING);
    let set = FigureSet::load(&kb(), Some(&pack.dir)).unwrap_or_else(|e| panic!("{e:?}"));
    let figure = set.get("figure_four_supine").expect("the figure");
    assert_eq!(figure.record.pose.len(), 2, "the pack's two poses, not the built-in three");
    assert_eq!(figure.pictures(&FIGURE_STYLE).len(), 2);
}

#[test]
fn forward_kinematics_places_the_joints_by_the_proportions() {
    let standing = forward_kinematics(&Angles::default());
    // Thigh 0.245 H and shank 0.246 H straight down from the hip.
    assert!((standing.right.knee.y + 0.245 * H).abs() < 0.5);
    assert!((standing.right.ankle.y + 0.491 * H).abs() < 0.5);
    let mut sitting = Angles::default();
    sitting.right.hip_flexion = 90.0;
    sitting.right.knee_flexion = 90.0;
    let s = forward_kinematics(&sitting);
    assert!((s.right.knee.x - 0.245 * H).abs() < 0.5 && s.right.knee.y.abs() < 0.5, "{:?}", s.right.knee);
    assert!((s.right.ankle.x - 0.245 * H).abs() < 0.5 && (s.right.ankle.y + 0.246 * H).abs() < 0.5);
}

#[test]
fn an_angle_out_of_range_is_an_error_with_file_line_and_field() {
    let text = LYING.replace("right = { hip_flexion = 100,", "right = { hip_flexion = 150,");
    let (pack, errors) = pack_errors(&text);
    let e = errors
        .iter()
        .find(|e| e.field == "figure[figure_four_supine].pose[1].right.hip_flexion")
        .unwrap_or_else(|| panic!("no hip_flexion error in {errors:?}"));
    assert_eq!(e.file, pack.dir.join("figures.toml").display().to_string());
    assert_eq!(e.line, line_of(&text, "hip_flexion = 150"));
    assert!(e.message.contains("150") && e.message.contains("120"), "{e}");
}

#[test]
fn a_floating_figure_is_an_error_at_its_rest() {
    // The legs straight up in the air cannot have their feet on the mat.
    let text = LYING.replacen(
        "left = { hip_flexion = 45, knee_flexion = 100, ankle_dorsiflexion = -35 }\nright = { hip_flexion = 45, knee_flexion = 100, ankle_dorsiflexion = -35 }",
        "left = { hip_flexion = 90 }\nright = { hip_flexion = 90 }",
        1,
    );
    assert_ne!(text, LYING);
    let (_pack, errors) = pack_errors(&text);
    let e = errors
        .iter()
        .find(|e| e.field == "figure[figure_four_supine].pose[0].rests[2]")
        .unwrap_or_else(|| panic!("no floating error in {errors:?}"));
    assert_eq!(e.line, line_of(&text, "\"feet on mat\""));
    assert!(e.message.contains("the feet float"), "{e}");
}

#[test]
fn a_limb_through_a_prop_is_an_error_at_its_pose() {
    // Standing on the floor with a step placed under the right foot: the foot is in the step.
    let text = r#"[[figure]]
id = "front_foot_elevated_lunge"
side = "right"
props = [{ kind = "step", at = "right.foot" }]

[[figure.pose]]
name = "start"
rests = ["left.foot on floor"]

[[figure.pose]]
name = "end"
rests = ["left.foot on floor"]
"#;
    let (_pack, errors) = pack_errors(text);
    let e = errors
        .iter()
        .find(|e| e.field == "figure[front_foot_elevated_lunge].pose[0]" && e.message.contains("goes through the step"))
        .unwrap_or_else(|| panic!("no through-the-step error in {errors:?}"));
    // At the pose's own table, the first `[[figure.pose]]`.
    assert_eq!(e.line, line_of(text, "[[figure.pose]]"));
    assert!(e.message.contains("cm"), "says how deep: {e}");
}

#[test]
fn an_unknown_exercise_a_wrong_side_and_a_missing_prop_are_errors() {
    let text = LYING.replace("id = \"figure_four_supine\"", "id = \"figure_four_supin\"");
    let (_pack, errors) = pack_errors(&text);
    let e = errors.iter().find(|e| e.field == "figure[figure_four_supin].id").expect("an id error");
    assert!(e.message.contains("figure_four_supine"), "suggests the id: {e}");
    assert_eq!(e.line, 2);

    let text = LYING.replace("side = \"right\"", "side = \"right\"\ntint = [\"left.thigh\"]");
    let (_pack, errors) = pack_errors(&text);
    assert!(errors.iter().any(|e| e.field.ends_with(".tint[0]") && e.message.contains("right side")), "{errors:?}");

    let text = LYING.replace("\"head on mat\", \"feet on mat\"", "\"head on mat\", \"feet on chair\"");
    let (_pack, errors) = pack_errors(&text);
    assert!(errors.iter().any(|e| e.field.ends_with("pose[0].rests[2]") && e.message.contains("chair")), "{errors:?}");
}

#[test]
fn every_built_in_figure_validates_and_advice_has_no_figure_on_purpose() {
    let kb = kb();
    let set = FigureSet::builtin(&kb)
        .unwrap_or_else(|errors| panic!("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")));
    let mut drawn = 0;
    for figure in &set.figures {
        let exercise = kb.exercise(&figure.record.id).expect("every figure's exercise exists");
        match figure.no_figure() {
            Some(_) => assert_eq!(exercise.kind, ExerciseKind::Advice, "{}", exercise.id),
            None => {
                let pictures = figure.pictures(&FIGURE_STYLE);
                assert!((2..=4).contains(&pictures.len()), "{}", exercise.id);
                drawn += 1;
            }
        }
    }
    for exercise in kb.exercises.iter().filter(|e| e.kind == ExerciseKind::Advice) {
        assert!(
            set.get(&exercise.id).and_then(|f| f.no_figure()).is_some(),
            "{} is advice: mark it no_figure",
            exercise.id
        );
    }
    assert!(drawn >= 8, "only {drawn} exercises drawn");
}

/// Checks that every tag is closed in order, attributes are quoted and text holds no raw `<`
/// or `&` that is not an entity.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| entity.starts_with(e)),
                "raw & in text: {text}"
            );
        }
        let Some(close) = rest[open..].find('>') else { panic!("unclosed tag at {}", &rest[open..]) };
        let tag = &rest[open + 1..open + close];
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap_or_default().to_string());
        }
        rest = &rest[open + close + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert!(rest.trim().is_empty());
}

#[test]
fn a_pose_is_written_as_well_formed_escaped_svg() {
    let text = LYING.replace("name = \"end\"", "name = \"end\"\nhold = \"<30 s & more>\"");
    let pack = TempPack::empty("figures-svg");
    pack.write("figures.toml", &text);
    let set = FigureSet::load(&kb(), Some(&pack.dir)).unwrap_or_else(|e| panic!("{e:?}"));
    let pictures = set.get("figure_four_supine").expect("figure").pictures(&FIGURE_STYLE);
    let svg = pictures[1].to_svg("Figure <four> & \"more\"", Some(400.0));
    assert_well_formed(&svg);
    assert!(svg.contains("hold &lt;30 s &amp; more&gt;"), "{svg}");
    assert!(svg.contains("<title>Figure &lt;four&gt; &amp;"), "title escaped");
    // Rounded shapes, not sticks: the body is drawn with arcs.
    assert!(svg.matches('A').count() > 20);
    assert!(svg.contains(&FIGURE_STYLE.near.hex()) && svg.contains(&FIGURE_STYLE.far.hex()), "near and far shades");
}

fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
}

#[test]
fn the_figures_command_writes_every_pose_as_svg() {
    let dir = TempDir::new("figures-cli");
    let out = bin().args(["figures", "--id", "figure_four_supine", "-o"]).arg(&dir.0).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let names: Vec<String> = dir.entries().into_iter().filter(|n| n != "contact-sheet.png").collect();
    assert!(
        names.len() >= 2 && names.iter().all(|n| n.starts_with("figure_four_supine-") && n.ends_with(".svg")),
        "{names:?}"
    );
    for name in &names {
        let svg = std::fs::read_to_string(dir.file(name)).expect("read svg");
        assert_well_formed(&svg);
        assert!(svg.contains("<title>Supine figure-four piriformis stretch: "), "{svg}");
    }

    let all = TempDir::new("figures-cli-all");
    let out = bin().args(["figures", "-o"]).arg(&all.0).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("no figure on purpose: see_physical_therapist"), "{stdout}");
    assert!(all.entries().iter().any(|n| n.starts_with("cat_cow-")), "{:?}", all.entries());
}

#[test]
fn the_figures_command_refuses_an_unknown_id_with_suggestions() {
    let dir = TempDir::new("figures-cli-bad");
    let out = bin().args(["figures", "--id", "cat_co", "-o"]).arg(&dir.0).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown exercise `cat_co`") && stderr.contains("cat_cow"), "{stderr}");
    assert!(dir.entries().is_empty());
}

#[test]
fn validate_checks_a_pack_of_figures_only() {
    let pack = TempPack::empty("figures-validate");
    pack.write("figures.toml", LYING);
    let out = bin().args(["validate"]).arg(&pack.dir).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    pack.write("figures.toml", &LYING.replace("knee_flexion = 110", "knee_flexion = 170"));
    let out = bin().args(["validate"]).arg(&pack.dir).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("figures.toml:19:") && stderr.contains("pose[1].right.knee_flexion"), "{stderr}");
}

#[test]
fn the_first_pose_shows_the_exercises_position_equipment_and_side() {
    // The supine figure four drawn standing.
    let text = LYING.replace(
        "pelvis = { pitch = 90 }\nrests = [\"pelvis on mat\", \"head on mat\", \"feet on mat\"]",
        "rests = [\"feet on mat\"]",
    );
    assert_ne!(text, LYING);
    let (_pack, errors) = pack_errors(&text);
    assert!(
        errors
            .iter()
            .any(|e| e.field == "figure[figure_four_supine].pose[0].pelvis" && e.message.contains("lying on the back")),
        "{errors:?}"
    );
    // A chair the exercise does not use.
    let text = LYING
        .replace("props = [{ kind = \"mat\" }]", "props = [{ kind = \"mat\" }, { kind = \"chair\", at = \"pelvis\" }]");
    let (_pack, errors) = pack_errors(&text);
    assert!(errors.iter().any(|e| e.field.ends_with("props[1].kind") && e.message.contains("no chair")), "{errors:?}");
    // Done one side at a time, but no side named.
    let text = LYING.replace("side = \"right\"\n", "");
    let (_pack, errors) = pack_errors(&text);
    assert!(
        errors.iter().any(|e| e.field == "figure[figure_four_supine].id" && e.message.contains("`side`")),
        "{errors:?}"
    );
}

#[test]
fn the_new_angles_out_of_range_are_errors_with_file_line_and_field() {
    // A foot turned in beyond 35° (inversion) and a pelvis tipped sideways beyond 30°.
    let text = LYING
        .replace(
            "hip_rotation = 45, knee_flexion = 110,",
            "hip_rotation = 45, knee_flexion = 110, foot_inversion = 50,",
        )
        .replacen("pelvis = { pitch = 90 }", "pelvis = { pitch = 90, tilt = 40 }", 1);
    let (pack, errors) = pack_errors(&text);
    let inversion = errors
        .iter()
        .find(|e| e.field == "figure[figure_four_supine].pose[1].right.foot_inversion")
        .unwrap_or_else(|| panic!("no foot_inversion error in {errors:?}"));
    assert_eq!(inversion.file, pack.dir.join("figures.toml").display().to_string());
    assert_eq!(inversion.line, line_of(&text, "foot_inversion = 50"));
    assert!(inversion.message.contains("50") && inversion.message.contains("35"), "{inversion}");
    let tilt = errors
        .iter()
        .find(|e| e.field == "figure[figure_four_supine].pose[0].pelvis.tilt")
        .unwrap_or_else(|| panic!("no tilt error in {errors:?}"));
    assert_eq!(tilt.line, line_of(&text, "tilt = 40"));
    assert!(tilt.message.contains("40") && tilt.message.contains("30"), "{tilt}");
    // Eversion (negative) has its own, smaller, range.
    let text = LYING.replace("knee_flexion = 110,", "knee_flexion = 110, foot_inversion = -20,");
    let (_pack, errors) = pack_errors(&text);
    assert!(
        errors.iter().any(|e| e.field.ends_with("pose[1].right.foot_inversion") && e.message.contains("-15")),
        "{errors:?}"
    );
}

#[test]
fn a_limb_through_the_body_is_an_error_but_an_ankle_on_the_knee_is_not() {
    // The figure four done wrongly: the right leg crossed through the left thigh instead of the
    // ankle resting on the knee.
    let text = LYING.replace(
        "right = { hip_flexion = 100, hip_abduction = 25, hip_rotation = 45, knee_flexion = 110, shoulder_abduction = 25 }",
        "right = { hip_flexion = 60, hip_abduction = -20, hip_rotation = 45, knee_flexion = 90 }",
    );
    assert_ne!(text, LYING);
    let (pack, errors) = pack_errors(&text);
    let e = errors
        .iter()
        .find(|e| {
            e.field == "figure[figure_four_supine].pose[1]"
                && e.message.contains("the right shin goes through the left thigh")
        })
        .unwrap_or_else(|| panic!("no body-contact error in {errors:?}"));
    assert_eq!(e.file, pack.dir.join("figures.toml").display().to_string());
    assert_eq!(e.line, line_of(&text, "name = \"end\"") - 1, "at the pose's table");
    assert!(e.message.contains("cm"), "says how deep: {e}");
    // The right ankle resting on the left knee (LYING's end pose) and hands on the body are fine.
    let pack = TempPack::empty("figures-contact-ok");
    pack.write("figures.toml", LYING);
    FigureSet::load(&kb(), Some(&pack.dir)).unwrap_or_else(|e| panic!("{e:?}"));
    let pack = TempPack::empty("figures-hands-ok");
    let hands = LYING.replace(
        "right = { hip_flexion = 100, hip_abduction = 25, hip_rotation = 45, knee_flexion = 110, shoulder_abduction = 25 }",
        "right = { hip_flexion = 100, hip_abduction = 25, hip_rotation = 45, knee_flexion = 110, shoulder_flexion = 45, elbow_flexion = 5 }",
    );
    pack.write("figures.toml", &hands);
    FigureSet::load(&kb(), Some(&pack.dir)).unwrap_or_else(|e| panic!("a hand on the knee: {e:?}"));
}

#[test]
fn a_pose_that_moves_without_an_arrow_or_with_a_still_one_is_an_error() {
    let text = LYING.replace("arrow = \"right.knee\"\n", "");
    assert_ne!(text, LYING);
    let (_pack, errors) = pack_errors(&text);
    let e = errors
        .iter()
        .find(|e| e.field == "figure[figure_four_supine].pose[0]" && e.message.contains("no `arrow`"))
        .unwrap_or_else(|| panic!("no missing-arrow error in {errors:?}"));
    assert_eq!(e.line, line_of(&text, "[[figure.pose]]"));
    // An arrow on a point that stays put (the left foot) shows nothing.
    let text = LYING.replace("arrow = \"right.knee\"", "arrow = \"head\"");
    let (_pack, errors) = pack_errors(&text);
    let e = errors
        .iter()
        .find(|e| e.field == "figure[figure_four_supine].pose[0].arrow")
        .unwrap_or_else(|| panic!("no still-arrow error in {errors:?}"));
    assert_eq!(e.line, line_of(&text, "arrow = \"head\""));
    assert!(e.message.contains("the head moves only"), "{e}");
}

#[test]
fn every_moving_pose_draws_its_arrow_and_the_figure_four_middle_one_too() {
    let set = FigureSet::builtin(&kb()).unwrap_or_else(|e| panic!("{e:?}"));
    let arrow = format!("fill=\"{}\"", FIGURE_STYLE.arrow.hex());
    for figure in set.figures.iter().filter(|f| f.no_figure().is_none()) {
        let pictures = figure.pictures(&FIGURE_STYLE);
        for (i, pose) in figure.record.pose.iter().enumerate() {
            if pose.arrow.is_some() {
                let svg = pictures[i].to_svg("pose", None);
                assert!(svg.contains(&arrow), "{} pose {i} has an arrow in the data but none drawn", figure.record.id);
            }
        }
    }
    let four = set.get("figure_four_supine").expect("figure four").pictures(&FIGURE_STYLE);
    assert!(four[1].to_svg("middle", None).contains(&arrow), "the figure four's middle pose shows where the knee goes");
}

/// The hold marker's text size as a share of its picture's height, the way a picture is shown
/// (fitted into a box 1.75 times as wide as high).
fn hold_share(svg: &str, view_box: egui::Rect) -> f32 {
    let at = svg.find("<text").expect("a hold marker");
    let size: f32 = svg[at..]
        .split("font-size=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("a font size");
    let shown_height = view_box.height().max(view_box.width() / 1.75);
    size / shown_height
}

#[test]
fn the_hold_marker_reads_at_the_same_size_on_a_standing_and_a_lying_figure() {
    let set = FigureSet::builtin(&kb()).unwrap_or_else(|e| panic!("{e:?}"));
    let mut shares = Vec::new();
    for id in ["wall_sit_flat_back", "standing_ql_stretch", "figure_four_supine", "knee_to_chest"] {
        let pictures = set.get(id).expect(id).pictures(&FIGURE_STYLE);
        let held = pictures.iter().rfind(|p| p.to_svg("x", None).contains("hold ")).expect("a held pose");
        let share = hold_share(&held.to_svg("x", None), held.view_box);
        // About 3 mm on the handout's 32 mm pictures, never the 1 mm it was on a standing figure.
        assert!(share > 0.07, "{id}: the hold marker is {share} of the picture's height");
        shares.push(share);
    }
    let (lo, hi) = shares.iter().fold((f32::MAX, 0.0f32), |(lo, hi), s| (lo.min(*s), hi.max(*s)));
    assert!(hi / lo < 1.6, "hold markers from {lo} to {hi} of their pictures");
    // The words fit the picture: a narrow standing figure is widened for them.
    let ql = set.get("standing_ql_stretch").expect("ql").pictures(&FIGURE_STYLE);
    let r = ql[1].view_box;
    assert!(r.width() > 0.9 * r.height() * 0.5, "{r:?}");
}

#[test]
fn a_pose_picture_is_compact_svg() {
    let set = FigureSet::builtin(&kb()).unwrap_or_else(|e| panic!("{e:?}"));
    let (mut total, mut count) = (0, 0);
    for figure in set.figures.iter().filter(|f| f.no_figure().is_none()) {
        for (k, picture) in figure.pictures(&FIGURE_STYLE).iter().enumerate() {
            let svg = picture.svg_content(&format!("p{k}"), Some("hatch"));
            // Each limb's shape is defined once and used for its outline and its fill.
            assert!(svg.contains("<defs>") && svg.contains("<use href=\"#p"), "{}", figure.record.id);
            let decimals = svg.split(" d=\"").skip(1).any(|d| d.split('"').next().unwrap_or_default().contains('.'));
            assert!(!decimals, "whole units in the path data of {}", figure.record.id);
            total += svg.len();
            count += 1;
        }
    }
    let mean = total / count.max(1);
    assert!(mean < 5 * 1024, "a pose takes {mean} bytes on average");
}

#[test]
fn the_figures_command_writes_a_contact_sheet_png() {
    let dir = TempDir::new("figures-sheet");
    let out = bin().args(["figures", "-o"]).arg(&dir.0).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(dir.file("contact-sheet.png")).expect("the contact sheet");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    // Width and height from the IHDR chunk: a sheet as wide as two rows of poses, tall enough
    // for every exercise's row.
    let be = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (width, height) = (be(16), be(20));
    assert!(width >= 1600 && height > width, "{width} × {height}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("contact sheet"), "{stdout}");
    // A sheet of one exercise, too, beside its pictures.
    let one = TempDir::new("figures-sheet-one");
    let out = bin().args(["figures", "--id", "cat_cow", "-o"]).arg(&one.0).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(one.entries().iter().any(|n| n == "contact-sheet.png"), "{:?}", one.entries());
}

#[test]
fn the_contact_sheet_svg_names_every_drawn_exercise() {
    let kb = kb();
    let set = FigureSet::builtin(&kb).unwrap_or_else(|e| panic!("{e:?}"));
    let all: Vec<_> = set.figures.iter().collect();
    let svg = sciatica_explorer::figures::sheet::contact_sheet_svg(&kb, &all);
    assert_well_formed(&svg);
    for figure in &set.figures {
        let name = sciatica_explorer::export::html_escape(&kb.exercise(&figure.record.id).expect("exercise").name);
        assert_eq!(svg.contains(&format!(">{name}</text>")), figure.no_figure().is_none(), "{}", figure.record.id);
    }
}

#[test]
fn a_pelvis_that_turns_gets_a_curved_arrow_round_it_and_a_moving_knee_a_straight_one() {
    let set = FigureSet::builtin(&kb()).unwrap_or_else(|e| panic!("{e:?}"));
    let arrow_paths = |id: &str, pose: usize| -> Vec<String> {
        let svg = set.get(id).expect(id).pictures(&FIGURE_STYLE)[pose].to_svg("x", None);
        let stroke = format!("stroke=\"{}\"", FIGURE_STYLE.arrow.hex());
        svg.lines()
            .filter(|l| l.starts_with("<path d=\"") && l.contains(&stroke) && l.contains("fill=\"none\""))
            .map(|l| l.split('"').nth(1).unwrap_or_default().to_string())
            .collect()
    };
    // Tipping the pelvis turns it about itself: an arc.
    let tilt = arrow_paths("pelvic_tilts_circles", 0);
    assert!(tilt.len() == 1 && tilt[0].contains('A'), "{tilt:?}");
    // Lifting a knee moves it: a curved shaft (a quadratic), not an arc round the knee.
    let knee = arrow_paths("knee_to_chest", 0);
    assert!(knee.len() == 1 && knee[0].contains('Q') && !knee[0].contains('A'), "{knee:?}");
}
