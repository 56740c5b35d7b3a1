use ittybit::resource;
use serde::Deserialize;

// A typo gets a suggestion; anything else gets the list of valid options.
#[resource(path = "/widgets", filter = WidgetFilters, pagination = true)]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

#[derive(serde::Serialize, Default, Clone)]
pub struct WidgetFilters {}

fn main() {
    // The struct is still emitted: this compiles.
    let _ = Widget { id: String::new() };
}
