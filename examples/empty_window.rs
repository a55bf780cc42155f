//! The baseline for cold-start measurements: an empty eframe window with the same features and
//! size as the explorer, closing after its first frame (as `sciatica-explorer --exit-after-first-frame`).

struct Empty;

impl eframe::App for Empty {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1500.0, 950.0]),
        persist_window: false,
        ..Default::default()
    };
    eframe::run_native("empty", options, Box::new(|_cc| Ok(Box::new(Empty))))
}
