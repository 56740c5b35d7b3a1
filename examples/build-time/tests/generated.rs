//! The generated methods have the documented signatures and prepare the documented requests.

use ittybit_example_build::{NewWidget, Sprocket, Widget, WidgetFilters, WidgetUpdate};
use ittybit_runtime::{Call, Client, ItemStream, ListParams, Page, PageStream, Resource};

fn client() -> Client {
    Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap()
}

fn request<T>(call: &Call<T>) -> String {
    format!("{call:?}")
}

#[test]
fn signatures_and_requests() {
    let client = client();
    let params = ListParams::new().filters(WidgetFilters {
        name: Some("gear".into()),
    });

    let get: Call<Widget> = Widget::get(&client, "wdg_1");
    assert_eq!(
        request(&get),
        r#"Call { method: GET, path: "/widgets/wdg_1", .. }"#
    );
    let list: Call<Page<Widget>> = Widget::list(&client, &params);
    assert_eq!(
        request(&list),
        r#"Call { method: GET, path: "/widgets", .. }"#
    );
    let stream: ItemStream<Widget> = Widget::stream(&client, &params);
    assert_eq!(stream.cursor().unwrap().path(), "/widgets");
    let pages: PageStream<Widget> = Widget::pages(&client, &params);
    assert_eq!(pages.cursor().unwrap().path(), "/widgets");
    let create: Call<Widget> = Widget::create(&client, &NewWidget { name: "g".into() });
    assert_eq!(
        request(&create),
        r#"Call { method: POST, path: "/widgets", .. }"#
    );
    let update: Call<Widget> = Widget::update(&client, "wdg_1", &WidgetUpdate::default());
    assert_eq!(
        request(&update),
        r#"Call { method: PATCH, path: "/widgets/wdg_1", .. }"#
    );
    let delete: Call<()> = Widget::delete(&client, "wdg_1");
    assert_eq!(
        request(&delete),
        r#"Call { method: DELETE, path: "/widgets/wdg_1", .. }"#
    );
    let polish: Call<Widget> = Widget::polish(&client, "wdg_1");
    assert_eq!(
        request(&polish),
        r#"Call { method: POST, path: "/widgets/wdg_1/polish", .. }"#
    );

    let sprockets: Call<Page<Sprocket>> = Sprocket::list(&client, &ListParams::new());
    assert_eq!(
        request(&sprockets),
        r#"Call { method: GET, path: "/widgets/sprockets", .. }"#
    );
}

#[test]
fn the_resource_impl() {
    assert_eq!(Widget::PATH, "/widgets");
    let widget = Widget {
        id: "wdg_9".into(),
        name: "n".into(),
        shine: 3,
    };
    assert_eq!(widget.id(), "wdg_9");
    let _: fn() -> WidgetFilters = <Widget as Resource>::Filters::default;
}

#[test]
fn the_generated_file_is_the_codegen_output() {
    let generated = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/widgets.rs")).unwrap();
    assert!(generated.starts_with("// Generated from resources/widgets.rs by ittybit-codegen."));
    assert!(generated.contains("impl ::ittybit_runtime::Resource for Widget {"));
    assert!(!generated.contains("#[resource"));
}
