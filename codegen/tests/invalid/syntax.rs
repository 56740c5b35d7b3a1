pub struct Widget {
    pub id: String,
