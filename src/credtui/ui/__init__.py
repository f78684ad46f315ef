"""The Textual UI. It imports the core; the core never imports it."""
