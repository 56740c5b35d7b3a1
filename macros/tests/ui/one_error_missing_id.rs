use ittybit::{Client, ListParams, resource};
use serde::Deserialize;

// No `id` field is one error: the resource keeps its impls and its methods take an id, so
// the code below adds none of its own.
#[resource(path = "/widgets", delete)]
#[derive(Deserialize)]
pub struct Widget {
    pub uid: String,
}

async fn walk(client: &Client) -> ittybit::Result<()> {
    let widget = Widget::get(client, "w_1").await?;
    let _ = widget.uid;
    Widget::delete(client, "w_1").await?;
    let mut widgets = Widget::stream(client, &ListParams::new());
    while let Some(widget) = widgets.try_next().await? {
        let _ = widget.uid;
    }
    for widget in Widget::stream(client, &ListParams::new()).blocking() {
        let _ = widget?.uid;
    }
    Ok(())
}

fn main() {
    let _ = walk;
}
