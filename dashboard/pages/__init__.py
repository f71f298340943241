"""One module per page: `layout(ctx)` and `register(app, ctx)`."""
