//! The baselines for cold-start measurements (`benches/cold_start.sh`): an eframe window with the
//! same features and size as the explorer that draws nothing, or, with `--label`, the least a real
//! window draws (one panel with one line of text). Like `sciatica-explorer
//! --exit-after-first-frame`, it exits as soon as its first frame has been painted and shown.

struct Baseline {
    label: bool,
    first_frame_done: bool,
}

impl eframe::App for Baseline {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.first_frame_done {
            // The line `sciatica-explorer --exit-after-first-frame` prints at the same point (see
            // `app::first_frame_shown_line`); this example does not link the app, so that it stays
            // a plain eframe program.
            let micros =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros());
            println!("first-frame-shown-unix-us {micros}");
            std::process::exit(0);
        }
        if self.label {
            egui::CentralPanel::default().show(ui, |ui| ui.label("Sciatica Explorer"));
        }
        self.first_frame_done = true;
        // Closing makes eframe start the next frame as soon as this one is shown.
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn main() -> eframe::Result {
    let label = std::env::args().any(|a| a == "--label");
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1500.0, 950.0]),
        persist_window: false,
        ..Default::default()
    };
    eframe::run_native("empty", options, Box::new(move |_cc| Ok(Box::new(Baseline { label, first_frame_done: false }))))
}
