use ittybit::{Client, ListParams, resource};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Default, Clone)]
pub struct WidgetFilters {
    pub color: Option<String>,
}

// `filter` for `filters` is one error: the resource keeps its impls, read as if `filters`
// had been written, so the code below adds none of its own.
#[resource(path = "/widgets", filter = WidgetFilters)]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

async fn walk(client: &Client) -> ittybit::Result<()> {
    let widget = Widget::get(client, "w_1").await?;
    let _ = widget.id;
    let page = Widget::list(client, &ListParams::new()).await?;
    let _ = page.items();
    let params = ListParams::new().filters(WidgetFilters::default());
    let mut widgets = Widget::stream(client, &params);
    while let Some(widget) = widgets.try_next().await? {
        let _ = widget.id;
    }
    for widget in Widget::stream(client, &ListParams::new()).blocking() {
        let _ = widget?.id;
    }
    Ok(())
}

fn main() {
    let _ = walk;
}
