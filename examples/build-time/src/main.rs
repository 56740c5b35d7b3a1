//! Prints the requests the generated methods prepare (nothing is sent).

use ittybit_example_build::{NewWidget, Sprocket, Widget, WidgetFilters, WidgetUpdate};
use ittybit_runtime::{Client, ListParams, Resource};

fn main() -> ittybit_runtime::Result<()> {
    let client = Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:9")
        .build()?;
    let filters = WidgetFilters {
        name: Some("gear".into()),
    };
    println!("{} and {}", Widget::PATH, Sprocket::PATH);
    println!("{:?}", Widget::get(&client, "wdg_1"));
    println!(
        "{:?}",
        Widget::list(&client, &ListParams::new().filters(filters))
    );
    println!(
        "{:?}",
        Widget::create(
            &client,
            &NewWidget {
                name: "gear".into()
            }
        )
    );
    println!(
        "{:?}",
        Widget::update(&client, "wdg_1", &WidgetUpdate::default())
    );
    println!("{:?}", Widget::delete(&client, "wdg_1"));
    println!("{:?}", Widget::polish(&client, "wdg_1"));
    println!("{:?}", Sprocket::list(&client, &ListParams::new()));
    Ok(())
}
