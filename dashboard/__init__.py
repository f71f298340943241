"""The Dash pages and the app factory. Callbacks gather inputs, call casework/insight, and render."""
