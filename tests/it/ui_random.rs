//! 10 000 random UI actions — clicks, drags, scrolls, keys, typing, resizes — never panic, and
//! the state stays consistent (every selected area is a valid selection, scores stay in range).

use std::sync::Arc;

use egui::{Event, Key, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use proptest::prelude::*;
use sciatica_explorer::app::{ExplorerApp, Settings};
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::AreaRef;

#[derive(Clone, Debug)]
enum UiAction {
    Click(f32, f32),
    Drag(f32, f32, f32, f32),
    Scroll(f32, f32, f32),
    Key(usize, bool),
    Type(String),
    Resize(f32, f32),
}

const KEYS: [Key; 12] = [
    Key::Tab,
    Key::Space,
    Key::Enter,
    Key::Escape,
    Key::ArrowDown,
    Key::ArrowUp,
    Key::ArrowLeft,
    Key::ArrowRight,
    Key::Plus,
    Key::Minus,
    Key::Num0,
    Key::Backspace,
];

fn action() -> impl Strategy<Value = UiAction> {
    prop_oneof![
        6 => (0.0f32..1.0, 0.0f32..1.0).prop_map(|(x, y)| UiAction::Click(x, y)),
        2 => (0.0f32..1.0, 0.0f32..1.0, -200.0f32..200.0, -200.0f32..200.0).prop_map(|(x, y, dx, dy)| UiAction::Drag(x, y, dx, dy)),
        2 => (0.0f32..1.0, 0.0f32..1.0, -400.0f32..400.0).prop_map(|(x, y, d)| UiAction::Scroll(x, y, d)),
        3 => (0usize..KEYS.len(), any::<bool>()).prop_map(|(k, ctrl)| UiAction::Key(k, ctrl)),
        1 => "[a-z ]{0,6}".prop_map(UiAction::Type),
        1 => (320.0f32..2200.0, 240.0f32..1400.0).prop_map(|(w, h)| UiAction::Resize(w, h)),
    ]
}

fn harness() -> Harness<'static, ExplorerApp> {
    let kb = match KnowledgeBase::builtin() {
        Ok(kb) => Arc::new(kb),
        Err(e) => panic!("{e:#?}"),
    };
    let app = ExplorerApp::new(kb, crate::common::window_map(), Settings::default());
    Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut ExplorerApp| app.show(ui), app)
}

fn perform(h: &mut Harness<'static, ExplorerApp>, size: &mut egui::Vec2, action: &UiAction) {
    let at = |x: f32, y: f32| Pos2::new(x * size.x, y * size.y);
    match action {
        UiAction::Click(x, y) => {
            let p = at(*x, *y);
            h.event(Event::PointerMoved(p));
            for pressed in [true, false] {
                h.event(Event::PointerButton {
                    pos: p,
                    button: PointerButton::Primary,
                    pressed,
                    modifiers: Modifiers::NONE,
                });
            }
        }
        UiAction::Drag(x, y, dx, dy) => {
            let p = at(*x, *y);
            let q = p + vec2(*dx, *dy);
            h.event(Event::PointerMoved(p));
            h.event(Event::PointerButton {
                pos: p,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            });
            h.step();
            h.event(Event::PointerMoved(q));
            h.step();
            h.event(Event::PointerButton {
                pos: q,
                button: PointerButton::Primary,
                pressed: false,
                modifiers: Modifiers::NONE,
            });
        }
        UiAction::Scroll(x, y, d) => {
            h.event(Event::PointerMoved(at(*x, *y)));
            h.event(Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: vec2(0.0, *d),
                modifiers: Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
        }
        UiAction::Key(k, ctrl) => {
            let modifiers = if *ctrl { Modifiers::COMMAND } else { Modifiers::NONE };
            h.key_press_modifiers(modifiers, KEYS[*k]);
        }
        UiAction::Type(text) => h.event(Event::Text(text.clone())),
        UiAction::Resize(w, hgt) => {
            *size = vec2(*w, *hgt);
            h.set_size(*size);
        }
    }
    h.step();
}

proptest! {
    // 20 runs × 500 actions = 10 000 random actions.
    #![proptest_config(ProptestConfig { cases: 20, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn random_ui_actions_never_panic(actions in prop::collection::vec(action(), 500)) {
        let mut h = harness();
        let mut size = vec2(1600.0, 1000.0);
        h.run_steps(2);
        for action in &actions {
            perform(&mut h, &mut size, action);
        }
        let app = h.state();
        for selected in &app.ui_state.selection {
            prop_assert!(AreaRef::parse(&app.kb, &selected.area.key()).is_ok());
            prop_assert!(selected.intensity.is_none_or(|i| i <= 10));
        }
        for c in &app.result().candidates {
            prop_assert!(c.score.is_finite() && (0.0..=1.0).contains(&c.score));
        }
        let zoom = app.navigation(sciatica_explorer::knowledge::View::Posterior).zoom;
        prop_assert!(zoom.is_finite() && zoom > 0.0);
    }
}

/// At rest with the default settings (figures animated) and no exercise card open, nothing asks
/// for a frame: a moving figure asks only while it is shown (see `figure_cards`).
#[test]
fn the_window_requests_no_repaint_while_idle() {
    let mut h = harness();
    assert_eq!(h.state().settings.figure_motion, sciatica_explorer::app::state::FigureMotion::Animated);
    // `run` steps until egui stops asking for repaints; a window that repaints forever fails it.
    let steps = h.try_run();
    assert!(steps.is_ok(), "the window keeps requesting repaints while idle: {steps:?}");
    let idle = h.output().viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.repaint_delay);
    assert_eq!(idle, Some(std::time::Duration::MAX), "no repaint is scheduled at rest");
}
